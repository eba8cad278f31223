"""XSS: text people type never runs as markup or script, in any page, export or PDF.

Every text field a person can type into is filled with script, attribute, URL and
template-injection payloads, through the app's own forms (so their validation and cleaning
apply). Then every GET route of the URL map is visited with real ids, as each role and as
respondents, plain and with payloads in the query string, and each answer is checked:

* HTML: no payload markup appears raw; once parsed (by the HTML5 parser WeasyPrint ships, which
  tokenises as a browser does) no element has an ``on*`` attribute or a ``javascript:`` URL,
  and every ``<script>`` is a file or JSON that parses, holds no raw ``<`` (so user text cannot
  end the element) and hands Plotly user text only entity-escaped; ``{{7*7}}`` is never
  evaluated; and every field is shown somewhere whole, exactly as typed (escaped once).
* Exports (CSV, XLSX, new links as CSV): an attachment of a type no browser renders as a page, with
  ``nosniff``; no cell starts a formula; the typed text is there whole.
* PDFs: the typed text is printed literally (escaped, not laid out as markup), and the images it
  names are never fetched.

Made without a form, and why: survey responses (numbers only, no text; ``make_responses``
goes through the real submission service) and, in the echo tests, the company and campaign
that receive the hostile input (their own text is covered by the walk). Users and the
organisation come from the ``create-user`` command, the only way the app makes them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, unquote, urlencode
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5
from flask import Flask, render_template_string
from flask.testing import FlaskClient, FlaskCliRunner
from markupsafe import Markup
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, latest_versions
from survey_app.models import (
    Action,
    ApiToken,
    Campaign,
    Comment,
    Invitation,
    InvitationKind,
    Organization,
    ProspectAssessment,
    Team,
    User,
    WebhookEndpoint,
)
from survey_app.reports.pdf import html_to_pdf
from tests import factories
from tests.conftest import login
from tests.export_tables import csv_tables
from tests.logos import store_logo

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]  # PDFs

JS = "alert(1)"

# ---- Payloads ----------------------------------------------------------------------------------


def pieces(js: str = JS, trap: str = "") -> list[str]:
    """The payloads, most important first."""
    return [
        f'"><img src=x onerror={js}>',  # out of a double-quoted attribute
        f"' onmouseover='{js}'",  # out of a single-quoted one
        f"</script><script>{js}</script>",  # out of a <script> block, and into a new one
        f"<svg onload={js}>",
        "<!--<script>",  # the tokeniser state in which a later </script> no longer closes
        *([f"<img src={trap}>"] if trap else []),
    ]


def hostile(code: str, limit: int = 200, js: str = JS, trap: str = "") -> str:
    """A text of at most ``limit`` characters carrying every payload that fits.

    It starts as a ``javascript:`` URL (harmful only if a field ever became a link), then the
    field's marker ``<code>{{7*7}}`` (``<code>49`` once evaluated by a template; the code also
    tells which field a leak came from), then the payloads. ``trap``: an image URL that must
    never be fetched."""
    text = f"javascript:{js}//{code}{{{{7*7}}}}"
    for piece in pieces(js, trap):
        if len(text) + len(piece) <= limit:
            text += piece
    return text


def raw_markup(js: str = JS) -> tuple[str, ...]:
    """Payload markup as it would look unescaped in a page."""
    images = ("<img src=x", "<img src=http://127.0.0.1:")  # as the payloads write them
    return (f"<script>{js}", *images, "<svg onload", f"' onmouseover='{js}", '"><img')


def marker(code: str) -> str:
    return f"{code}{{{{7*7}}}}"


# ---- A local server that records every request -------------------------------------------------


@pytest.fixture
def trap() -> Iterator[tuple[str, list[str]]]:
    """An image server: a PDF that loaded an ``<img>`` named in user text would show up here."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()
    server.server_close()


# ---- Checking an HTML page ---------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "ping"}
JSON_BLOCK = re.compile(r'(<script type="application/json"[^>]*>)(.*?)(</script)', re.S | re.I)
URL_NOISE = re.compile(r"[\x00-\x20]+")  # what a browser skips before a URL's scheme
# Payload markup inside a figure, had user text reached Plotly (which reads HTML) unescaped.
PLOTLY_MARKUP = ("<img", "<script", "</script", "<svg", "<!--")
# An entity in decoded text: the text was escaped twice, and people would read "&lt;".
ENTITY = re.compile(r"&(lt|gt|amp|quot|#x?[0-9a-f]+);", re.I)
# The same in a figure: Plotly decodes &lt; &gt; &amp; and numeric entities once, not &quot;.
PLOTLY_ENTITY = re.compile(r"&amp;(lt|gt|amp|quot|#x?[0-9a-f]+);|&quot;", re.I)


def _local(name: str) -> str:
    """A tag or attribute name without its namespace (SVG and MathML are parsed into theirs)."""
    return name.rsplit("}", 1)[-1].lower()


def _strings(value: Any) -> Iterator[str]:
    """Every string inside decoded JSON, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass
class Page:
    """What the checks found in a page, and every decoded text in it."""

    problems: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # text nodes and attribute values
    data: list[str] = field(default_factory=list)  # the strings of its JSON blocks (figures)


def _near(text: str, at: int) -> str:
    return f"…{text[max(0, at - 60) : at + 60]}…"


def read_html(body: str, js: str = JS) -> Page:
    page = Page()
    # Raw payload markup outside the JSON blocks (JSON may hold a quote raw; those blocks are
    # checked below, after parsing).
    outside = JSON_BLOCK.sub(lambda m: m.group(1) + m.group(3), body)
    for raw in raw_markup(js):
        at = outside.find(raw)
        if at >= 0:
            page.problems.append(f"raw {raw!r}: {_near(outside, at)}")

    root: Element = tinyhtml5.parse(body)
    for element in root.iter():
        tag = _local(str(element.tag))
        # A script's own text is checked as a script; the text after it is page text.
        texts = [t for t in (None if tag == "script" else element.text, element.tail) if t]
        for name, value in element.attrib.items():
            attribute = _local(name)
            texts.append(value)
            if attribute.startswith("on") or attribute == "srcdoc":
                page.problems.append(f"<{tag} {attribute}={value[:80]!r}>")
            scheme = URL_NOISE.sub("", value).lower()
            if attribute in URL_ATTRIBUTES and scheme.startswith(("javascript:", "vbscript:")):
                page.problems.append(f"<{tag} {attribute}={value[:80]!r}>")
        if tag in {"iframe", "frame", "object", "embed", "base"}:
            page.problems.append(f"a <{tag}> element")
        if tag == "script":
            _check_script(element, page)
        page.texts += texts
        page.problems += [f"escaped twice: {t[:120]!r}" for t in texts if ENTITY.search(t)]
    # A sentence holds each name it names in a <bdi> (survey_app/bidi.py): read it whole too.
    for element in root.iter():
        if any(_local(str(child.tag)) == "bdi" for child in element):
            page.texts.append("".join(element.itertext()))
    return page


def _check_script(element: Element, page: Page) -> None:
    """A script is a file, or JSON data; the CSP forbids inline script, so any other one here
    would be an injection."""
    text = element.text or ""
    if element.get("src") is not None:
        if text.strip():
            page.problems.append(f"<script src> with a body: {text[:80]!r}")
        return
    if (element.get("type") or "").lower() != "application/json":
        page.problems.append(f"inline <script>: {text[:80]!r}")
        return
    if "<" in text:  # every "<" escaped as \u003c: no "</script" nor "<!--" from user data
        page.problems.append(f"raw '<' in a JSON block: {_near(text, text.find('<'))}")
    try:
        data = json.loads(text)
    except ValueError as exc:
        page.problems.append(f"a JSON block does not parse ({exc}): {text[:80]!r}")
        return
    strings = list(_strings(data))
    page.data += strings
    # Plotly draws a subset of HTML in labels, names and hover texts: user text must reach it
    # entity-escaped (as the chart code does), or a name could bring its own markup.
    for string in strings:
        if any(raw in string.lower() for raw in PLOTLY_MARKUP):
            page.problems.append(f"markup for Plotly in a figure: {string[:120]!r}")
        if PLOTLY_ENTITY.search(string):
            page.problems.append(f"escaped twice for Plotly: {string[:120]!r}")


# ---- Checking downloads ------------------------------------------------------------------------

DOWNLOAD = re.compile(r"\.(csv|xlsx|pdf|zip|pptx)$")
# The organisation's logo: a PNG this app drew itself (survey_app/branding.py), never a page.
IMAGE = re.compile(r"^/branding/logo\.png(\?|$)")
# Types no browser renders as a page (and, with nosniff, never sniffs into one).
DOWNLOAD_TYPES = {
    "text/csv",
    "application/zip",  # the CSV export: one CSV file per table
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",  # a deck
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-\d+(\.\d+)?")


def flat(text: str) -> str:
    """Text without white space: PDF lines wrap wherever the layout breaks them."""
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    # -raw: the text in the order it is drawn. Without it pdftotext joins a line that ends in
    # "-" to the next one and drops the hyphen ("<!--" then "<script>" gives "<!-<script>").
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def pptx_texts(response: Response) -> list[str]:
    """Every text frame of every slide of a deck."""
    from pptx import Presentation

    deck = Presentation(io.BytesIO(response.get_data()))
    return [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]


def cells_of(response: Response) -> list[str]:
    if response.mimetype == "application/zip":  # every CSV file of the archive
        return [
            cell
            for table in csv_tables(response.get_data()).values()
            for row in table
            for cell in row
        ]
    if response.mimetype == "text/csv":
        rows = csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")))
        return [cell for row in rows for cell in row]
    book = load_workbook(io.BytesIO(response.get_data()))
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def download_problems(response: Response, texts: dict[str, str], expected: set[str]) -> list[str]:
    """Headers, formulas, and each field found in the file (by its marker; ``expected`` ones
    must be there) present whole, as typed."""
    problems = []
    if response.mimetype not in DOWNLOAD_TYPES:
        problems.append(f"served as {response.mimetype}")
    if not response.headers.get("Content-Disposition", "").startswith("attachment"):
        problems.append("not an attachment")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.mimetype == PPTX:  # text in slides, where no formula can run
        content = "\n".join(pptx_texts(response))
        wanted = dict(texts)
    elif response.mimetype == "application/pdf":
        content = flat(pdf_text(response.get_data()))
        wanted = {code: flat(text) for code, text in texts.items()}
        problems += [
            f"escaped twice: …{content[max(0, m.start() - 40) : m.end()]}"
            for m in ENTITY.finditer(content)
        ][:3]
    else:
        cells = cells_of(response)
        problems += [
            f"a cell starts a formula: {cell[:80]!r}"
            for cell in cells
            if cell.startswith(FORMULA) and not NUMBER.fullmatch(cell)
        ]
        content = "\n".join(cells)
        # A text starting like a formula is kept, behind an apostrophe.
        wanted = {c: "'" + t if t.startswith(FORMULA) else t for c, t in texts.items()}
    for code, text in wanted.items():
        if (marker(code) in content or code in expected) and text not in content:
            problems.append(f"the {FIELDS.get(code, code)} is not there whole, as typed")
    return problems


# ---- Seeding every text field through the forms -------------------------------------------------

# Field codes: lower case (emails are lower-cased), unlikely anywhere else.
FIELDS = {
    "qzog": "organisation name",
    "qzul": "leader's name",
    "qzur": "rep's name",
    "qzua": "admin's name",
    "qzcn": "company name",
    "qzci": "company industry",
    "qzcx": "company notes",
    "qzta": "team name (typed when the company was made)",
    "qztb": "team name (renamed on the edit page)",
    "qzw1": "campaign title (closed wave)",
    "qzw2": "campaign title (open wave)",
    "qzwd": "campaign title (draft)",
    "qzwp": "campaign title (survey of a prospect)",
    "qzem": "invitation email (pasted)",
    "qzec": "invitation email (CSV import)",
    "qzpn": "prospect name",
    "qzpi": "prospect industry",
    "qzpx": "prospect notes",
    "qzas": "assessment summary",
    "qzae": "assessment evidence",
    "qzon": "deal outcome note",
    "qzsr": "rep's self-check note",
    "qzsl": "leader's self-check note",
    "qzat": "action title",
    "qzan": "action notes",
    "qzao": "action owner (a typed name)",
    "qzsa": "strategy session attendee (a typed name)",
    "qzsd": "strategy session decision",
    "qzcm": "comment (a respondent's free text)",
    "qztk": "API token name (account page)",
    "qzwh": "webhook endpoint address (settings)",
}
SHOWN_NOWHERE = {"qzog"}  # stored, but no page shows the organisation's name
# Single sign-on's way back answers only a sign-in this browser set off (tests/test_sso.py walks
# it whole and checks that what the provider says is escaped): the walk meets its refusal.
REFUSED_WITHOUT_A_SIGN_IN = {"auth.sso_callback"}
SHORT = {"qzci", "qzta", "qztb", "qzpi"}  # 120 characters at most


@dataclass
class Seeded:
    app: Flask
    texts: dict[str, str]  # field code -> the text typed
    clients: dict[str, FlaskClient]  # role, or respondent -> their browser
    values: dict[str, list[Any]]  # route argument -> real values
    tokens: dict[str, str]  # respondent -> their link's token
    waves: tuple[int, int]  # (closed, open)
    prospect_campaign: int


def _id(response: Response, at: int = -1) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.location.rstrip("/").split("/")[at])


def _post(client: FlaskClient, path: str, status: int = 302, **kwargs: Any) -> Response:
    """Post a form; a 200 instead of the redirect would mean the form refused the input."""
    response = client.post(path, **kwargs)
    assert response.status_code == status, (path, response.get_data(as_text=True)[:2000])
    return response


def _user(runner: FlaskCliRunner, role: str, name: str, org_name: str) -> User:
    address = f"{role}-xss@example.com"
    result = runner.invoke(
        args=[
            "create-user",
            *("--email", address, "--name", name, "--role", role),
            *("--organization", org_name, "--password", factories.PASSWORD),
        ]
    )
    assert result.exit_code == 0, result.output
    return db.session.scalars(select(User).where(User.email == address)).one()


def _campaign(client: FlaskClient, company_id: int, title: str, teams: list[int]) -> int:
    today = date.today()
    response = client.post(
        "/campaigns/new",
        data={
            "company_id": str(company_id),
            "title": title,
            "instruments": list(latest_versions()),
            "teams": [str(t) for t in teams],
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(),
            "min_group_size": "3",
        },
    )
    return _id(response)


def _campaign_of(campaign_id: int) -> Campaign:
    return db.session.get_one(Campaign, campaign_id)


def _teams(company_id: int) -> list[Team]:
    return list(db.session.scalars(select(Team).where(Team.company_id == company_id)))


def _typed(image: str) -> dict[str, str]:
    texts = {
        code: hostile(code, 120 if code in SHORT else 200, trap=image + code) for code in FIELDS
    }
    # Some texts start like a spreadsheet formula, for the exports.
    texts["qztb"] = "@" + hostile("qztb", 119)
    texts["qzwp"] = "+" + hostile("qzwp", 199, trap=image + "qzwp")
    # An address is stored only when valid: it keeps what an address may hold of a payload (a
    # quote to leave a single-quoted attribute, a formula sign, the template marker).
    texts["qzem"] = "=" + marker("qzem") + "'onmouseover='x@example.com"
    texts["qzec"] = "-" + marker("qzec") + "'onmouseover='x@example.com"
    texts["qztk"] = hostile("qztk", 80)  # a token's name holds 80 characters
    # An endpoint is an http(s) address with a host: the payload is its path. Port 9 (discard)
    # refuses at once, should an event ever be sent to it during the walk.
    texts["qzwh"] = "http://127.0.0.1:9/" + hostile("qzwh", 180, trap=image + "qzwh")
    return texts


@pytest.fixture
def seeded(app: Flask, runner: FlaskCliRunner, trap: tuple[str, list[str]]) -> Seeded:
    return seed(app, runner, _typed(trap[0]))


def seed(app: Flask, runner: FlaskCliRunner, texts: dict[str, str]) -> Seeded:
    """Every text field typed through the app's own forms (``texts``: field code -> text)."""
    users = {
        role: _user(runner, role, texts[code], texts["qzog"])
        for role, code in (("leader", "qzul"), ("rep", "qzur"), ("admin", "qzua"))
    }
    assert db.session.scalars(select(Organization.name)).all() == [texts["qzog"]]
    staff = {role: login(app.test_client(), user) for role, user in users.items()}
    lead = staff["leader"]

    # The own company and its teams: one typed at creation, one renamed on the edit page.
    company = {"name": texts["qzcn"], "kind": "own", "industry": texts["qzci"]}
    company["notes"] = texts["qzcx"]
    company_id = _id(
        _post(lead, "/companies/new", data={**company, "teams": f"{texts['qzta']}\nOps"})
    )
    team_a, ops = sorted(_teams(company_id), key=lambda t: t.name == "Ops")
    rows = {"existing-0-id": str(team_a.id), "existing-0-name": team_a.name}
    rows |= {"existing-1-id": str(ops.id), "existing-1-name": texts["qztb"], "new_teams": ""}
    _post(
        lead,
        f"/companies/{company_id}/edit",
        data={**company, **rows},
    )
    teams = _teams(company_id)
    assert {t.name for t in teams} == {texts["qzta"], texts["qztb"]}, "stored as typed"

    # Two waves with k answers per team, so that the dashboards, heatmaps, trends and the
    # comparison of waves draw team names and titles; and a draft, whose edit form shows its title.
    closed, opened = (
        _campaign(lead, company_id, texts[code], [t.id for t in teams]) for code in ("qzw1", "qzw2")
    )
    waves = (closed, opened)
    for wave in waves:
        _post(lead, f"/campaigns/{wave}/open")
        for team in teams:
            factories.make_responses(_campaign_of(wave), team, 3)
    _post(lead, f"/campaigns/{waves[0]}/close")
    draft = _campaign(lead, company_id, texts["qzwd"], [teams[0].id])

    # Invitations to the open wave: pasted, from a CSV file, an anonymous link, the open link.
    # Mail is off, so each response shows its new links: the only time they can be seen.
    invite = f"/campaigns/{waves[1]}/invite"
    emailed = _post(lead, f"{invite}/emails", 200, data={"emails-emails": texts["qzem"]})
    upload = f"email,team\n{texts['qzec']},{texts['qzta']}\n".encode()
    imported = _post(
        lead, f"{invite}/csv", 200, data={"csv-file": (io.BytesIO(upload), "people.csv")}
    )
    link_form = {"links-count": "1", "links-team_id": str(teams[0].id)}
    linked = _post(lead, f"{invite}/links", 200, data=link_form)
    for shown in (emailed, imported, linked):
        page = shown.get_data(as_text=True)
        assert read_html(page).problems == []
        assert new_links_csv_problems(page) == []
    downloaded = _post(lead, f"{invite}/links", 200, data={**link_form, "download": "csv"})
    team_code = {texts[code]: code for code in ("qzta", "qztb")}[teams[0].name]
    assert download_problems(downloaded, texts, {team_code}) == []
    _post(lead, f"/campaigns/{waves[1]}/open-link", data={"open-cap": ""})
    invitations = db.session.scalars(select(Invitation).where(Invitation.campaign_id == waves[1]))
    assert {(i.kind, i.email) for i in invitations} >= {
        (InvitationKind.EMAIL, texts[c]) for c in ("qzem", "qzec")
    }
    (picks,) = factories.tokens_in(emailed.get_data(as_text=True))
    (fixed,) = factories.tokens_in(linked.get_data(as_text=True))
    tokens = {
        "fixed team": fixed,
        "picks a team": picks,
        "open link": _campaign_of(waves[1]).open_link_token or "",
    }

    # A prospect (the rep's), assessed with evidence on many enemies, and surveyed from inside.
    reps = staff["rep"]
    prospect = {"name": texts["qzpn"], "industry": texts["qzpi"], "notes": texts["qzpx"]}
    prospect_id = _id(
        _post(
            reps,
            "/prospects/new",
            data={**prospect, "deal_size": "250000", "owner": str(users["rep"].id)},
        ),
        at=-2,
    )
    enemies = [i.key for i in latest_versions()[ENEMIES].items_of_type("enemy")][:10]
    _post(
        reps,
        f"/prospects/{prospect_id}/assess",
        data={
            "observed_on": date.today().isoformat(),
            "source": "meeting",
            "confidence": "high",
            "summary": texts["qzas"],
            **{f"enemy_{key}": "y" for key in enemies},
            **{f"evidence_{key}": texts["qzae"] for key in enemies},
        },
    )
    _post(
        reps,
        f"/prospects/{prospect_id}/outcome",
        data={
            "outcome": "won",
            "closed_on": date.today().isoformat(),
            "deal_size": "1",
            "note": texts["qzon"],
        },
    )
    prospect_campaign = _campaign(lead, prospect_id, texts["qzwp"], [])
    _post(lead, f"/campaigns/{prospect_campaign}/open")
    factories.make_responses(_campaign_of(prospect_campaign), None, 3)

    # Self-check notes (private: each on its author's page only).
    for role, code in (("rep", "qzsr"), ("leader", "qzsl")):
        ticks = {f"enemy_{key}": "y" for key in enemies[:3]}
        _post(staff[role], "/self-check/", data={"note": texts[code], **ticks})

    # An action from the closed wave's recommendations, and a strategy session on it.
    action = {"target": "practice:strategy_reviews", "title": texts["qzat"]}
    action |= {"notes": texts["qzan"], "owner_name": texts["qzao"], "status": "planned"}
    action["due_on"] = date.today().isoformat()
    _post(lead, f"/campaigns/{waves[0]}/actions/new", data=action)
    session = {"held_on": date.today().isoformat(), "horizon_from": "2", "horizon_to": "3"}
    session |= {"other_attendees": texts["qzsa"], "moderator": texts["qzsa"]}
    session |= {"timekeeper": texts["qzsa"], "scribe": texts["qzsa"]}
    session_id = _id(_post(lead, f"/campaigns/{waves[0]}/sessions/new", data=session))
    _post(lead, f"/sessions/{session_id}/decisions", data={"decision": texts["qzsd"]})
    # A comment in the closed wave's box, shown there (its threshold met).
    closed_wave = _campaign_of(waves[0])
    closed_wave.comment_threshold = closed_wave.min_group_size
    factories.make_comment(closed_wave, texts["qzcm"])

    store_logo(users["admin"].organization_id)  # the logo route has a PNG to serve
    # An API token, named on the account page; a webhook endpoint, added on the settings page.
    made = _post(
        lead,
        "/account/tokens",
        200,
        data={"token-name": texts["qztk"], "token-scope": "read_results", "token-days": "30"},
    ).get_data(as_text=True)
    tokens["api"] = made.split('id="new-token-value" readonly value="')[1].split('"')[0]
    _post(
        staff["admin"],
        "/admin/settings/webhooks",
        200,
        data={"url": texts["qzwh"], "events": ["report.ready"]},
    )
    respondents = {who: app.test_client() for who in tokens}
    return Seeded(
        app=app,
        texts=texts,
        clients={**staff, "anonymous": app.test_client(), **respondents},
        values={
            "campaign_id": [*waves, draft, prospect_campaign],
            "company_id": [company_id],
            "prospect_id": [prospect_id],
            "assessment_id": list(
                db.session.scalars(
                    select(ProspectAssessment.id).where(
                        ProspectAssessment.company_id == prospect_id
                    )
                )
            ),
            "user_id": list(db.session.scalars(select(User.id))),  # the erase confirmation
            "action_id": list(db.session.scalars(select(Action.id))),
            "session_id": [session_id],
            "comment_id": list(db.session.scalars(select(Comment.id))),
            "token_id": list(db.session.scalars(select(ApiToken.id))),
            "endpoint_id": list(db.session.scalars(select(WebhookEndpoint.id))),
            "signed": _optout_links(),  # the mail's opt-out page names the campaign
        },
        tokens=tokens,
        waves=waves,
        prospect_campaign=prospect_campaign,
    )


def _optout_links() -> list[str]:
    """The signed opt-out links of a few email invitations (their pages quote the campaign)."""
    from survey_app.campaigns.optout import optout_token
    from survey_app.models import Invitation, InvitationKind

    ids = db.session.scalars(
        select(Invitation.id).where(Invitation.kind == InvitationKind.EMAIL).limit(3)
    )
    return [optout_token(i) for i in ids]


# ---- Walking the URL map -----------------------------------------------------------------------

# Every query argument a view reads, given a payload: a filter echoed back must be escaped too.
QUERY_ARGUMENTS = ("status", "kind", "since", "industry", "verdict", "owner", "a", "b")
QUERY_ARGUMENTS += ("crosshairs", "paper", "next", "page", "company_id")
STAFF = ("leader", "rep", "admin")
RESPONDENTS = ("fixed team", "picks a team", "open link")


@dataclass
class Visit:
    role: str
    path: str
    endpoint: str
    response: Response


def get_rules(app: Flask, api: bool = False) -> list[Rule]:
    """Every GET route, except static files (read from disk, never user data); the API's
    (JSON, for a bearer token: test_the_api_serves_typed_text_as_json_only) with ``api``."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.endpoint.endswith("static")
        and rule.rule.startswith(API_PREFIX) == api
    ]


API_PREFIX = "/api/"


def paths_of(rule: Rule, values: dict[str, list[Any]]) -> list[str]:
    """The rule built with each real value of its arguments. An argument the walk has no value
    for fails the test: a new route must be walked, not skipped."""
    unknown = set(rule.arguments) - set(values)
    assert not unknown, f"{rule.rule}: give the XSS walk real values for {sorted(unknown)}"
    combos: list[dict[str, Any]] = [{}]
    for name in sorted(rule.arguments):
        combos = [{**combo, name: value} for combo in combos for value in values[name]]
    adapter = rule.map.bind("localhost")
    return [adapter.build(rule.endpoint, combo) for combo in combos]


def walk(seeded: Seeded, query: str) -> list[Visit]:
    """GET every route as every role. The first role to get a page asks for it again with
    ``query``; a download is fetched once per path (a PDF takes a second or two), by the first
    role that may have it."""
    visits: list[Visit] = []
    downloaded: set[str] = set()
    queried: set[str] = set()
    rules = get_rules(seeded.app)

    def visit(role: str, token: str) -> None:
        client = seeded.clients[role.split(" (")[0]]
        for rule in rules:
            for path in paths_of(rule, {**seeded.values, "token": [token]}):
                if path in downloaded:
                    continue
                response = client.get(path)
                visits.append(Visit(role, path, rule.endpoint, response))
                if response.status_code != 200:
                    continue
                if DOWNLOAD.search(path):
                    downloaded.add(path)
                elif path not in queried:
                    queried.add(path)
                    echoed = client.get(f"{path}?{query}")
                    visits.append(Visit(role, f"{path}?{query}", rule.endpoint, echoed))

    for role in (*STAFF, "anonymous"):
        visit(role, seeded.tokens["fixed team"])
    for who in RESPONDENTS:
        seeded.clients[who].get(f"/s/{seeded.tokens[who]}")
        if who == "picks a team":
            save_hostile_draft(seeded.clients[who], seeded)
        visit(who, seeded.tokens[who])
    # The thanks page needs a submitted survey: submit, and walk once more.
    submit_survey(seeded.clients["fixed team"], seeded)
    visit("fixed team (after submitting)", seeded.tokens["fixed team"])
    return visits


def save_hostile_draft(client: FlaskClient, seeded: Seeded) -> None:
    """A draft keeps the raw value posted for each question; the walk then shows it again."""
    payload = hostile("qzdr")
    answers = dict.fromkeys(factories.complete_answers(_campaign_of(seeded.waves[1])), payload)
    posted = {**answers, "team": payload, "nonce": payload}
    saved = client.post("/survey/answers", data={**posted, "action": "save"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    # A refused submission shows the form again, with what was posted.
    refused = client.post("/survey/answers", data=posted)
    assert refused.status_code == 200
    assert read_html(refused.get_data(as_text=True)).problems == []


def submit_survey(client: FlaskClient, seeded: Seeded) -> None:
    answers = factories.complete_answers(_campaign_of(seeded.waves[1]))
    ticked = {name: str(value) for name, value in answers.items() if value}  # flags left out
    response = client.post("/survey/answers", data={**ticked, "nonce": "n" * 24})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.location.endswith("/survey/thanks")


def new_links_csv_problems(page: str) -> list[str]:
    """The CSV of new links a page offers as a ``data:`` download: no cell starts a formula."""
    found = re.search(r'href="data:text/csv;charset=utf-8,([^"]*)"', page)
    if found is None:
        return ["no CSV to download"]
    rows = csv.reader(io.StringIO(unquote(html.unescape(found.group(1))).lstrip("\ufeff")))
    return [
        f"a cell starts a formula: {cell[:80]!r}"
        for row in rows
        for cell in row
        if cell.startswith(FORMULA) and not NUMBER.fullmatch(cell)
    ]


def expected_in_download(endpoint: str, path: str, seeded: Seeded) -> set[str]:
    """The fields a download must hold, so that no check passes on a file without them."""
    numbers = re.findall(r"\d+", path)
    if not numbers:  # an organisation-wide download (the audit log): no field it must hold
        return set()
    number = int(numbers[0])
    wave = {seeded.waves[0]: "qzw1", seeded.waves[1]: "qzw2"}.get(number)
    prospects_survey = number == seeded.prospect_campaign
    if endpoint.startswith("exports.") and wave:
        return {"qzcn", wave, "qzta", "qztb"}
    if endpoint.startswith("exports.") and prospects_survey:
        return {"qzpn", "qzwp"}
    if endpoint == "reports.campaign_pdf" and wave:
        return {"qzcn", "qzci", wave, "qzta", "qztb"}
    if endpoint == "reports.campaign_pdf" and prospects_survey:
        return {"qzpn", "qzpi", "qzwp"}
    if endpoint == "reports.company_pdf":
        return {"qzcn", "qzci", "qzw1", "qzw2"}
    if endpoint in ("strategy_sessions.pre_read", "strategy_sessions.deck"):
        return {"qzcn", "qzat", "qzao", "qzsa", "qzsd"}
    if endpoint == "prospects.one_pager":
        return {"qzpn", "qzpi", "qzur", "qzae"}
    return set()


def test_every_page_export_and_pdf_escapes_what_people_typed(
    seeded: Seeded, trap: tuple[str, list[str]]
) -> None:
    visits = walk(seeded, urlencode(dict.fromkeys(QUERY_ARGUMENTS, hostile("qzqs"))))
    evaluated = [f"{code}49" for code in (*seeded.texts, "qzqs", "qzdr")]
    problems: list[str] = []
    shown: list[str] = []
    charted: list[str] = []
    for visit in visits:
        response = visit.response
        where = f"{visit.role}: GET {visit.path[:90]} ({response.status_code})"
        if IMAGE.search(visit.path) and response.status_code == 200:
            if response.mimetype != "image/png" or not response.data.startswith(b"\x89PNG"):
                problems.append(f"{where}: served as {response.mimetype}, not a PNG")
            if response.headers.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{where}: no X-Content-Type-Options: nosniff")
            continue
        if DOWNLOAD.search(visit.path) and response.status_code == 200:
            expected = expected_in_download(visit.endpoint, visit.path, seeded)
            found = download_problems(response, seeded.texts, expected)
            problems += [f"{where}: {problem}" for problem in found]
            continue
        if visit.path.split("?")[0] in ("/healthz", "/readyz"):  # plain text, echo nothing
            assert response.mimetype == "text/plain", where
            assert not any(text in response.get_data(as_text=True) for text in seeded.texts)
            continue
        polled = visit.path.split("?")[0].endswith(("/report/status", ".json"))
        if polled and response.status_code == 200:
            # A status a page's script polls (a PDF's render, the invite page's mail): JSON,
            # which a browser never renders as a page.
            assert response.mimetype == "application/json", where
            continue
        assert response.mimetype == "text/html", where
        body = response.get_data(as_text=True)
        page = read_html(body)
        problems += [f"{where}: {problem}" for problem in page.problems]
        problems += [f"{where}: a template evaluated {m}" for m in evaluated if m in body]
        shown += page.texts + page.data
        charted += page.data
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert trap[1] == [], "a PDF fetched an image named in user text"

    # Every field was on some page whole, as typed: escaped exactly once, and not mangled.
    everything = "\n".join(shown)
    missing = [
        FIELDS[code]
        for code, text in seeded.texts.items()
        if code not in SHOWN_NOWHERE and text not in everything
    ]
    assert not missing, f"never shown as typed: {missing}"
    # Charts carried the team names and titles, so their JSON was really put to the test.
    in_figures = "\n".join(charted)
    charted_fields = ("qzta", "qztb", "qzw1", "qzw2", "qzpn")
    assert [FIELDS[c] for c in charted_fields if marker(c) not in in_figures] == []
    # Every route answered someone (a page, or a redirect that is its job, as "/" does): none
    # was walked only into errors or the sign-in page.
    answered = {
        visit.endpoint
        for visit in visits
        if visit.response.status_code == 200
        or (visit.response.status_code == 302 and "/auth/login" not in visit.response.location)
    }
    answered |= REFUSED_WITHOUT_A_SIGN_IN  # its refusal page is walked (and checked) all the same
    assert {rule.endpoint for rule in get_rules(seeded.app)} - answered == set()


def test_the_api_serves_typed_text_as_json_only(seeded: Seeded) -> None:
    """Every GET of the API, with the leader's token: JSON (never a type a browser renders as a
    page) with nosniff, and the typed text in it whole, as typed."""
    client = seeded.app.test_client()
    headers = {"Authorization": f"Bearer {seeded.tokens['api']}"}
    strings: list[str] = []
    answered = set()
    for rule in get_rules(seeded.app, api=True):
        for path in paths_of(rule, seeded.values):
            response = client.get(path, headers=headers)
            where = f"GET {path} ({response.status_code})"
            assert response.mimetype in ("application/json", "application/problem+json"), where
            assert response.headers.get("X-Content-Type-Options") == "nosniff", where
            strings += _strings(json.loads(response.get_data(as_text=True)))
            if response.status_code == 200:
                answered.add(rule.endpoint)
    assert {r.endpoint for r in get_rules(seeded.app, api=True)} == answered
    typed = {code: seeded.texts[code] for code in ("qzcn", "qzta", "qztb", "qzw1", "qzw2")}
    assert [FIELDS[c] for c, text in typed.items() if text not in strings] == []


# ---- Pages that echo what was just typed -------------------------------------------------------


def assert_escaped(response: Response, *shown: str) -> None:
    """No payload got through, and the echo really happened (each of ``shown`` is on the page,
    decoded: escaped once)."""
    page = read_html(response.get_data(as_text=True))
    assert page.problems == []
    everything = "\n".join(page.texts)
    assert [text for text in shown if text not in everything] == []


PATHS = (
    "/<script>alert(1)</script>",
    "/companies/" + quote('"><img src=x onerror=alert(1)>'),
    "/campaigns/{{7*7}}/dashboard",
    "/s/" + quote("<svg onload=alert(1)>"),
    "/prospects/1/" + quote("' onmouseover='alert(1)'"),
)


@pytest.mark.parametrize("path", PATHS)
def test_an_error_page_escapes_the_address(
    client: FlaskClient, leader_client: FlaskClient, path: str
) -> None:
    for someone in (client, leader_client):
        response = someone.get(path)
        assert response.status_code == 404
        assert_escaped(response)
        # {{7*7}} evaluated would show a lone 49. The CSRF token is random and may hold one by
        # chance, and a name may hold 49 inside a longer number ("Leader 149").
        page = re.sub(r'(value|content)="[A-Za-z0-9._-]{40,}"', "", response.get_data(as_text=True))
        assert re.search(r"(?<!\d)49(?!\d)", page) is None


def test_sign_in_echoes_the_typed_address_escaped(client: FlaskClient) -> None:
    typed = hostile("qzli")
    response = client.post("/auth/login", data={"email": typed, "password": "x" * 12})
    assert response.status_code == 200
    assert_escaped(response, typed)
    # A "next" address that is a script is never where signing in leads.
    user = factories.make_user(factories.make_org())
    signed_in = client.post(
        "/auth/login?next=" + quote("javascript:alert(1)"),
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert signed_in.status_code == 302
    assert not URL_NOISE.sub("", signed_in.location).lower().startswith("javascript:")


def test_rejected_and_created_entries_are_echoed_escaped(
    leader_client: FlaskClient, org: Organization
) -> None:
    typed = pieces()
    company = factories.make_company(org, name="Acme", teams=("Sales",))
    campaign = factories.make_campaign(company, k=3)
    invite = f"/campaigns/{campaign.id}/invite"

    # Pasted addresses that are not addresses: all listed back in the refusal (60 characters).
    refused = leader_client.post(f"{invite}/emails", data={"emails-emails": "\n".join(typed)})
    assert refused.status_code == 200
    assert_escaped(refused, *(f"“{text[:60]}”" for text in typed))

    # A CSV file with a hostile name, bad addresses and unknown teams: the import report lists
    # every rejected row and why.
    upload = io.StringIO()
    writer = csv.writer(upload)
    for n, text in enumerate(typed):
        writer.writerows([[text, "Sales"], [f"ok{n}@example.com", text]])
    report = leader_client.post(
        f"{invite}/csv",
        data={"csv-file": (io.BytesIO(upload.getvalue().encode()), "<svg onload=alert(1)>.csv")},
    )
    assert report.status_code == 200
    reasons = [f"“{text}” is not a valid email address." for text in typed]
    reasons += [f"Unknown team “{text}” (teams: Sales)." for text in typed]
    assert_escaped(report, "Import of <svg onload=alert(1)>.csv", *reasons)

    # Flash messages name what was just made; refusals name what was typed.
    name = hostile("qzfl")
    made = {"name": name, "kind": "customer", "teams": "Sales"}
    created = leader_client.post("/companies/new", data=made, follow_redirects=True)
    assert_escaped(created, f"Company “{name}” created.")
    again = leader_client.post("/companies/new", data={**made, "teams": name + name})
    assert_escaped(again, f"A company named “{name}” already exists.", f"“{(name + name)[:40]}…”")
    title = hostile("qzft")
    made_campaign = leader_client.post(
        "/campaigns/new",
        data={
            "company_id": str(company.id),
            "title": title,
            "instruments": list(latest_versions()),
            "min_group_size": "3",
        },
        follow_redirects=True,
    )
    assert_escaped(made_campaign, f"Draft campaign “{title}” created. Invite people, then open it.")
    prospect = leader_client.post(
        "/prospects/new",
        data={"name": name + "!", "owner": str(factories.make_user(org).id)},
        follow_redirects=True,
    )
    assert_escaped(prospect, f"Prospect “{name}!” created. Record what you have seen so far.")


# ---- The checks themselves ---------------------------------------------------------------------

PAGE = (
    "<!doctype html><title>{{ v }}</title><p title=\"{{ v }}\">{{ v }}</p><input value='{{ v }}'>"
    '<script type="application/json">{{ fig }}</script><script src="/static/x.js"></script>'
)


ATTACHMENT = {"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"}


def _json(value: str) -> Markup:
    return Markup(json.dumps({"name": value}).replace("<", "\\u003c"))  # noqa: S704 - escaped


def test_the_checks_flag_text_that_was_not_escaped(app: Flask) -> None:
    """The checks above can fail: text marked safe, raw JSON, or markup handed to Plotly."""
    text = hostile("qzck")
    for_plotly = html.escape(text, quote=False)
    escaped = render_template_string(PAGE, v=text, fig=_json(for_plotly))
    page = read_html(escaped)
    assert page.problems == []
    assert text in page.texts
    assert for_plotly in page.data

    for v, fig in (
        (Markup(text), _json(for_plotly)),  # noqa: S704 - the point of the test
        (html.escape(text), _json(for_plotly)),  # escaped twice, once by Jinja
        (text, _json(html.escape(for_plotly))),  # escaped twice for Plotly
        (text, Markup(json.dumps({"name": text}))),  # noqa: S704 - "</script>" raw in JSON
        (text, _json(text)),  # JSON-safe, but Plotly would read the markup
    ):
        assert read_html(render_template_string(PAGE, v=v, fig=fig)).problems

    # An export cell that starts a formula, and a PDF where the text was laid out as markup.
    sheet = Response("Company\r\n=HYPERLINK(1)\r\n", mimetype="text/csv")
    sheet.headers.update(ATTACHMENT)
    assert download_problems(sheet, {}, set()) == ["a cell starts a formula: '=HYPERLINK(1)'"]
    as_markup = Response(html_to_pdf(f"<p>{text}</p>"), mimetype="application/pdf")
    as_markup.headers.update(ATTACHMENT)
    assert download_problems(as_markup, {"qzck": text}, {"qzck"}) != []
    as_text = Response(html_to_pdf(f"<p>{html.escape(text)}</p>"), mimetype="application/pdf")
    as_text.headers.update(ATTACHMENT)
    assert download_problems(as_text, {"qzck": text}, {"qzck"}) == []
