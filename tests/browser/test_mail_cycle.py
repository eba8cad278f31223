"""The whole mail cycle in a real browser, with a real SMTP server (aiosmtpd) and a real job
consumer process (``flask jobs``), as issue 15 asks:

1. import 50 addresses; 2. watch the progress reach 50 sent; 3. answer as 3 of them, from the
links in their mails; 4. press "Remind": exactly 47 reminders arrive, none to the 3 who
answered; 5. an automatic reminder fires when the clock is moved to its date; 6. a recurring
campaign makes its next wave on close.

The web server (a thread here) and the consumer (another process) share one SQLite database,
one queue file and one clock file (``CLOCK_FILE``, survey_app/clock.py): moving the clock is
writing a date into it. The consumer runs the campaign schedule every five minutes; the test
queues that same task at once (as the consumer's scheduler would) rather than wait for the
minute.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.campaigns.recurrence import next_wave_of
from survey_app.campaigns.tasks import campaign_schedule
from survey_app.extensions import db
from survey_app.instruments import SCORECARD
from survey_app.jobs import enqueue
from survey_app.models import Invitation, Role
from tests import factories
from tests.browser.test_every_page import Checked, check_page
from tests.browser.test_respondent_journey import PRACTICES, answer_practices
from tests.smtp import MailServer, text_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SECRET = "mail-cycle-test-key-0123456789abcdef"
PEOPLE = [f"person{n:02}@example.com" for n in range(50)]
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(predicate: Callable[[], bool], seconds: float = 45.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@dataclass
class Cycle:
    app: Flask
    url: str
    mailbox: MailServer
    clock: Path
    log: Path

    def seed(self, fn):  # type: ignore[no-untyped-def]
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()

    def mails(self, subject: str) -> list[tuple[str, str]]:
        """(recipient, text) of every mail caught whose subject starts with ``subject``."""
        return [
            (rcpts[0], text_of(message))
            for rcpts, message in list(self.mailbox.messages)
            if str(message["Subject"]).startswith(subject)
        ]


@pytest.fixture
def cycle(tmp_path: Path) -> Iterator[Cycle]:
    """The app on a live port with a real queue (not inline), and a consumer process."""
    mailbox = MailServer().start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    database = f"sqlite:///{tmp_path / 'cycle.sqlite3'}"
    queue_file, clock = tmp_path / "jobs.sqlite3", tmp_path / "clock.txt"
    settings = {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mailbox.port,
        "MAIL_SENDER": "scorecard@example.com",
        "PUBLIC_BASE_URL": url,
        "JOBS_SQLITE_PATH": str(queue_file),
        "CLOCK_FILE": str(clock),
        "JOBS_MAX_DELAY": 0.2,  # an idle consumer looks for work five times a second
    }
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": database,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "JOBS_IMMEDIATE": False,
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
        db.session.remove()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SURVEY_APP_")},
        "SURVEY_APP_ENV_NAME": "development",
        "SURVEY_APP_JOBS_IMMEDIATE": "0",
        "SECRET_KEY": SECRET,  # the opt-out links it signs are checked by the web server
        "DATABASE_URL": database,
        **{f"SURVEY_APP_{key}": str(value) for key, value in settings.items()},
    }
    log = tmp_path / "consumer.log"
    with log.open("w") as out:
        consumer = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "survey_app", "jobs", "-w", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Cycle(app, url, mailbox, clock, log)
    finally:
        consumer.send_signal(signal.SIGTERM)  # no need to wait for a graceful stop
        try:
            consumer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()
        mailbox.stop()


def _seed(cycle: Cycle) -> tuple[str, int, date]:
    def make() -> tuple[str, int, date]:
        org = factories.make_org("Acme Sales")
        leader = factories.make_user(org, Role.LEADER)
        company = factories.make_company(org, "Acme Sales", teams=())
        campaign = factories.make_campaign(
            company, title="Monthly pulse", with_teams=False, instruments=(SCORECARD,)
        )
        campaign.reminder_days = [7, 2]
        campaign.repeat_weeks = 4
        db.session.commit()
        return leader.email, campaign.id, campaign.closes_on

    return cycle.seed(make)


def _count(cycle: Cycle, predicate) -> int:  # type: ignore[no-untyped-def]
    return int(cycle.seed(lambda: db.session.scalar(select(func.count()).where(predicate))) or 0)


def _answer(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_role("link", name="Start the survey").click()
    answer_practices(page, PRACTICES)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page).to_have_url(re.compile(r"/survey/thanks$"))


def test_import_send_answer_remind_schedule_and_next_wave(cycle: Cycle, new_page) -> None:  # type: ignore[no-untyped-def]
    email, campaign_id, closes_on = _seed(cycle)
    leader = new_page(viewport=DESKTOP)
    leader.goto(cycle.url + "/auth/login")
    leader.get_by_label("Email", exact=True).fill(email)
    leader.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    leader.get_by_role("button", name="Sign in").click()

    # 1-2. Import 50 addresses; the progress, polled without a reload, reaches 50 sent.
    leader.goto(f"{cycle.url}/campaigns/{campaign_id}/invite")
    leader.locator("#csv-file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": "\n".join(PEOPLE).encode()}
    )
    leader.locator("#csv-heading").locator("..").get_by_role("button", name="Import").click()
    expect(leader.locator("#import-summary")).to_contain_text("50 people invited")
    expect(leader.locator("#mail-progress [data-mail-count=sent]").first).to_have_text(
        "50", timeout=45000
    )
    invitations = dict(cycle.mails("Your views on teamwork"))
    assert sorted(invitations) == PEOPLE, cycle.log.read_text()

    # 3. Three of them answer, each from the link in their own mail.
    answered = PEOPLE[:3]
    for person in answered:
        (token,) = factories.tokens_in(invitations[person])
        _answer(new_page(), f"{cycle.url}/s/{token}")

    # 4. "Remind": the confirmation says 47, and exactly 47 reminders arrive, none to the 3.
    leader.goto(f"{cycle.url}/campaigns/{campaign_id}")
    leader.get_by_role("link", name="Remind everyone who has not answered…").click()
    expect(leader.get_by_text("47 people invited by email have not answered yet")).to_be_visible()
    axe, checked = Axe(), Checked()
    check_page(leader, axe, checked, "the reminder's confirmation")
    leader.get_by_role("button", name="Send 47 reminders").click()
    expect(leader.get_by_text("47 reminders queued.")).to_be_visible()
    assert _wait_for(lambda: len(cycle.mails("Reminder")) >= 47), cycle.log.read_text()
    reminded = [to for to, _ in cycle.mails("Reminder")]
    assert sorted(reminded) == PEOPLE[3:]
    assert not set(reminded) & set(answered)

    # 5. The clock moves to 7 days before closing; the schedule sends its reminder, once.
    cycle.clock.write_text((closes_on - timedelta(days=7)).isoformat())
    with cycle.app.app_context():
        enqueue(campaign_schedule)
        enqueue(campaign_schedule)  # as a second consumer would: no second round
    assert _wait_for(lambda: len(cycle.mails("Reminder")) >= 94), cycle.log.read_text()
    scheduled = [to for to, _ in cycle.mails("Reminder")][47:]
    assert sorted(scheduled) == PEOPLE[3:]
    leader.reload()
    rounds = leader.locator("#reminder-rounds tbody tr")
    expect(rounds).to_have_count(2)
    expect(rounds.first).to_contain_text("Automatic, 7 days before closing")
    expect(rounds.first).to_contain_text("47")
    expect(leader.locator("#reminders-sent")).to_have_text("94 sent")
    check_page(leader, axe, checked, "the campaign page with its reminders")

    # 6. Closing the recurring campaign makes its next wave, once, with the same 50 people.
    leader.get_by_role("link", name="Close…").click()
    leader.get_by_role("button", name="Close the campaign").click()
    expect(leader.get_by_text("The campaign is now closed.")).to_be_visible()

    def next_id() -> int | None:
        return cycle.seed(lambda: getattr(next_wave_of(campaign_id), "id", None))

    assert _wait_for(lambda: next_id() is not None), cycle.log.read_text()
    nxt = next_id()
    assert _count(cycle, Invitation.campaign_id == nxt) == 50
    assert _wait_for(lambda: len(cycle.mails("Next wave made")) == 1), cycle.log.read_text()
    leader.reload()
    expect(leader.locator("#next-wave")).to_contain_text("Monthly pulse (wave 2)")
    leader.locator("#next-wave").get_by_role("link").click()
    expect(leader.locator("#previous-wave")).to_contain_text("Monthly pulse")
    check_page(leader, axe, checked, "the next wave's page")
    leader.goto(f"{cycle.url}/campaigns/{nxt}/edit")
    check_page(leader, axe, checked, "the next wave's edit page")
    assert checked.failures == []
    assert len(cycle.mails("Reminder")) == 94  # nothing more went out meanwhile
