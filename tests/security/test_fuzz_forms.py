"""Fuzzing the forms with Hypothesis: sign-in, companies and campaigns here, and the helpers.

Hypothesis posts generated input through the test client: unicode of every kind, NUL bytes and
control characters, very long strings, blanks, numbers as strings and out of range, fields
missing and unknown fields added. Half the examples post a valid form (awkward but acceptable
values), the others break one field or more, so both sides are exercised: what the form accepts
and what it refuses. For every form and every example:

* never a 5xx (with ``TESTING`` on, an exception in a view also fails the test);
* a rejected input (the form shown again with an error, a 404, or the 400 that any NUL
  character gets) changes nothing that is stored: the whole database is compared before and
  after (``snapshot``);
* an accepted input (a redirect) stores what was typed, stripped, touches only the tables the
  form is about, and the pages that show it still load.

The app fixture keeps one database for the whole test, so each example takes its own snapshot.
The other forms are in ``test_fuzz_prospects.py``, ``test_fuzz_invitations.py`` and
``test_fuzz_survey.py``, with the strategies and helpers defined here.
``pytest --hypothesis-show-statistics`` shows how often each form accepted its input.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from markupsafe import escape
from sqlalchemy import select
from werkzeug.test import TestResponse

from survey_app.extensions import db
from survey_app.instruments import latest_versions
from survey_app.models import (
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    Organization,
    Response,
    Role,
    User,
)
from tests import factories
from tests.security.snapshot import Snapshot, changed_tables, snapshot

F = TypeVar("F", bound=Callable[..., Any])
Strategy = st.SearchStrategy

# --- strategies -------------------------------------------------------------------------------

# Anything UTF-8 can carry, NUL and the other control characters included. Lone surrogates are
# left out: a browser cannot send them (they are not encodable) and neither can the test client.
CHARACTERS = st.characters(codec="utf-8")

# Values that break naive code, kept explicit so that every run tries them.
AWKWARD_TEXTS = (
    "",
    " ",
    " \t\r\n ",
    "\u00a0\u2007\u3000",  # no-break, figure and ideographic spaces
    "\u200b\u200d\ufeff",  # zero-width characters and a BOM
    "\x00",
    "Acme\x00Sales",
    "\x1c\x1d\x1e\x85\u2028\u2029",  # separators that str.splitlines() and str.strip() honour
    "\u202eselaS emcA",  # right-to-left override
    "e\u0301\u0301\u0301",  # stacked combining accents
    "ǅ ß İ ﬃ ΐ",  # case mappings that change length or differ between lower() and casefold()
    "😀👩🏽‍💻🇧🇪",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ 7 * 7 }}{% raw %}",
    "' OR '1'='1'; DROP TABLE companies; --",
    "%00%0d%0a",
    '=HYPERLINK("http://evil.example")',
)

# What a form should take: anything but NUL, which every request refuses (input_guard.py).
PLAIN_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")

# Texts a form should take as they are (once stripped): padded, non-Latin, markup, controls.
FILLED_TEXTS = (
    "  Acme Sales  ",
    "Société Générale – Zürich",
    "株式会社 テスト",
    "😀 Happy Team",
    "<b>Bold</b> & \"Sons\" 'Ltd'",
    "Bell\x07 and escape\x1b[31m",
    "Tab\there",
    "e\u0301\u202e",
)

# Column and validator limits of the forms (120, 200, 254, 2000, 5000 characters): just under,
# at and over each, in one-byte, two-byte and four-byte characters.
_LIMITS = (119, 120, 121, 199, 200, 201, 254, 255, 1999, 2000, 2001, 5000, 5001, 20_001)


def texts(max_size: int = 300) -> Strategy[str]:
    """What a person, a paste or an attacker can put in a text field."""
    return st.one_of(
        st.text(CHARACTERS, max_size=max_size),
        st.sampled_from(AWKWARD_TEXTS),
        st.builds(
            lambda char, n: char * n,
            st.sampled_from(["a", "é", "😀", " ", "\x00"]),
            st.sampled_from(_LIMITS),
        ),
        # A NUL somewhere: PostgreSQL cannot store one, so it is worth drawing often.
        st.builds(
            lambda a, b: f"{a}\x00{b}", st.text(CHARACTERS, max_size=10), st.text(max_size=10)
        ),
    )


_PADDING = st.sampled_from(["", "", " ", "  ", "\t", "\n", "\u00a0", "\u3000"])


def filled(limit: int) -> Strategy[str]:
    """A text a required field should accept: not blank and at most ``limit`` characters,
    often with spaces around it that the app must strip."""
    core = st.one_of(
        st.text(PLAIN_CHARACTERS, min_size=1, max_size=min(limit, 60)),
        st.sampled_from(FILLED_TEXTS),
        st.just("x" * limit),
    )
    return st.builds(
        lambda left, text, right: left + text + right, _PADDING, core, _PADDING
    ).filter(lambda text: bool(text.strip()) and len(text) <= limit)


def optional(limit: int) -> Strategy[str]:
    """A text an optional field should accept, blank included."""
    return st.one_of(st.just(""), filled(limit))


def numbers(low: int = -10, high: int = 1000) -> Strategy[str]:
    """A number field's input: in and out of range, as Python's ``int()`` reads it or not."""
    return st.one_of(
        st.integers(low, high).map(str),
        st.integers().map(str),
        st.sampled_from(
            [
                "",
                " ",
                "0",
                "-0",
                "+5",
                " 7 ",
                "５",  # fullwidth digit: int() reads it
                "٣",  # Arabic-Indic digit: int() reads it
                "1_000",  # int() reads it too
                "1e3",
                "1.5",
                "½",
                "NaN",
                "-inf",
                "0x10",
                "9" * 25,
                "9" * 5000,  # over Python's int() digit limit
            ]
        ),
        texts(30),
    )


def days_from_today(low: int, high: int) -> Strategy[str]:
    return st.integers(low, high).map(lambda n: (date.today() + timedelta(days=n)).isoformat())


def dates() -> Strategy[str]:
    """A date field's input: the ends of the calendar, impossible dates and non-dates."""
    return st.one_of(
        days_from_today(-400, 400),
        st.dates().map(date.isoformat),
        st.sampled_from(
            ["", "0001-01-01", "9999-12-31", "2024-02-30", "2023-13-01", "31/12/2030", "tomorrow"]
        ),
        texts(30),
    )


_NEAR_MISSES = ("csrf_token", "id", "organization_id", "owner_id", "status", "role", "name-0", "")


def unknown_fields() -> Strategy[dict[str, str]]:
    """Fields no form has: ignored, never a crash.

    Without NUL: a NUL refuses the whole request (tested with the form's own fields), and
    Hypothesis would draw it often here, leaving fewer examples for the form itself."""
    names = st.one_of(
        st.text(PLAIN_CHARACTERS, min_size=1, max_size=30), st.sampled_from(_NEAR_MISSES)
    )
    return st.dictionaries(names, st.text(PLAIN_CHARACTERS, max_size=50), max_size=3)


# Where an accepted change is recorded (survey_app/audit), beside the tables it changed.
AUDIT_LOG = "audit_entries"


@dataclass(frozen=True)
class Input:
    """One field of a form: what it should accept, and anything at all."""

    valid: Strategy[Any]
    fuzzed: Strategy[Any]


@st.composite
def forms(draw: st.DrawFn, fields: Mapping[str, Input]) -> dict[str, Any]:
    """A posted form: valid, or with some fields fuzzed or missing.

    Breaking only some fields lets a good share of the examples through the validation, so the
    accepted side is fuzzed too (and shrinks to a small, readable failing example). Unknown
    fields come along; the form's own fields win over a same-named one.
    """
    # Half the examples break nothing (the accepted side), the others one field or more.
    broken: set[str] = set()
    if draw(st.booleans()):
        broken = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=len(fields)))
    data = dict(draw(unknown_fields()))  # a copy: Hypothesis reports the drawn dict as drawn
    for name, field in fields.items():
        if name not in broken:
            data[name] = draw(field.valid)
        elif draw(st.booleans()):
            data[name] = draw(field.fuzzed)
        else:
            data.pop(name, None)  # missing, as when a browser leaves a field out
    return data


def fuzz(examples: int) -> Callable[[F], F]:
    """Hypothesis settings for a fuzz test that posts through the app fixture's test client.

    The fixtures are created once per test, not per example; that is what we want (one app,
    one database), and why each example snapshots the database itself.
    """
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """One request and the whole database before and after it."""

    response: TestResponse
    before: Snapshot
    after: Snapshot
    sent_nul: bool  # a NUL character anywhere in the address, field names, values, file names

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def page(self) -> str:
        return self.response.get_data(as_text=True)

    @property
    def changed(self) -> set[str]:
        return set(changed_tables(self.before, self.after))

    @property
    def location(self) -> str:
        return self.response.headers.get("Location", "")

    def assert_rejected(self, *statuses: int) -> None:
        """Refused: an expected status, and not one stored row different."""
        assert self.status in statuses, f"unexpected {self.status}: {self.page[:2000]}"
        assert not self.changed, f"a rejected input changed {sorted(self.changed)}"

    def assert_shows_error(self) -> None:
        """The form came back with a message, not silently (the error summary is an alert)."""
        assert 'role="alert"' in self.page, self.page[:3000]

    def assert_refused(self) -> None:
        """The usual refusal: the form again with an error, no change.

        A NUL character is refused for the whole request, with a 400 page that says so
        (``survey_app/input_guard.py``): PostgreSQL cannot store one.
        """
        self.assert_rejected(200, 400)
        if self.status == 400:
            assert self.sent_nul, "a 400 for a request without a NUL character"
            assert "invisible NUL character" in self.page
        else:
            self.assert_shows_error()

    def assert_changed_only(self, tables: Iterable[str], audited: bool = True) -> None:
        """Only ``tables`` changed, and with them, when ``audited``, the audit log: a signed-in
        user's accepted change is recorded in its own transaction (survey_app/audit)."""
        allowed = set(tables)
        # Tables the database keeps from others (triggers): they change with their source.
        allowed |= {derived for derived, source in DERIVED_TABLES.items() if source in allowed}
        if audited and self.changed - {AUDIT_LOG}:
            allowed.add(AUDIT_LOG)
        assert self.changed <= allowed, f"also changed {sorted(self.changed - allowed)}"


# A table the database keeps in step with another (survey_app/models/invitation_counts.py).
DERIVED_TABLES = {"invitation_counts": "invitations"}


def post(
    client: FlaskClient,
    url: str,
    data: Mapping[str, Any],
    ignore: frozenset[str] = frozenset(),
) -> Posted:
    """POST ``data`` and check it was not a server error; snapshots on both sides."""
    before = snapshot(ignore)
    sent_nul = carries_nul(url, data)  # before the client reads (and closes) the files
    response = client.post(url, data=dict(data))
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    if currently_in_test_context():  # for --hypothesis-show-statistics
        event(f"{re.sub(r'/[0-9]+', '/<id>', url.split('?')[0])} -> {response.status_code}")
    return Posted(response, before, snapshot(ignore), sent_nul)


def carries_nul(url: str, data: Mapping[str, Any]) -> bool:
    """Whether a NUL goes out in the address or the form (file contents aside).

    A file whose name holds a line break breaks its part's header, so the server reads the
    part as a plain field: its content is then a field value like any other.
    """
    parts: list[str] = [unquote(url)]
    for name, value in data.items():
        parts.append(name)
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, tuple):  # (file, name)
                parts.append(str(item))
                continue
            parts.append(item[1])
            if "\r" in item[1] or "\n" in item[1]:
                parts.append(item[0].getvalue().decode("latin-1"))
    return any("\x00" in part for part in parts)


def assert_loads(client: FlaskClient, *urls: str) -> None:
    """Pages that show what was just stored still render (no 5xx, no exception)."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def redirect_id(posted: Posted) -> int:
    """The id in the redirect after a create (``/things/<id>`` or ``/things/<id>/next``)."""
    match = re.search(r"/(\d+)(?:/[a-z-]+)?$", urlsplit(posted.location).path)
    assert match, posted.location
    return int(match.group(1))


def typed(text: str) -> str:
    """How text the user typed must appear in the page: escaped, so it shows and never runs."""
    return str(escape(text))


def stored(model: type[Any], key: object) -> Any:
    """A row as committed, not as cached in the session."""
    db.session.expire_all()
    return db.session.get(model, key)


def one_line(text: str) -> str:
    """Whitespace collapsed, as the app does for names on one line."""
    return " ".join(text.split())


def ticked(value: str | None) -> bool:
    """How a checkbox reads a posted value (WTForms: absent, blank or "false" is unticked)."""
    return value not in (None, "", "false")


# --- NUL characters ---------------------------------------------------------------------------


def nul_requests(org: Organization) -> tuple[str, list[tuple[str, dict[str, Any] | None]]]:
    """An open link, and one request per form (and per kind of address) with a NUL in one of
    its inputs; no data means a GET. Sign-in, the link and the survey are sent by a browser
    that holds a survey session only; the rest by the signed-in leader."""
    company = factories.make_company(org, "Nul Inc")
    draft = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    wave = factories.make_campaign(company, open_link=secrets.token_urlsafe(16))
    closed = factories.make_campaign(company, status=CampaignStatus.CLOSED)
    prospect = factories.make_prospect(org)
    upload = (io.BytesIO(b"ann@example.com"), "people\x00.csv")
    assert wave.open_link_token is not None
    return wave.open_link_token, [
        ("/auth/login", {"email": "pat\x00@example.com", "password": "secret"}),
        ("/auth/login?next=/campaigns/%00", {"email": "a@example.com", "password": "x"}),
        (f"/s/{wave.open_link_token}%00", None),
        ("/survey/start", {"extra\x00": "1"}),
        ("/survey/answers", {"nonce": "n\x00" * 8}),
        ("/companies/new", {"name": "Acme\x00Sales", "kind": "own"}),
        ("/companies/new", {"name": "Acme", "kind": "own", "teams\x00": "Sales"}),
        (f"/companies/{company.id}/edit", {"name": "Nul\x00", "kind": "own"}),
        ("/campaigns/new", {"company_id": str(company.id), "title": "W\x00"}),
        (f"/campaigns/{draft.id}/edit", {"title": "W\x00", "min_group_size": "5"}),
        (f"/campaigns/{wave.id}/invite/emails", {"emails-emails": "a@example.com\x00"}),
        (f"/campaigns/{wave.id}/invite/csv", {"csv-file": upload}),
        (f"/campaigns/{wave.id}/invite/links", {"links-count": "5\x00"}),
        (f"/campaigns/{wave.id}/open-link", {"open-cap": "5\x00"}),
        (f"/campaigns/{closed.id}/reopen", {"closes_on": "\x00"}),
        ("/prospects/?industry=Bank%00ing", None),
        ("/prospects/new", {"name": "Litware\x00", "deal_size": "1"}),
        (f"/prospects/{prospect.id}/edit", {"name": "L", "notes": "\x00"}),
        (f"/prospects/{prospect.id}/assess", {"summary": "seen\x00", "source": "call"}),
        ("/self-check/", {"note": "\x00"}),
    ]


def test_a_nul_character_is_refused_on_every_form(
    app: Flask, leader_client: FlaskClient, org: Organization
) -> None:
    """PostgreSQL cannot store or compare U+0000: every engine refuses it the same way, with a
    page that says what to do, before any form is read."""
    open_link, requests = nul_requests(org)
    for url, data in requests:
        client = leader_client
        if url.startswith(("/auth", "/s/", "/survey")):
            client = app.test_client()
            assert client.get(f"/s/{open_link}").status_code == 302  # holds a survey session
        before = snapshot()
        response = client.get(url) if data is None else client.post(url, data=data)
        assert response.status_code == 400, url
        assert "invisible NUL character" in response.get_data(as_text=True)
        assert snapshot() == before, url


# --- sign-in ----------------------------------------------------------------------------------

# Failed sign-ins are recorded in login_failures by design (auth/throttle.py): that table is
# expected to change on a refused sign-in, so it is left out of the snapshot.
THROTTLE = frozenset({"login_failures", AUDIT_LOG})  # and the failed sign-in's entry
KNOWN_EMAIL = "pat.leader@example.com"


@pytest.fixture
def signed_up(app: Flask, org: Organization) -> User:
    user = factories.make_user(org, Role.LEADER, email=KNOWN_EMAIL)
    # Argon2 reads its cost from the hash: a cheap hash keeps the right-password examples fast
    # (the default costs about half a second a sign-in) without changing what is checked.
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(
        factories.PASSWORD
    )
    db.session.commit()
    # The lock after a few failures would answer 429 before any password is checked, and the
    # fuzz would stop testing the form; the throttle has its own tests.
    app.config["LOGIN_MAX_FAILURES_PER_EMAIL"] = 10_000
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 10_000
    return user


login_fields = {
    "email": Input(
        st.sampled_from([KNOWN_EMAIL, KNOWN_EMAIL.upper(), "someone.else@example.com"]),
        st.one_of(st.emails(), texts(300), st.just(f"{KNOWN_EMAIL}\x00")),
    ),
    # Passwords the form takes, one of them right: near misses must not sign in.
    "password": Input(
        st.sampled_from(
            [factories.PASSWORD, factories.PASSWORD.upper(), f" {factories.PASSWORD}", "hunter2"]
        ),
        st.one_of(st.just(factories.PASSWORD + "\x00"), texts(200)),
    ),
    "remember": Input(st.sampled_from(["", "y"]), texts(10)),
}


@fuzz(30)
@given(data=forms(login_fields))
def test_sign_in_never_fails_and_only_the_right_password_signs_in(
    app: Flask, signed_up: User, data: dict[str, str]
) -> None:
    client = app.test_client()  # a fresh browser: a signed-in one would just be redirected
    posted = post(client, "/auth/login", data, ignore=THROTTLE)
    email, password = data.get("email", ""), data.get("password", "")
    if posted.status == 302:
        assert email.strip().lower() == KNOWN_EMAIL
        assert password == factories.PASSWORD
        assert posted.location == "/"
        assert_loads(client, "/companies/")
        return
    posted.assert_refused()
    if posted.status == 200:
        assert (email.lower(), password) != (KNOWN_EMAIL, factories.PASSWORD)


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def browser_target(location: str) -> str:
    """Where a browser goes for this Location header, read from the sign-in page.

    Browsers drop tabs and newlines anywhere in a URL and read a backslash as a slash, so
    ``/\\evil.example`` is the other site ``//evil.example``.
    """
    cleaned = re.sub(r"[\t\n\r]", "", location).strip(_C0_AND_SPACE).replace("\\", "/")
    return urljoin("http://localhost/auth/login", cleaned)


@fuzz(25)
@given(
    target=st.one_of(
        st.sampled_from(
            [
                "/campaigns/",
                "//evil.example/",
                "/\\evil.example/",
                "/\t/evil.example/",
                "/%2F%2Fevil.example",
                "https://evil.example/",
                "javascript:alert(1)",
                "/\r\nSet-Cookie: x=1",
                "/ok\x00",
                "",
            ]
        ),
        texts(100).map(lambda t: "/" + t),
        texts(100),
    )
)
def test_sign_in_goes_back_only_to_this_site(app: Flask, signed_up: User, target: str) -> None:
    client = app.test_client()
    posted = post(
        client,
        "/auth/login?" + urlencode({"next": target}),
        {"email": KNOWN_EMAIL, "password": factories.PASSWORD},
        ignore=THROTTLE,
    )
    if posted.sent_nul:
        posted.assert_refused()
        return
    assert posted.status == 302, posted.page[:2000]
    assert urlsplit(browser_target(posted.location)).netloc == "localhost", posted.location


def test_bad_sign_in_keeps_the_email_but_never_the_password(client: FlaskClient) -> None:
    email = '<b>pat</b>"@example'
    posted = post(client, "/auth/login", {"email": email, "password": "<i>secret</i>"}, THROTTLE)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed(email) in posted.page
    assert "<b>pat</b>" not in posted.page
    assert "secret" not in posted.page


# --- companies --------------------------------------------------------------------------------

KINDS = [kind.value for kind in CompanyKind]
TEAM_NAME_MAX = 120


def line_breaks() -> Strategy[str]:
    return st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85"])


def team_lists() -> Strategy[str]:
    """The Teams text area: one team per line, in every line-ending and with every mistake."""
    return st.one_of(
        texts(),
        st.tuples(st.lists(texts(130), max_size=8), line_breaks()).map(lambda p: p[1].join(p[0])),
        st.lists(
            st.sampled_from(["Sales", "sales", " Sales ", "SALES", "Support"]), max_size=4
        ).map("\n".join),
        # Around the limit of 200 teams per company.
        st.integers(198, 202).map(lambda n: "\n".join(f"Team {i}" for i in range(n))),
    )


def good_team_lists() -> Strategy[str]:
    """Teams a company can have: different names, each on its own line."""
    names = st.lists(
        filled(TEAM_NAME_MAX).map(one_line).filter(bool), max_size=6, unique_by=str.casefold
    )
    return st.tuples(names, line_breaks()).map(lambda p: p[1].join(p[0]))


company_fields = {
    "name": Input(filled(200), texts()),
    "kind": Input(st.sampled_from(KINDS), texts(20)),
    "industry": Input(optional(120), texts()),
    "notes": Input(optional(5000), texts(6000)),
}


def check_stored_company(company: Company, data: dict[str, str], org: Organization) -> None:
    assert company.organization_id == org.id
    assert company.name == data["name"].strip()
    assert company.kind == CompanyKind(data["kind"])
    assert company.industry == (data.get("industry", "").strip() or None)
    assert company.notes == data.get("notes", "").strip()
    names = [team.name for team in company.teams]
    assert len({name.casefold() for name in names}) == len(names)
    assert all(0 < len(name) <= TEAM_NAME_MAX and name == one_line(name) for name in names)


@fuzz(40)
@given(data=forms({**company_fields, "teams": Input(good_team_lists(), team_lists())}))
def test_create_company(
    leader_client: FlaskClient, org: Organization, data: dict[str, str]
) -> None:
    posted = post(leader_client, "/companies/new", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only({"companies", "teams"})
    company = stored(Company, redirect_id(posted))
    check_stored_company(company, data, org)
    teams = [one_line(line) for line in data.get("teams", "").splitlines() if line.strip()]
    assert sorted(t.name for t in company.teams) == sorted(teams)
    assert_loads(leader_client, f"/companies/{company.id}", f"/companies/{company.id}/edit")
    assert_loads(leader_client, "/companies/")


@pytest.fixture
def globex(org: Organization) -> Company:
    """A company whose Presales team has answers: removing that team must be refused."""
    company = factories.make_company(org, "Globex", teams=("Sales", "Support", "Presales"))
    campaign = factories.make_campaign(company)
    factories.make_responses(campaign, company.teams[0], 1)  # teams are ordered by name
    return company


# A row of the edit page's team table: which team (by position among the current teams, or a
# forged id), its new name and the Remove box.
team_rows = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 5), texts(12)),
        st.one_of(st.sampled_from(["Sales", "Support", "Presales", "sales"]), texts(130)),
        st.one_of(st.none(), st.sampled_from(["y", "false", ""])),
    ),
    max_size=4,
)


def team_row_fields(company: Company, rows: list[tuple[int | str, str, str | None]]) -> dict:
    ids = [str(team.id) for team in company.teams]
    data: dict[str, str] = {}
    for n, (which, name, remove) in enumerate(rows):
        forged = not isinstance(which, int) or not ids
        data[f"existing-{n}-id"] = str(which) if forged else ids[int(which) % len(ids)]
        data[f"existing-{n}-name"] = name
        if remove is not None:
            data[f"existing-{n}-remove"] = remove
    return data


@fuzz(40)
@given(
    data=forms({**company_fields, "new_teams": Input(good_team_lists(), team_lists())}),
    rows=team_rows,
)
def test_edit_company(
    leader_client: FlaskClient, org: Organization, globex: Company, data: dict, rows: list
) -> None:
    company = stored(Company, globex.id)
    answered = set(db.session.scalars(select(Response.team_id).where(Response.team_id.isnot(None))))
    data = {**data, **team_row_fields(company, rows)}
    posted = post(leader_client, f"/companies/{company.id}/edit", data)
    if posted.status == 404:  # a team id that is not this company's, or one listed twice
        posted.assert_rejected(404)
        return
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only({"companies", "teams", "campaign_teams"})
    company = stored(Company, company.id)
    check_stored_company(company, data, org)
    assert answered <= {t.id for t in company.teams}  # renamed maybe, never removed
    assert_loads(leader_client, f"/companies/{company.id}", f"/companies/{company.id}/edit")


def test_a_team_listed_twice_is_refused(leader_client: FlaskClient, globex: Company) -> None:
    """Removing the same team twice (a forged form) was a 500: list.remove(x): x not in list."""
    sales = next(team for team in globex.teams if team.name == "Sales")
    row = {"id": str(sales.id), "name": "Sales", "remove": "y"}
    data = {"name": "Globex", "kind": "own"}
    data.update({f"existing-{n}-{key}": value for n in (0, 1) for key, value in row.items()})
    post(leader_client, f"/companies/{globex.id}/edit", data).assert_rejected(404)


def test_refused_company_keeps_what_was_typed(leader_client: FlaskClient) -> None:
    name = '<b>Acme</b> & "Sons"'
    notes = "<script>alert('x')</script>"
    data = {"name": name, "kind": "own", "notes": notes, "teams": "Sales\nsales"}
    posted = post(leader_client, "/companies/new", data)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    for text in (name, notes, "Sales\nsales"):
        assert typed(text) in posted.page
    assert "<script>alert" not in posted.page


# --- campaigns --------------------------------------------------------------------------------

INSTRUMENT_KEYS = list(latest_versions())
CAMPAIGN_TABLES = {"campaigns", "campaign_instruments", "campaign_teams"}


@pytest.fixture
def initech(org: Organization, other_org: Organization) -> tuple[Company, Company]:
    """The leader's company, and one of another organisation whose ids must be refused."""
    return factories.make_company(org, "Initech"), factories.make_company(other_org, "Hooli")


# Ticked team boxes: "own:<n>" / "other:<n>" name a team of a company by position.
own_teams = st.lists(st.sampled_from(["own:0", "own:1"]), unique=True)
any_teams = st.lists(st.one_of(st.sampled_from(["own:0", "other:0"]), numbers(-1, 10**6)))

campaign_fields = {
    "title": Input(filled(200), texts()),
    "instruments": Input(
        st.lists(st.sampled_from(INSTRUMENT_KEYS), min_size=1, unique=True),
        st.lists(st.one_of(st.sampled_from(INSTRUMENT_KEYS), texts(30)), max_size=3),
    ),
    "teams": Input(own_teams, any_teams),
    "opens_on": Input(st.one_of(st.just(""), days_from_today(-30, 0)), dates()),
    "closes_on": Input(st.one_of(st.just(""), days_from_today(0, 400)), dates()),
    "min_group_size": Input(st.integers(3, 10).map(str), numbers(0, 12)),
}


def resolve_teams(values: list[str], own: Company, other: Company) -> list[str]:
    """Turn ``own:<n>`` / ``other:<n>`` into that team's real id; other values go as they are."""
    companies = {"own": own, "other": other}
    out = []
    for value in values:
        which, _, n = value.partition(":")
        if which in companies and n.isdigit():
            value = str(companies[which].teams[int(n)].id)
        out.append(value)
    return out


def check_stored_campaign(campaign: Campaign, data: dict[str, Any]) -> None:
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.title == data["title"].strip()
    assert campaign.min_group_size == int(data["min_group_size"])
    assert 3 <= campaign.min_group_size <= 10
    assert {ci.instrument_key for ci in campaign.instruments} == set(data["instruments"])
    # A blank first box makes the whole (optional) field empty: WTForms' Optional() stops at
    # a blank first value. A browser never sends one; a forged form only clears the teams.
    teams = data.get("teams", [])
    assert {str(t.id) for t in campaign.teams} == (
        {v.strip() for v in teams} if teams and teams[0].strip() else set()
    )
    assert all(t.company_id == campaign.company_id for t in campaign.teams)
    if campaign.closes_on is not None:
        assert campaign.closes_on >= date.today() - timedelta(days=1)  # UTC vs local date
        assert campaign.opens_on is None or campaign.opens_on <= campaign.closes_on


@fuzz(40)
@given(
    data=forms(
        {
            **campaign_fields,
            "company_id": Input(st.just("own"), st.one_of(st.just("other"), numbers(-1, 10**6))),
        }
    ),
    refresh=st.booleans(),
)
def test_create_campaign(
    leader_client: FlaskClient, initech: tuple[Company, Company], data: dict, refresh: bool
) -> None:
    own, other = initech
    data = {**data, "teams": resolve_teams(data.get("teams", []), own, other)}
    if "company_id" in data:
        data["company_id"] = {"own": str(own.id), "other": str(other.id)}.get(
            data["company_id"], data["company_id"]
        )
    if refresh:  # the "show this company's teams" button: never stores anything
        data["refresh"] = "1"
    posted = post(leader_client, "/campaigns/new", data)
    if refresh:
        posted.assert_rejected(200, 400)
        return
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only(CAMPAIGN_TABLES)
    campaign = stored(Campaign, redirect_id(posted))
    assert campaign.company_id == own.id
    check_stored_campaign(campaign, data)
    assert_loads(leader_client, f"/campaigns/{campaign.id}", f"/campaigns/{campaign.id}/edit")
    assert_loads(leader_client, f"/campaigns/{campaign.id}/invite", "/campaigns/")


@pytest.fixture
def draft_wave(initech: tuple[Company, Company]) -> Campaign:
    return factories.make_campaign(initech[0], status=CampaignStatus.DRAFT)


@fuzz(40)
@given(data=forms(campaign_fields))
def test_edit_draft_campaign(
    leader_client: FlaskClient,
    initech: tuple[Company, Company],
    draft_wave: Campaign,
    data: dict[str, Any],
) -> None:
    own, other = initech
    campaign_id = draft_wave.id
    data = {**data, "teams": resolve_teams(data.get("teams", []), own, other)}
    posted = post(leader_client, f"/campaigns/{campaign_id}/edit", data)
    if posted.status != 302:
        posted.assert_refused()
        return
    posted.assert_changed_only(CAMPAIGN_TABLES)
    check_stored_campaign(stored(Campaign, campaign_id), data)
    assert_loads(leader_client, f"/campaigns/{campaign_id}", f"/campaigns/{campaign_id}/edit")


def test_refused_campaign_keeps_what_was_typed(
    leader_client: FlaskClient, initech: tuple[Company, Company]
) -> None:
    own, _ = initech
    title = '<b>Spring</b> & "wave"'
    data = {
        "company_id": str(own.id),
        "title": title,
        "instruments": INSTRUMENT_KEYS,
        "min_group_size": "2",  # under the smallest k
    }
    posted = post(leader_client, "/campaigns/new", data)
    posted.assert_rejected(200)
    posted.assert_shows_error()
    assert typed(title) in posted.page
    assert 'value="2"' in posted.page
    assert "<b>Spring</b>" not in posted.page


@fuzz(30)
@given(closes_on=st.one_of(st.none(), days_from_today(0, 60), dates()), extra=unknown_fields())
def test_reopen_campaign(
    leader_client: FlaskClient,
    initech: tuple[Company, Company],
    closes_on: str | None,
    extra: dict[str, str],
) -> None:
    """The reopen button's date: a bad one is a message on the campaign page, nothing else."""
    campaign = factories.make_campaign(initech[0], status=CampaignStatus.CLOSED)
    campaign_id, closed_on = campaign.id, campaign.closes_on
    data = {**extra, **({} if closes_on is None else {"closes_on": closes_on})}
    posted = post(leader_client, f"/campaigns/{campaign_id}/reopen", data)
    if posted.status == 400:
        posted.assert_refused()
        return
    assert posted.status == 302
    campaign = stored(Campaign, campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        assert not posted.changed
        assert 'role="alert"' in leader_client.get(posted.location).get_data(as_text=True)
        return
    posted.assert_changed_only({"campaigns"})
    assert campaign.status == CampaignStatus.OPEN
    wanted = (closes_on or "").strip()
    assert campaign.closes_on == (date.fromisoformat(wanted) if wanted else closed_on)
    assert campaign.closes_on is None or campaign.closes_on >= date.today() - timedelta(days=1)
    assert_loads(leader_client, f"/campaigns/{campaign_id}", "/campaigns/")
