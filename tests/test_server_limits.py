"""Limits that must hold together: the report's time budget below gunicorn's worker timeout, a
threaded worker class, and the body limit on chunked bodies as on plain ones (test client; the
same against real gunicorn is in ``tests/load/test_server_resilience.py``)."""

from __future__ import annotations

import io
import time

import pytest
from gunicorn.config import Config
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder, run_wsgi_app

from survey_app import create_app, gunicorn_conf
from survey_app.config import Defaults
from survey_app.extensions import db
from survey_app.models.security import LoginFailure
from survey_app.reports import document, pdf
from survey_app.reports.errors import ReportError

from . import factories


def gunicorn_settings() -> Config:
    """gunicorn's own reading of ``survey_app/gunicorn_conf.py``, as ``-c`` loads it."""
    cfg = Config()
    for name in dir(gunicorn_conf):
        if name in cfg.settings:
            cfg.set(name, getattr(gunicorn_conf, name))
    return cfg


def test_a_slow_report_fails_with_the_apps_message_before_the_worker_timeout(tmp_path):
    cfg = gunicorn_settings()
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})
    margin = 5  # the queries before the render, the response after it
    assert app.config["REPORT_TIMEOUT"] + margin <= cfg.timeout
    assert Defaults.REPORT_TIMEOUT + margin <= cfg.timeout
    assert pdf.DEFAULT_TIMEOUT + margin <= cfg.timeout
    assert cfg.graceful_timeout <= cfg.timeout


def test_the_report_timeout_is_one_budget_for_charts_and_layout(app, monkeypatch):
    """Charts that use up the budget leave none for the layout: the report stops with the
    app's message instead of taking twice REPORT_TIMEOUT."""
    app.config["REPORT_TIMEOUT"] = 0.3

    def slow_charts(_content, timeout, use_cache=True):
        assert timeout <= 0.3
        time.sleep(0.35)
        return {}

    monkeypatch.setattr(document, "draw_charts", slow_charts)
    monkeypatch.setattr(document, "warm_up", lambda: None)
    monkeypatch.setattr(document, "render_html", lambda *_a: "<p>report</p>")
    monkeypatch.setattr(
        document, "html_to_pdf", lambda *_a, **_k: pytest.fail("no time was left for layout")
    )
    content = type("Content", (), {"charts": {}})()
    with app.test_request_context("/"), pytest.raises(ReportError, match="took longer than 0.3 s"):
        document.render_pdf(content)  # type: ignore[arg-type]


def test_the_server_uses_threads_and_a_reusable_port():
    cfg = gunicorn_settings()
    assert cfg.worker_class_str == "gthread"
    assert cfg.threads >= 4
    assert cfg.reuse_port is True


def _chunked_post(app, path: str, body: bytes):
    """A POST as gunicorn hands it over for ``Transfer-Encoding: chunked``: no Content-Length,
    the stream terminated by the server."""
    environ = EnvironBuilder(
        path=path,
        method="POST",
        headers={"Transfer-Encoding": "chunked"},
        content_type="application/x-www-form-urlencoded",
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.input_terminated"] = True
    body_iter, status, _headers = run_wsgi_app(app, environ, buffered=True)
    return int(status.split()[0]), b"".join(body_iter).decode()


def _failures() -> int:
    return db.session.scalar(select(func.count()).select_from(LoginFailure)) or 0


def test_a_chunked_body_over_the_limit_gets_413_like_a_plain_one(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = b"email=a%40example.com&password=" + b"x" * (10 * 1024 * 1024)
    plain = client.post("/auth/login", data=big, content_type="application/x-www-form-urlencoded")
    assert plain.status_code == 413
    status, page = _chunked_post(app, "/auth/login", big)
    assert status == 413
    assert "That upload is too large" in page
    # One byte over is over; the limit itself is not.
    status, _ = _chunked_post(app, "/auth/login", b"a=" + b"x" * (limit - 1))
    assert status == 413
    status, _ = _chunked_post(app, "/auth/login", b"a=" + b"x" * (limit - 2))
    assert status == 200
    assert _failures() == 0  # nothing was read as a sign-in attempt


def test_a_chunked_body_within_the_limit_reaches_the_view_whole(app, org):
    user = factories.make_user(org)
    body = f"email={user.email.replace('@', '%40')}&password={factories.PASSWORD}".encode()
    status, _ = _chunked_post(app, "/auth/login", body)
    assert status == 302  # signed in: every field arrived


@pytest.mark.parametrize(("proxies", "seen"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_x_forwarded_for_is_believed_only_behind_a_configured_proxy(tmp_path, proxies, seen):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "TRUSTED_PROXIES": proxies})

    @app.get("/_whoami")
    def whoami() -> str:
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    response = app.test_client().get(
        "/_whoami",
        headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.get_data(as_text=True) == f"{seen} {'https' if proxies else 'http'}"


def test_the_shipped_nginx_configuration_agrees_with_the_app(tmp_path):
    """deploy/nginx.conf: the same body limit as the app, and a read timeout above gunicorn's."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf").read_text()

    def setting(name: str) -> str:
        match = re.search(rf"^\s*{name}\s+([^;]+);", text, flags=re.M)
        assert match, name
        return match.group(1).strip()

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path)})
    assert setting("client_max_body_size") == f"{app.config['MAX_CONTENT_LENGTH'] // 2**20}m"
    assert int(setting("proxy_read_timeout").rstrip("s")) > gunicorn_settings().timeout
    assert setting("proxy_request_buffering") == "on"
    assert setting("proxy_set_header X-Forwarded-For") == "$remote_addr"
