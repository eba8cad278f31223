"""Invitation mail from the queue (issue 15): the import request, and the consumer's send rate.

* ``invite_import_10k_s``: the request that imports a 10,000-row CSV with mail on: it stores the
  invitations and their queued mail and returns (goal <= 3 s). Beside it, as its reference,
  ``invite_import_10k_nomail_s``: the same import with mail off, where each row becomes an
  object and its new link is shown on the page to be handed out (the way every import went
  before the bulk path). Medians of three, in turns, after an untimed warm-up.
* ``mail_send_rate``: mails per second delivered from the queue to a local aiosmtpd by one
  consumer process (``flask jobs -w 1``), counted from its first mail over ``RATE_MAILS`` mails
  (goal >= 100). Beside it, ``mail_send_rate_smtplib``: the same mails sent by plain smtplib
  over one connection from this process, the ceiling of this machine and server.
"""

from __future__ import annotations

import io
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from .common import REPO_ROOT, BenchResult, Options

ROWS = 10_000
RATE_MAILS = 2_000
IMPORT_ROUNDS = 3


class _Inbox:
    """aiosmtpd's handler: counts what arrives, and when."""

    def __init__(self) -> None:
        self.count = 0
        self.first: float | None = None
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            now = time.perf_counter()
            self.first = self.first or now
            self.count += 1
            self.last = now
        return "250 queued"


def _app(workdir: Path, name: str, mail_port: int | None) -> Any:
    from survey_app import create_app
    from survey_app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / f'{name}.sqlite3'}",
            "INSTANCE_PATH": str(workdir),
            "TESTING": True,
            "JOBS_IMMEDIATE": False,  # queue for a consumer, as in production
            "JOBS_SQLITE_PATH": str(workdir / f"{name}-jobs.sqlite3"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "127.0.0.1" if mail_port else "",
            "MAIL_PORT": mail_port or 25,
            "MAIL_SENDER": "bench@example.com",
        }
    )
    with app.app_context():
        db.create_all()
    return app


def _import(app: Any, rows_count: int = ROWS) -> tuple[float, int]:
    """Seconds of the import request, and the campaign's id."""
    from tests import factories

    with app.app_context():
        org = factories.make_org("Bench Org")
        factories.make_user(org, email="lead@example.com")
        campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
        campaign_id = campaign.id
    client = app.test_client()
    client.post("/auth/login", data={"email": "lead@example.com", "password": factories.PASSWORD})
    rows = "".join(f"person{n:05}@example.com\n" for n in range(rows_count)).encode()
    started = time.perf_counter()
    response = client.post(
        f"/campaigns/{campaign_id}/invite/csv",
        data={"csv-file": (io.BytesIO(rows), "people.csv")},
        content_type="multipart/form-data",
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or f"{rows_count} people invited" not in response.get_data(
        as_text=True
    ):
        raise RuntimeError(f"the import failed: {response.status_code}")
    return elapsed, campaign_id


def _imports(workdir: Path, port: int) -> tuple[float, float]:
    """The import with mail off and on, in turns on fresh databases after an untimed warm-up
    (the first request of a process pays for its imports and templates): medians."""
    _import(_app(workdir, "warm-up", port), rows_count=100)
    nomail, mail = [], []
    for n in range(IMPORT_ROUNDS):
        nomail.append(_import(_app(workdir, f"nomail-{n}", None))[0])
        mail.append(_import(_app(workdir, f"mail-{n}", port))[0])
    return statistics.median(nomail), statistics.median(mail)


def _consumer_rate(workdir: Path, port: int, inbox: _Inbox, name: str) -> float:
    """Mails/s as one consumer sends the mail queued by the import into database ``name``."""
    env = {
        **os.environ,
        "SURVEY_APP_ENV_NAME": "development",
        "SURVEY_APP_JOBS_IMMEDIATE": "0",
        "DATABASE_URL": f"sqlite:///{workdir / f'{name}.sqlite3'}",
        "SURVEY_APP_JOBS_SQLITE_PATH": str(workdir / f"{name}-jobs.sqlite3"),
        "SURVEY_APP_MAIL_SERVER": "127.0.0.1",
        "SURVEY_APP_MAIL_PORT": str(port),
        "SURVEY_APP_MAIL_SENDER": "bench@example.com",
        "BROWSER_PATH": str(workdir / "no-browser"),  # no report renderer to warm here
    }
    env.pop("SURVEY_APP_REDIS_URL", None)
    consumer = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "flask", "--app", "survey_app", "jobs", "-w", "1"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while inbox.count < RATE_MAILS and time.monotonic() < deadline:
            time.sleep(0.05)
        with inbox.lock:
            count, first, last = inbox.count, inbox.first or 0.0, inbox.last
    finally:
        consumer.send_signal(signal.SIGINT)
        try:
            consumer.wait(timeout=60)
        except subprocess.TimeoutExpired:
            consumer.kill()
    return (count - 1) / (last - first) if count > 1 and last > first else 0.0


def _smtplib_rate(port: int, inbox: _Inbox) -> float:
    """The same kind of mails over one smtplib connection: this machine's ceiling."""
    import smtplib

    from survey_app.campaigns.mail import build_message

    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_SENDER": "bench@example.com"}
    messages = [
        build_message(
            config,
            f"p{n}@example.com",
            f"http://localhost/s/{n:032}",
            "Bench wave",
            "Bench Co",
            date(2026, 6, 1),
            unsubscribe_url="http://localhost/u/x",
        )  # fmt: skip
        for n in range(RATE_MAILS)
    ]
    before = inbox.count
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for message in messages:
            smtp.send_message(message)
    elapsed = time.perf_counter() - started
    return (inbox.count - before) / elapsed


def run(options: Options) -> BenchResult:
    from aiosmtpd.controller import Controller

    from tests.smtp import _free_port

    workdir = options.workdir
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        nomail_s, import_s = _imports(workdir, port)
        consumer_rate = _consumer_rate(workdir, port, inbox, f"mail-{IMPORT_ROUNDS - 1}")
        reference_rate = _smtplib_rate(port, inbox)
    finally:
        controller.stop()
    figures = {
        "invite_import_10k_s": round(import_s, 2),
        "invite_import_10k_nomail_s": round(nomail_s, 2),
        "mail_send_rate": round(consumer_rate, 1),
        "mail_send_rate_smtplib": round(reference_rate, 1),
    }
    result = BenchResult(figures=figures)
    result.table = [
        ("import of 10,000 rows, mail queued", f"{import_s:.2f} s"),
        ("the same import, mail off: links shown (reference)", f"{nomail_s:.2f} s"),
        ("mails/s from the queue, one consumer", f"{consumer_rate:.1f}"),
        ("mails/s by plain smtplib (reference)", f"{reference_rate:.1f}"),
    ]
    result.checks = [
        ("invite_import_10k_s <= 3", import_s <= 3.0),
        ("mail_send_rate >= 100", consumer_rate >= 100.0),
    ]
    return result
