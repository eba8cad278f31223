"""The invite page's mail progress in a real browser: the counts follow the queue without a
reload (our own mail_progress.js), the no-consumer warning and Retry come and go, and the pages
pass axe; the mail's opt-out page too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select, update
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.campaigns.mail_jobs import queue_mail
from survey_app.campaigns.optout import optout_token
from survey_app.extensions import db
from survey_app.models import Invitation, MailDelivery, MailState, Role
from tests import factories

from .conftest import LiveServer, PageFactory, _free_port
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def queued_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Mail on and the queue on (JOBS_IMMEDIATE off), with no consumer: the test moves the
    deliveries itself, as a consumer would."""
    tmp: Path = tmp_path_factory.mktemp("mail-progress")
    app = create_app(
        {
            "TESTING": True,
            "JOBS_IMMEDIATE": False,
            "INSTANCE_PATH": str(tmp),
            "SECRET_KEY": "live-server-test-key-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'mail.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 9,  # never reached: nothing consumes the queue here
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


def test_the_progress_follows_the_queue_without_a_reload(
    queued_server: LiveServer, new_page: PageFactory
) -> None:
    def seed() -> tuple[str, int, str]:
        org = factories.make_org("Mail Org")
        leader = factories.make_user(org, Role.LEADER)
        campaign = factories.make_campaign(factories.make_company(org), title="Q3 pulse")
        ids = [factories.make_invitation(campaign, email=f"p{n}@example.com").id for n in range(3)]
        with queued_server.app.test_request_context():
            queue_mail(campaign, ids, "invitation", queued_server.url)
        return leader.email, campaign.id, optout_token(ids[0])

    email, campaign_id, signed = queued_server.seed(seed)
    page = new_page()
    page.goto(queued_server("/auth/login"))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)

    page.goto(queued_server(f"/campaigns/{campaign_id}/invite"))
    panel = page.locator("#mail-progress")
    expect(panel.locator("[data-mail-count=queued]")).to_have_text("3")
    expect(panel.locator("[data-mail-count=sent]")).to_have_text("0")
    expect(panel.get_by_text("no job consumer is running")).to_be_visible()
    expect(panel.get_by_role("button", name="Retry now")).to_be_hidden()
    assert_accessible(Axe(), page)

    def deliver() -> None:  # what a consumer does: two accepted, one refused
        rows = list(db.session.scalars(select(MailDelivery.id).order_by(MailDelivery.id)))
        db.session.execute(
            update(MailDelivery).where(MailDelivery.id.in_(rows[:2])).values(state="sent")
        )
        db.session.execute(
            update(MailDelivery)
            .where(MailDelivery.id == rows[2])
            .values(state=MailState.FAILED, reason="mail server refused (550)")
        )
        db.session.commit()

    queued_server.seed(deliver)
    expect(panel.locator("[data-mail-count=sent]")).to_have_text("2", timeout=15_000)
    expect(panel.locator("[data-mail-count=queued]")).to_have_text("0")
    expect(panel.get_by_text("no job consumer is running")).to_be_hidden()
    expect(panel.get_by_role("button", name="Retry now")).to_be_visible()
    expect(panel.locator("[data-mail-reasons]")).to_have_text("mail server refused (550)")
    assert_accessible(Axe(), page)

    # The mail's opt-out page: it asks, then says so, and the leader sees a count.
    page.goto(queued_server(f"/u/{signed}"))
    assert_accessible(Axe(), page)
    page.get_by_role("button", name="Stop the emails").click()
    expect(page.get_by_role("heading", name="You will get no more emails about this survey"))
    assert_accessible(Axe(), page)
    declined = queued_server.seed(
        lambda: db.session.scalar(select(Invitation.declined_at).order_by(Invitation.id))
    )
    assert declined is not None
    page.goto(queued_server(f"/campaigns/{campaign_id}/invite"))
    expect(panel.locator("[data-mail-count=declined]")).to_have_text("1")
