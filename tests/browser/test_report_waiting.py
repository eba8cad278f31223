"""The PDF's waiting page in a real browser, on a real queue: it shows the render's progress,
passes axe, and its script downloads the PDF by itself once the consumer (here, the test
taking the task) has rendered it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import CampaignStatus, ReportRender, Role
from survey_app.reports.jobs import render_report
from tests import factories

from .conftest import LiveServer, PageFactory, _free_port
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def queued_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The live server with the queue on (JOBS_IMMEDIATE off): nothing renders by itself."""
    tmp: Path = tmp_path_factory.mktemp("queued")
    app = create_app(
        {
            "TESTING": True,
            "JOBS_IMMEDIATE": False,
            "INSTANCE_PATH": str(tmp),
            "SECRET_KEY": "live-server-test-key-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'queued.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        db.session.remove()
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def test_the_waiting_page_shows_progress_and_downloads_when_ready(
    queued_server: LiveServer, new_page: PageFactory
) -> None:
    def seed() -> tuple[str, int]:
        org = factories.make_org("Waiting Org")
        leader = factories.make_user(org, Role.LEADER)
        company = factories.make_company(org, name="Acme Traders")
        campaign = factories.make_campaign(company, title="Q3 pulse", status=CampaignStatus.CLOSED)
        return leader.email, campaign.id

    email, campaign_id = queued_server.seed(seed)
    page = new_page(viewport={"width": 390, "height": 844})  # a phone
    page.goto(queued_server("/auth/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)

    page.goto(queued_server(f"/campaigns/{campaign_id}/report.pdf"))
    expect(page.get_by_role("heading", name="PDF report")).to_be_visible()
    expect(page.locator("#report-stage")).to_have_text("Waiting for the report renderer")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_role("link", name="Download the PDF when ready (refresh)")).to_be_visible()
    assert_accessible(Axe(), page)

    render_id = queued_server.seed(lambda: db.session.scalar(select(ReportRender.id)))
    with page.expect_download(timeout=60_000) as info:
        queued_server.seed(lambda: render_report(render_id))  # the consumer's turn
    download = info.value
    assert download.suggested_filename == "acme-traders-q3-pulse-report.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    expect(page.locator("#report-stage")).to_have_text("Ready: the download starts.")
