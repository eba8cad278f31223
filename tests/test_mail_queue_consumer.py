"""Invitation mail on a real consumer process: killed with SIGKILL mid-send and restarted, it
leaves no invitation unsent, and sends a mail twice only if it was in flight at the kill."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from survey_app.campaigns.mail_jobs import queue_mail
from survey_app.extensions import db
from survey_app.models import Invitation, InvitationKind, MailDelivery, MailState, token_digest
from tests import factories
from tests.conftest import app_on_fresh_database
from tests.smtp import MailServer, text_of

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 150  # two batches of 100 and 50


class HoldingServer(MailServer):
    """aiosmtpd that, at the n-th mail of ``hold_at``, keeps the mail and withholds its "250"
    until released: the sender is then caught with exactly one mail in flight."""

    def __init__(self, hold_at: list[int]) -> None:
        super().__init__()
        self.hold_at = list(hold_at)
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        if self.hold_at and len(self.messages) == self.hold_at[0]:
            self.hold_at.pop(0)
            self.release.clear()
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return reply


def _wait_for(predicate, seconds: float = 90.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _start_consumer(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "survey_app", "jobs", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_a_consumer_killed_mid_send_and_restarted_leaves_nobody_unsent(tmp_path: Path) -> None:
    server = HoldingServer(hold_at=[30, 120]).start()
    overrides = {
        "JOBS_IMMEDIATE": False,
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_SENDER": "scorecard@example.com",
    }
    consumers: list[subprocess.Popen[bytes]] = []
    log = tmp_path / "consumer.log"
    try:
        with app_on_fresh_database(tmp_path, **overrides) as app:
            campaign = factories.make_campaign(factories.make_company(factories.make_org("Acme")))
            for n in range(PEOPLE):
                factories.make_invitation(
                    campaign, email=f"p{n:03}@example.com", kind=InvitationKind.EMAIL
                )
            ids = list(db.session.scalars(select(Invitation.id)))
            with app.test_request_context():
                assert queue_mail(campaign, ids, "invitation", "http://survey.example/") == PEOPLE
            assert server.messages == []  # queued, not sent: no consumer yet
            env = {
                **os.environ,
                "SURVEY_APP_ENV_NAME": "development",
                "SURVEY_APP_JOBS_IMMEDIATE": "0",
                "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
                "SURVEY_APP_JOBS_SQLITE_PATH": overrides["JOBS_SQLITE_PATH"],
                "SURVEY_APP_MAIL_SERVER": "127.0.0.1",
                "SURVEY_APP_MAIL_PORT": str(server.port),
                "SURVEY_APP_MAIL_SENDER": "scorecard@example.com",
                # No report renderer to warm (it takes seconds): this consumer only sends mail.
                "BROWSER_PATH": str(tmp_path / "no-browser"),
            }
            env.pop("SURVEY_APP_REDIS_URL", None)
            duplicates_after: list[int] = []
            for _kill in range(2):
                consumers.append(_start_consumer(env, log))
                assert _wait_for(server.holding.is_set), log.read_text()
                server.holding.clear()
                consumers[-1].send_signal(signal.SIGKILL)  # with one mail in flight
                consumers[-1].wait(timeout=30)  # reaped: its pid is gone, not a zombie
                server.release.set()
                duplicates_after.append(len(server.messages) - len(_recipients(server)))
            consumers.append(_start_consumer(env, log))
            assert _wait_for(lambda: len(_recipients(server)) == PEOPLE), log.read_text()
            assert _wait_for(lambda: _all_sent(app)), log.read_text()

            counts = Counter(rcpt for rcpts, _ in server.messages for rcpt in rcpts)
            twice = [address for address, n in counts.items() if n > 1]
            # Only the mail in flight at each kill may arrive twice: at most one per kill.
            assert duplicates_after[0] <= 1
            assert len(server.messages) - PEOPLE == len(twice) <= 2
            assert max(counts.values()) <= 2
            # Every address's last mail carries its current link (a duplicate's link is dead),
            # at the address the request gave, also for the mails a restarted consumer resumed.
            last = {rcpts[0]: text_of(m) for rcpts, m in server.messages}
            for invitation in db.session.scalars(select(Invitation)):
                assert "http://survey.example/s/" in last[invitation.email]
                (token,) = factories.tokens_in(last[invitation.email])
                assert token_digest(token) == invitation.token_hash
                assert invitation.emailed
            db.session.rollback()
    finally:
        server.release.set()
        for consumer in consumers:
            if consumer.poll() is None:
                consumer.send_signal(signal.SIGINT)
                try:
                    consumer.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    consumer.kill()
                    consumer.wait()
        server.stop()


def _recipients(server: MailServer) -> set[str]:
    return {rcpt for rcpts, _ in server.messages for rcpt in rcpts}


def _all_sent(app) -> bool:  # type: ignore[no-untyped-def]
    try:
        states = set(db.session.scalars(select(MailDelivery.state).distinct()))
    finally:
        db.session.rollback()  # every read takes SQLite's writer lock: let the consumer write
    return states == {MailState.SENT}


@pytest.fixture(autouse=True)
def _no_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SURVEY_APP_REDIS_URL", raising=False)
