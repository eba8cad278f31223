"""Text people typed never reorders the app's own sentences: every piece of it is isolated.

A right-to-left override (U+202E) in a name reversed the words around it ("Company “‮Acme”
created." read backwards), and so does, more mildly, a name in Arabic or Hebrew. Every text
field is typed through the app's forms (the XSS test's seeding) with an override, a Hebrew
word and its field's code; then every page of every role, and the survey pages of respondents,
is walked, and every occurrence of a code must sit in an isolating context:

* in page text, inside ``<bdi>`` (the ``bdi`` filter), an element with ``dir``, a ``<label>``
  (``app.css`` isolates every label) or a form control (its own box: ``<option>``,
  ``<textarea>``);
* in a ``<title>``, an attribute people read (``aria-label``, ``title``, ``alt``) or a chart's
  JSON, between FSI and PDI (``isolate``, ``user_label``);
* addresses, ids and form values are not text on the page, and are left alone.

The PDFs' HTML is checked the same way before it is laid out, and so are the messages that name
what was just typed (flash messages, errors, a CSV file's name on its import report).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from survey_app.bidi import FSI, PDI
from survey_app.extensions import db
from survey_app.models import (
    Campaign,
    Company,
    Organization,
    ProspectAssessment,
    StrategySession,
    User,
)

from . import test_xss as xss

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]

RLO = "\u202e"
CODES = re.compile(r"qz[a-z0-9]{2}")
TEXT_CONTROLS = {"textarea", "option", "select"}  # each in a box of its own
ISOLATING = {"bdi", "label"} | TEXT_CONTROLS
NOT_TEXT = {"value", "href", "action", "src", "id", "for", "name", "class", "download"}
NOT_TEXT |= {"data-figure", "data-question", "aria-describedby", "aria-controls", "content"}


def bidi_texts() -> dict[str, str]:
    """Each field's code, an override and a right-to-left word; an address where one must be."""
    texts = {code: f"{code} {RLO}Zyx עברית" for code in xss.FIELDS}
    texts["qzem"] = "qzem.pasted@example.com"
    texts["qzec"] = "qzec.imported@example.com"
    # A webhook is an http(s) address with a host: the right-to-left word goes in its path.
    texts["qzwh"] = f"https://hooks.example.com/qzwh/{RLO}Zyx-עברית"
    return texts


def _isolated(text: str, at: int) -> bool:
    """Whether position ``at`` lies between an FSI (or another isolate) and its PDI."""
    depth = 0
    for char in text[:at]:
        if char in (FSI, "\u2066", "\u2067"):
            depth += 1
        elif char == PDI and depth:
            depth -= 1
    return depth > 0 and PDI in text[at:]


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


@dataclass
class Found:
    where: str
    code: str
    context: str


def _codes(text: str) -> Iterator[tuple[str, int]]:
    for match in CODES.finditer(text):
        yield match.group(), match.start()


def bidi_problems(body: str) -> tuple[list[Found], set[str]]:
    """Every code not isolated, and every code seen, in an HTML page."""
    problems: list[Found] = []
    seen: set[str] = set()
    root: Element = tinyhtml5.parse(body)
    parents = {child: parent for parent in root.iter() for child in parent}

    def isolating(element: Element | None) -> bool:
        while element is not None:
            if _local(str(element.tag)) in ISOLATING or "dir" in element.attrib:
                return True
            element = parents.get(element)
        return False

    def plain(where: str, text: str) -> None:
        for code, at in _codes(text):
            seen.add(code)
            if not _isolated(text, at):
                problems.append(Found(where, code, text[max(0, at - 40) : at + 40]))

    for element in root.iter():
        tag = _local(str(element.tag))
        for name, value in element.attrib.items():
            if _local(name) not in NOT_TEXT:
                plain(f"<{tag} {_local(name)}>", value)
        if tag == "script":
            if (element.get("type") or "") == "application/json" and element.text:
                for string in xss._strings(json.loads(element.text)):
                    plain("a chart's JSON", string)
        elif tag == "title":
            plain("<title>", element.text or "")
        elif element.text:
            for code, at in _codes(element.text):
                seen.add(code)
                if not isolating(element) and not _isolated(element.text, at):
                    problems.append(Found(f"<{tag}> text", code, element.text[:80]))
        parent = parents.get(element)
        if element.tail and parent is not None:
            for code, at in _codes(element.tail):
                seen.add(code)
                if not isolating(parent) and not _isolated(element.tail, at):
                    ptag = _local(str(parent.tag))
                    problems.append(Found(f"<{ptag}> text after <{tag}>", code, element.tail[:80]))
    return problems, seen


def test_the_check_finds_what_is_not_isolated(app: Flask) -> None:
    page = (
        f"<title>{FSI}qzaa{PDI} · x</title><p>Made <bdi>qzbb</bdi> and qzcc.</p>"
        f'<div aria-label="of qzdd"></div><div aria-label="of {FSI}qzee{PDI}"></div>'
        '<label>qzff</label><p dir="auto">qzgg</p><input value="qzhh">'
        f'<script type="application/json">{json.dumps({"name": "qzii"})}</script>'
    )
    problems, seen = bidi_problems(page)
    assert {p.code for p in problems} == {"qzcc", "qzdd", "qzii"}
    assert seen >= {"qzaa", "qzbb", "qzcc", "qzdd", "qzee", "qzff", "qzgg", "qzii"}


@pytest.fixture
def typed(app: Flask, runner: FlaskCliRunner) -> xss.Seeded:
    return xss.seed(app, runner, bidi_texts())


def _walk(seeded: xss.Seeded) -> Iterator[tuple[str, str, Any]]:
    """(who, path, response) for every page route, as every role and every respondent."""
    rules = [r for r in xss.get_rules(seeded.app) if not xss.DOWNLOAD.search(r.rule)]
    values = {
        **seeded.values,
        "assessment_id": list(db.session.scalars(select(ProspectAssessment.id))),
        "user_id": list(db.session.scalars(select(User.id))),
    }

    def visit(who: str, client: FlaskClient, token: str) -> Iterator[tuple[str, str, Any]]:
        for rule in rules:
            for path in xss.paths_of(rule, {**values, "token": [token]}):
                yield who, path, client.get(path)

    for role in (*xss.STAFF, "anonymous"):
        yield from visit(role, seeded.clients[role], seeded.tokens["fixed team"])
    for who in xss.RESPONDENTS:
        client = seeded.clients[who]
        client.get(f"/s/{seeded.tokens[who]}")
        yield from visit(who, client, seeded.tokens[who])


def test_every_page_isolates_what_people_typed(typed: xss.Seeded) -> None:
    problems: list[str] = []
    seen: set[str] = set()
    pages = 0
    for who, path, response in _walk(typed):
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages += 1
        found, codes = bidi_problems(response.get_data(as_text=True))
        seen |= codes
        problems += [f"{who} GET {path}: {f.code} in {f.where}: {f.context!r}" for f in found]
    kinds = sorted({re.sub(r"\d+", "N", problem) for problem in problems})  # one line per kind
    assert not problems, f"{len(problems)} not isolated:\n" + "\n".join(kinds)
    # Not vacuous: the walk met every field that some page shows.
    shown = set(xss.FIELDS) - xss.SHOWN_NOWHERE
    assert shown - seen == set(), f"never met: {sorted(shown - seen)}"
    assert pages > 40


def test_every_pdf_isolates_what_people_typed(
    typed: xss.Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report and one-pager HTML, before WeasyPrint lays it out."""
    from survey_app.reports import document
    from survey_app.reports.campaign import campaign_report
    from survey_app.reports.company import company_report
    from survey_app.strategy_sessions.agenda import build_agenda
    from survey_app.strategy_sessions.preread import preread_content

    app = typed.app
    htmls: dict[str, str] = {}
    with app.test_request_context():
        for campaign_id in typed.values["campaign_id"]:
            content = campaign_report(db.session.get_one(Campaign, campaign_id))
            htmls[f"campaign {campaign_id}"] = document.render_html(content, images={})
        for company_id in typed.values["company_id"]:
            content = company_report(db.session.get_one(Company, company_id))
            htmls[f"company {company_id}"] = document.render_html(content, images={})
        for session_id in typed.values["session_id"]:  # a strategy session's pre-read
            agenda = build_agenda(db.session.get_one(StrategySession, session_id), date.today())
            content = preread_content(agenda)
            htmls[f"pre-read {session_id}"] = document.render_html(content, images={})

    def capture(html: str, *_args: Any, **_kwargs: Any) -> bytes:
        htmls["one-pager"] = html
        return b"%PDF-1.7 captured"

    monkeypatch.setattr("survey_app.prospects.report_views.html_to_pdf", capture)
    prospect_id = typed.values["prospect_id"][0]
    assert typed.clients["rep"].get(f"/prospects/{prospect_id}/one-pager.pdf").status_code == 200
    problems: list[str] = []
    seen: set[str] = set()
    for name, html in htmls.items():
        found, codes = bidi_problems(html)
        seen |= codes
        problems += [f"{name}: {f.code} in {f.where}: {f.context!r}" for f in found]
    assert not problems, "\n".join(problems[:40])
    assert {"qzcn", "qzci", "qzw1", "qzw2", "qzta", "qztb", "qzpn", "qzae"} <= seen
    assert {"qzat", "qzao", "qzsa", "qzsd"} <= seen  # the pre-read


def test_messages_that_name_what_was_typed_isolate_it(
    leader_client: FlaskClient, org: Organization
) -> None:
    """Flash messages, form errors and the CSV import report (a file's name included)."""
    from tests import factories

    name = f"qzfl {RLO}Zyx"
    made = leader_client.post(
        "/companies/new", data={"name": name, "kind": "customer"}, follow_redirects=True
    )
    again = leader_client.post("/companies/new", data={"name": name, "kind": "customer"})
    campaign = factories.make_campaign(factories.make_company(org, "Acme", teams=("Sales",)))
    upload = io.BytesIO(b"email,team\nann@example.com,qzut Nope\n")
    report = leader_client.post(
        f"/campaigns/{campaign.id}/invite/csv",
        data={"csv-file": (upload, f"qzfn {RLO}vsc.exe.csv")},
    )
    for response, codes in ((made, {"qzfl"}), (again, {"qzfl"}), (report, {"qzfn", "qzut"})):
        problems, seen = bidi_problems(response.get_data(as_text=True))
        assert seen >= codes, response.get_data(as_text=True)[:3000]
        assert problems == []


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_messages_in_another_language_isolate_what_they_quote(
    leader_client: FlaskClient, leader, language: str
) -> None:
    """The translated messages quote names in their own quotes (« … », «…», „…“)."""
    leader.language = language
    db.session.commit()
    name = f"qzfl {RLO}Zyx"
    leader_client.post("/companies/new", data={"name": name, "kind": "customer"})
    again = leader_client.post("/companies/new", data={"name": name, "kind": "customer"})
    page = again.get_data(as_text=True)
    quotes = {"fr": "«\u00a0", "es": "«", "de": "„"}[language]
    assert f"{quotes}<bdi>qzfl" in page, page[:3000]
    problems, seen = bidi_problems(page)
    assert "qzfl" in seen
    assert problems == []
