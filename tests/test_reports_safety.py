"""Text users typed cannot make a report read a file or reach the network.

Company, team and campaign names carrying HTML go through a full report, charts included,
while a local HTTP server counts every request it receives.
"""

from __future__ import annotations

import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from pypdf import PdfReader

from survey_app.models import CampaignStatus
from survey_app.reports.campaign import campaign_report
from survey_app.reports.company import company_report
from survey_app.reports.document import render_pdf
from survey_app.surveys.submission import submit_response

from . import factories

pytestmark = [pytest.mark.slow, pytest.mark.engine_independent]


@pytest.fixture
def trap():
    """A local HTTP server that records every request."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _payloads(port: int) -> dict[str, str]:
    return {
        "company": f'Acme <img src="file:///etc/passwd"> <img src="http://127.0.0.1:{port}/c.png">',
        "team": '<link rel="attachment" href="file:///etc/passwd"> Team',
        "title": (
            f'Pulse <img src="http://127.0.0.1:9/x.png"> <a href="http://evil">click</a> '
            f'<img src="http://127.0.0.1:{port}/t.png">'
        ),
    }


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def hostile_campaign(org, trap):
    port, _ = trap
    names = _payloads(port)
    company = factories.make_company(org, name=names["company"], teams=(names["team"], "Ops"))
    campaign = factories.make_campaign(company, title=names["title"], k=5)
    team = next(t for t in company.teams if t.name == names["team"])
    for _ in range(6):
        invitation = factories.make_invitation(campaign, team=team)
        submit_response(
            invitation.id, factories.complete_answers(campaign, 8, 2), None, secrets.token_hex(8)
        )
    campaign.status = CampaignStatus.CLOSED
    return campaign


@pytest.mark.parametrize("which", ["campaign", "company"])
def test_user_text_is_printed_literally_and_fetches_nothing(hostile_campaign, trap, which):
    port, hits = trap
    content = (
        campaign_report(hostile_campaign)
        if which == "campaign"
        else company_report(hostile_campaign.company)
    )
    assert content.charts, "the report must draw charts for this test to mean anything"
    pdf = render_pdf(content)
    reader = PdfReader(BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert hits == []
    assert reader.attachments == {}
    assert "root:" not in text
    assert b"root:x:0:0" not in pdf
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            uri = str(annotation.get_object().get("/A", {}).get("/URI", ""))
            assert "evil" not in uri
            assert "127.0.0.1" not in uri

    names = _payloads(port)
    flat = _flat(text)
    assert _flat(names["company"]) in flat
    if which == "campaign":
        assert _flat(names["title"]) in flat
        assert _flat(names["team"]) in flat  # the team table
    else:
        assert _flat(names["title"]) in flat  # the waves table


def test_the_fetcher_stops_raw_html_too(trap):
    """Even if text reached the HTML unescaped, the fetcher would load none of it."""
    from survey_app.reports.pdf import html_to_pdf

    port, hits = trap
    html = (
        '<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        '<img src="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{port}/x.png">'
        '<img src="/static/../../../../etc/passwd">'
        f'<svg><image href="http://127.0.0.1:{port}/svg.png" width="9" height="9"/></svg>'
        "<p>body</p>"
    )
    pdf = html_to_pdf(html)
    assert hits == []
    assert PdfReader(BytesIO(pdf)).attachments == {}
    assert b"root:x:0:0" not in pdf
