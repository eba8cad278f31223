"""Set-password links never reach a log: not the app's, not werkzeug's, not gunicorn's; and
the database holds only their digests."""

from __future__ import annotations

import http.client
import logging
import os
import re
import threading
from urllib.parse import urlencode

import pytest
from sqlalchemy import MetaData, select

from survey_app.account.logs import redact
from survey_app.admin import services
from survey_app.extensions import db
from survey_app.models import AccountLink, Organization, Role, token_digest

from .load import harness
from .threaded_server import threaded_server

PASSWORD = "a long and fresh passphrase"


def _every_stored_value() -> str:
    meta = MetaData()
    meta.reflect(bind=db.engine)
    with db.engine.connect() as conn:
        return repr([conn.execute(t.select()).all() for t in meta.sorted_tables])


def _request(port: int, method: str, path: str, form: dict[str, str] | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urlencode(form) if form else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
    conn.request(method, path, body=body, headers={**headers, "Connection": "close"})
    status = conn.getresponse().status
    conn.close()
    return status


def test_redact_hides_query_tokens_and_survey_paths():
    line = '"GET /auth/set-password?token=abc-DEF_123&x=1 HTTP/1.1" 200 -'
    assert redact(line) == '"GET /auth/set-password?token=[token]&x=1 HTTP/1.1" 200 -'
    assert redact("GET /s/Zk3_-9 HTTP/1.1") == "GET /s/[token] HTTP/1.1"


def test_no_link_in_the_app_or_werkzeug_logs(app, org, caplog):
    caplog.set_level(logging.DEBUG)
    app.logger.setLevel(logging.DEBUG)
    issued = services.invite(org, "logs@example.com", "Logan", Role.LEADER)
    token = issued.token
    db.session.commit()
    server = threaded_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_port
    try:
        path = f"/auth/set-password?token={token}"
        assert _request(port, "GET", path) == 200
        assert _request(port, "GET", path + "x") == 404
        form = {"token": token, "password": PASSWORD, "confirm": PASSWORD}
        assert _request(port, "POST", "/auth/set-password", form) == 302
        assert _request(port, "POST", "/auth/set-password", form) == 410  # used
        assert _request(port, "GET", path) == 410
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "set-password?token=[token]" in logged  # werkzeug's lines were captured
    assert token not in logged
    assert token[:12] not in logged
    # Stored only as a digest.
    db.session.expire_all()
    stored = _every_stored_value()
    assert token not in stored
    assert token_digest(token) in stored


@pytest.mark.slow
@pytest.mark.engine_independent  # what gunicorn writes to its log
def test_no_link_in_the_gunicorn_logs(tmp_path):
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        harness.migrate(url)  # the Alembic chain, this revision's tables included
        with harness.app_context(url):
            org = Organization(name="Log Org")
            db.session.add(org)
            db.session.commit()
            token = services.invite(org, "gunicorn@example.com", "Gus", Role.LEADER).token
        access_log = tmp_path / "access.log"
        args = ("--access-logfile", str(access_log), "--log-level", "debug")
        with harness.gunicorn(url, tmp_path / "gunicorn.log", args=args) as server:
            c = harness.Client(server.port)
            page = c.get(f"/auth/set-password?token={token}")
            assert page.status == 200
            csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.body).group(1)
            form = [("csrf_token", csrf), ("token", token)]
            form += [("password", PASSWORD), ("confirm", PASSWORD)]
            assert c.post("/auth/set-password", form).status == 302
            assert c.get(f"/auth/set-password?token={token}").status == 410
            assert (
                harness.Client(server.port).get(f"/auth/set-password?token={token}x").status == 404
            )
        logs = access_log.read_text() + (tmp_path / "gunicorn.log").read_text()
        with harness.app_context(url):
            link = db.session.scalar(select(AccountLink))
            assert link.used_at is not None
            assert link.token_hash == token_digest(token)
    assert "/auth/set-password" in logs
    assert token not in logs
