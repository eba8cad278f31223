"""Every download is named by one function, safe whatever the names it is made of.

The download routes are found by walking the URL map (a route ending in .pdf, .csv or .xlsx),
so a new one is tried here without anyone remembering to add it. Each is fetched with names in
Cyrillic, in Chinese, with a right-to-left override, and as long as a form takes: the header is
ASCII (gunicorn refuses anything else), the ASCII ``filename`` is a plain slug, and
``filename*`` (RFC 6266 / 5987) gives back the real name without control, bidi or path
characters, short enough for any file system. One route is also tried through real gunicorn,
whose worker a non-ASCII header used to kill.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

import survey_app
from survey_app.downloads import MAX_BYTES, MAX_CHARACTERS, download_name
from survey_app.gunicorn_conf import RedactingLogger, redact_path
from survey_app.models import CampaignStatus, Organization, Role, User

from . import factories
from .load import harness

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]  # PDFs

LONGEST = 200  # the longest name or title a form takes (and the column holds)
NAMES = {
    "cyrillic": "Жук и партнёры",
    "chinese": "北京销售部",
    "right-to-left override": "Acme\u202e\u2067fdp.exe\u202c/../../etc/passwd\r\n",
    "long": "Ж" + "x" * (LONGEST - 1),
}
# What the real name keeps of each (lower-cased letters and digits, dashes between).
KEPT = {
    "cyrillic": "жук-и-партнёры",
    "chinese": "北京销售部",
    "right-to-left override": "acme-fdp-exe-etc-passwd",
    "long": "ж" + "x" * 20,
}
ENDPOINTS = {
    "reports.campaign_pdf",
    "reports.company_pdf",
    "prospects.one_pager",
    "exports.campaign_csv",
    "exports.campaign_xlsx",
}
DOWNLOAD = re.compile(r"\.(pdf|csv|xlsx|zip)$")
ASCII_NAME = re.compile(r'^attachment; filename="([a-z0-9-]+\.(?:pdf|csv|xlsx|zip))"')
LONGEST_SUFFIX = "-csv.zip"
REAL_NAME = re.compile(r"; filename\*=UTF-8''([A-Za-z0-9%!#$&+\-.^_`|~]+)$")
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}  # control, format (bidi), separators


def download_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if DOWNLOAD.search(rule.rule)]


def check_disposition(value: str, kept: str) -> str:
    """The header is safe; returns the real file name it gives."""
    assert all(32 <= ord(char) < 127 for char in value), value
    plain = ASCII_NAME.match(value)
    assert plain, value
    real = REAL_NAME.search(value)
    name = unquote(real.group(1), errors="strict") if real else plain.group(1)
    assert not {unicodedata.category(char) for char in name} & UNSAFE, name
    for separator in ("/", "\\", ".."):
        assert separator not in name, name
    assert len(name.encode()) <= MAX_BYTES + len(LONGEST_SUFFIX), name
    assert kept in name, (kept, name)
    return name


@pytest.mark.parametrize(
    ("parts", "real", "fallback"),
    [
        (("Northwind Traders", "Spring 2026 pulse"), "northwind-traders-spring-2026-pulse", None),
        (('Ac"me\r\nX-Evil: 1', "../../etc"), "ac-me-x-evil-1-etc", None),
        (("Société Générale",), "société-générale", "societe-generale"),
        (("<<>>",), "report", None),
        (("one-pager", "北京销售部"), "one-pager-北京销售部", "one-pager"),
        (("one-pager", "Ж"), "one-pager-ж", "one-pager"),
        (("\u202eexe.pdf",), "exe-pdf", None),
        (("x" * 300,), "x" * MAX_CHARACTERS, None),
        (("北" * 300,), "北" * (MAX_BYTES // 3), "report"),
    ],
)
def test_download_name(parts, real, fallback):
    name = download_name(*parts, suffix=".pdf", default="report")
    assert name.name == real + ".pdf"
    assert name.ascii == (fallback or real) + ".pdf"
    check_disposition(name.content_disposition(), real)


@pytest.mark.parametrize("kind", list(NAMES))
def test_every_download_route_takes_any_name(
    app: Flask,
    leader_client: FlaskClient,
    admin_client: FlaskClient,
    org: Organization,
    leader: User,
    kind: str,
) -> None:
    name = NAMES[kind]
    company = factories.make_company(org, name)
    campaign = factories.make_campaign(company, name, status=CampaignStatus.CLOSED)
    factories.make_invitation(campaign, email="pat@example.com")
    prospect = factories.make_prospect(org, name=name[: LONGEST - 2] + " P")  # names are unique
    session, _action = factories.make_session_and_action(campaign, leader, name[:40])
    ids = {"campaign_id": campaign.id, "company_id": company.id, "prospect_id": prospect.id}
    ids["session_id"] = session.id  # the pre-read and the deck
    rules = download_rules(app)
    assert {rule.endpoint for rule in rules} >= ENDPOINTS
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        path = adapter.build(rule.endpoint, {a: ids[a] for a in rule.arguments})
        response = leader_client.get(path)
        if response.status_code == 403:  # an administrator's download (the audit log)
            response = admin_client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        kept = KEPT[kind] if rule.endpoint in ENDPOINTS else ""  # named after what it is about
        real = check_disposition(response.headers["Content-Disposition"], kept)
        assert real.endswith(path.rsplit(".", 1)[1]), real
        if path.endswith(".pdf"):
            assert response.data.startswith(b"%PDF-")


def test_no_download_names_itself():
    """Only survey_app/downloads.py writes a Content-Disposition header."""
    package = Path(survey_app.__file__).parent
    writers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "Content-Disposition" in path.read_text() and path.name != "downloads.py"
    ]
    assert writers == []


def test_the_access_logger_never_raises():
    """gunicorn's error path logs with atoms that lack the path (None), or cannot make them."""
    assert redact_path(None) == "-"
    assert redact_path(b"/s/abc") == "-"
    assert redact_path("/s/secret-token/x") == "/s/[token]/x"

    class Config:
        accesslog = "-"
        logconfig = logconfig_dict = logconfig_json = syslog = None
        disable_redirect_access_to_syslog = False
        access_log_format = '"%(m)s %(U)s" %(s)s'

    logger = RedactingLogger.__new__(RedactingLogger)
    logger.cfg = Config()  # type: ignore[assignment]

    class Broken:
        status = "500 Internal Server Error"
        headers: list[tuple[str, str]] = []
        sent = 0

    class Request:
        headers: list[tuple[str, str]] = []

    # No PATH_INFO, no REQUEST_METHOD, no RAW_URI: gunicorn's own atoms() raises KeyError.
    for environ in ({}, {"PATH_INFO": None, "REQUEST_METHOD": "GET"}):
        atoms = logger.atoms(Broken(), Request(), environ, _Elapsed())
        assert atoms["U"] == "-"
        assert atoms["h"] == "-"


class _Elapsed:
    seconds = 0
    microseconds = 1000


def test_non_ascii_one_pagers_through_gunicorn_leave_the_worker_alive(tmp_path):
    """The defect as found: a rep downloads the one-pager of a prospect named in Chinese or
    Cyrillic from the production server, which answered with a dead worker. One server for
    both names (a boot and a migration cost more than the downloads)."""
    kinds = ("chinese", "cyrillic")
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        harness.migrate(url)
        with harness.app_context(url):
            org = factories.make_org("Download Org")
            rep = factories.make_user(org, Role.REP, "rep@example.com")
            prospect_ids = {}
            for kind in kinds:
                prospect = factories.make_prospect(org, rep, name=NAMES[kind])
                factories.make_assessment(prospect, rep, evidence="Seen in the meeting")
                prospect_ids[kind] = prospect.id
        log_path = tmp_path / "gunicorn.log"
        # One sync worker: every request lands on the worker that served the download.
        args = ("--worker-class", "sync", "--access-logfile", str(tmp_path / "access.log"))
        with harness.gunicorn(url, log_path, workers=1, args=args) as server:
            client = harness.Client(server.port)
            page = client.get("/auth/login")
            token = dict(harness.parse_form(page.body, form_id=None).hidden)["csrf_token"]
            form = [("csrf_token", token), ("email", "rep@example.com")]
            signed_in = client.post("/auth/login", [*form, ("password", factories.PASSWORD)])
            assert signed_in.status == 302, signed_in.body[:500]
            for kind in kinds:
                for _ in range(2):
                    reply = client.get(f"/prospects/{prospect_ids[kind]}/one-pager.pdf")
                    assert reply.status == 200, (kind, reply.body[:500])
                    check_disposition(reply.headers["Content-Disposition"], KEPT[kind])
                    assert reply.headers["Content-Type"] == "application/pdf"
                assert client.get("/prospects/").status == 200
        log = log_path.read_text(errors="replace")
        access = (tmp_path / "access.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    assert log.count("Booting worker") == 1, log[-3000:]  # the first worker served them all
    assert access.count('one-pager.pdf" 200') == 4, access
