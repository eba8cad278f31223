"""Sign-in throttling that lives in the database, so every gunicorn worker sees the same lock."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select, update

from survey_app.auth import throttle
from survey_app.extensions import db
from survey_app.models import LoginFailure, Organization, Role
from survey_app.models._types import utcnow

from . import factories
from .load import harness

WRONG = "not the password"


def _attempt(client, email, password=WRONG, addr="192.0.2.10"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def test_five_failures_lock_the_account_even_for_the_right_password(app, client, leader):
    for _ in range(5):
        page = _attempt(client, leader.email)
        assert page.status_code == 200
        assert "Email or password is not right." in page.get_data(as_text=True)
    locked = _attempt(client, leader.email, factories.PASSWORD)
    assert locked.status_code == 429
    text = locked.get_data(as_text=True)
    assert "Too many failed sign-ins for this account" in text
    assert re.search(r"locked for 1[45] minutes", text), text
    # Someone else on the same network is not affected.
    other = factories.make_user(leader.organization)
    assert _attempt(client, other.email, factories.PASSWORD).status_code == 302


def test_the_lock_expires_and_a_success_clears_the_count(app, client, leader):
    for _ in range(5):
        _attempt(client, leader.email)
    assert _attempt(client, leader.email, factories.PASSWORD).status_code == 429
    db.session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert _attempt(client, leader.email, factories.PASSWORD).status_code == 302
    client.post("/auth/logout")
    # The earlier failures are forgiven: four more mistakes do not lock.
    for _ in range(4):
        assert _attempt(client, leader.email).status_code == 200
    assert _attempt(client, leader.email, factories.PASSWORD).status_code == 302


def test_email_case_and_spaces_do_not_dodge_the_lock(app, client, leader):
    e = leader.email
    for variant in (e.upper(), e.title(), e.capitalize(), e.swapcase(), e):
        _attempt(client, variant)
    assert _attempt(client, leader.email, factories.PASSWORD).status_code == 429


def test_unknown_emails_are_locked_the_same_way(app, client):
    for _ in range(5):
        assert _attempt(client, "nobody@example.com").status_code == 200
    locked = _attempt(client, "nobody@example.com")
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this account" in locked.get_data(as_text=True)


def test_one_address_spraying_many_emails_is_locked(app, client, leader):
    assert app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] == 30  # the default
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 8  # fewer slow password checks
    for n in range(limit):
        assert _attempt(client, f"guess{n}@example.com", addr="198.51.100.7").status_code == 200
    locked = _attempt(client, leader.email, factories.PASSWORD, addr="198.51.100.7")
    assert locked.status_code == 429
    assert "from this network" in locked.get_data(as_text=True)
    # The same person from elsewhere is fine.
    assert _attempt(client, leader.email, factories.PASSWORD, addr="203.0.113.5").status_code == 302


def test_no_raw_email_or_address_is_stored(app, client, leader):
    _attempt(client, leader.email, addr="198.51.100.99")
    keys = db.session.scalars(select(LoginFailure.key)).all()
    assert len(keys) == 2
    assert {k.split(":")[0] for k in keys} == {"email", "addr"}
    for key in keys:
        assert leader.email not in key
        assert "198.51.100.99" not in key
        assert re.fullmatch(r"(email|addr):[0-9a-f]{64}", key)
    # Keyed with the secret: another deployment's key for the same email differs.
    with app.test_request_context():
        mine = throttle.email_key(leader.email)
        app.config["SECRET_KEY"] = "another-secret-key-0123456789"
        assert throttle.email_key(leader.email) != mine


def test_expired_failures_are_deleted(app, client, leader):
    for _ in range(3):
        _attempt(client, leader.email)
    db.session.execute(update(LoginFailure).values(at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    _attempt(client, "someone@example.com")
    assert len(db.session.scalars(select(LoginFailure)).all()) == 2


# -- across real gunicorn workers ---------------------------------------------------------------
def _login_page(c: harness.Client) -> str:
    page = c.get("/auth/login")
    assert page.status == 200
    return dict(harness.parse_form(page.body, form_id=None).hidden)["csrf_token"]


def _post_login(email: str, password: str, port: int) -> harness.Reply:
    c = harness.Client(port)
    token = _login_page(c)
    return c.post("/auth/login", [("csrf_token", token), ("email", email), ("password", password)])


class _HeldLogin:
    """A sign-in POST sent all but its last byte: the sync worker that accepted it waits on it,
    so every other request meanwhile goes to the other worker. This pins requests to workers
    without relying on how the kernel spreads connections."""

    def __init__(self, email: str, password: str, port: int) -> None:
        c = harness.Client(port)
        token = _login_page(c)
        body = urlencode([("csrf_token", token), ("email", email), ("password", password)])
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        raw = (
            f"POST /auth/login HTTP/1.1\r\nHost: {harness.HOST}:{port}\r\nConnection: close\r\n"
            f"Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{body}"
        ).encode()
        self.last = raw[-1:]
        self.sock = socket.create_connection((harness.HOST, port), timeout=120)
        self.sock.sendall(raw[:-1])
        _wait_accepted(port)

    def finish(self) -> int:
        with self.sock:
            self.sock.sendall(self.last)
            reply = b""
            while chunk := self.sock.recv(65536):
                reply += chunk
        return int(reply.split(b" ", 2)[1])


def _wait_accepted(port: int, timeout: float = 30) -> None:
    """Wait until no connection waits in the listening socket's accept queue: a worker has
    taken the held request. (A free worker may be slow to wake on a busy machine, and the one
    that finishes next would take it first.) For a listening socket, /proc/net/tcp's rx_queue
    is that queue's length."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
        fields = [r.split() for r in rows]
        queued = [
            int(f[4].split(":")[1], 16)
            for f in fields
            if f[3] == "0A" and int(f[1].split(":")[1], 16) == port
        ]
        if queued and not any(queued):
            return
        time.sleep(0.02)
    raise AssertionError(f"no worker took the held request on port {port}")


def _concurrently(n: int, fn) -> list[harness.Reply]:
    replies: list[harness.Reply] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def run() -> None:
        barrier.wait()
        reply = fn()
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return replies


def _both_workers_answer(server, port: int, timeout: float = 60) -> None:
    """Wait until both workers have loaded the app and answered: each worker imports it on its
    own, and on a busy machine the second can take seconds longer than the first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _concurrently(2, lambda: harness.Client(port).get("/healthz"))
        if len(set(re.findall(r'^\[?<?(\d+)>?\]? "GET /healthz"', server.log(), re.M))) == 2:
            return
        time.sleep(0.2)
    raise AssertionError("the second worker never answered:\n" + server.log()[-2000:])


@pytest.mark.slow
def test_lock_holds_across_two_gunicorn_workers(tmp_path):
    email = "leader@example.com"
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        harness.migrate(url)
        with harness.app_context(url):
            factories.make_user(factories.make_org("Throttle Org"), Role.LEADER, email)
            assert db.session.scalar(select(Organization.id)) is not None
        # Flask-Limiter's per-process counter is off, so only the shared lock can refuse.
        env = {"SURVEY_APP_RATELIMIT_ENABLED": "false"}
        # Sync workers on one listening socket (tests/sync_gunicorn_conf.py): one reading a
        # held request takes nothing else, so each step below lands on a known worker.
        args = ("-c", "python:tests.sync_gunicorn_conf")
        args += ("--access-logformat", '%(p)s "%(m)s %(U)s" %(s)s')
        with harness.gunicorn(url, tmp_path / "gunicorn.log", env=env, args=args) as server:
            port = server.port
            _both_workers_answer(server, port)
            # Connections are accepted oldest first, so the two held requests are on two
            # different workers, and each failure between them goes to the worker not holding.
            first = _HeldLogin(email, WRONG, port)  # holds worker A
            failures = [_post_login(email, WRONG, port) for _ in range(2)]  # worker B
            second = _HeldLogin(email, factories.PASSWORD, port)  # holds B
            failures_status = [first.finish()]  # A: the third failure
            failures += [_post_login(email, WRONG, port) for _ in range(2)]  # the fourth, fifth
            assert [r.status for r in failures] + failures_status == [200] * 5
            locked = [_post_login(email, factories.PASSWORD, port)]  # the free worker
            locked_status = [second.finish()]  # the other one
        log = server.log()  # after shutdown: every access line is flushed

    assert [r.status for r in locked] + locked_status == [429, 429]
    assert "Too many failed sign-ins for this account" in locked[0].body
    posts = re.findall(r'^\[?<?(\d+)>?\]? "POST /auth/login" (\d{3})', log, re.M)
    assert len(posts) == 7, log[-2000:]
    answered_429 = {pid for pid, status in posts if status == "429"}
    answered_200 = {pid for pid, status in posts if status == "200"}
    # Both workers took failures, and both refused: the lock is not per process.
    assert len(answered_200) == 2, posts
    assert len(answered_429) == 2, posts
