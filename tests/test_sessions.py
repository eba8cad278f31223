"""Sessions: they end on logout and deactivation, cookies are locked down, keys are real,
and the access log of the real server keeps no tokens and no client addresses."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys

import pytest

from survey_app import create_app
from survey_app.auth.services import set_active
from survey_app.config import DEV_SECRET_KEY
from survey_app.extensions import db

from . import factories
from .load import harness

PROTECTED = "/campaigns/"


def _signed_in(client) -> bool:
    # A fresh app context, as each real request gets: the test's own context would carry
    # Flask-Login's cached user (g._login_user) over from earlier requests.
    _end_test_transaction()
    with client.application.app_context():
        reply = client.get(PROTECTED)
    if reply.status_code == 302:
        assert "/auth/login" in reply.headers["Location"]
        return False
    assert reply.status_code == 200
    return True


def _cookie_jar(client) -> dict[str, str]:
    return {
        name: client.get_cookie(name).value
        for name in ("session", "remember_token")
        if client.get_cookie(name) is not None
    }


def _replay(app, jar: dict[str, str]):
    """A new browser that presents stolen or kept cookies."""
    other = app.test_client()
    for name, value in jar.items():
        other.set_cookie(name, value, domain="localhost")
    return other


def _end_test_transaction() -> None:
    """Outside a request, SQLite transactions hold the write lock: release the test's own."""
    db.session.commit()


def _remember_login(client, user) -> None:
    email = user.email
    _end_test_transaction()
    with client.application.app_context():
        reply = client.post(
            "/auth/login",
            data={"email": email, "password": factories.PASSWORD, "remember": "y"},
        )
    assert reply.status_code == 302


def _logout(client) -> None:
    _end_test_transaction()
    with client.application.app_context():
        assert client.post("/auth/logout").status_code == 302


def test_logout_kills_the_session_and_the_remember_cookie(app, client, leader):
    _remember_login(client, leader)
    jar = _cookie_jar(client)
    assert set(jar) == {"session", "remember_token"}
    assert _signed_in(_replay(app, jar))  # the copy works while the session is alive

    _logout(client)
    assert not _signed_in(client)
    assert not _signed_in(_replay(app, jar))
    assert not _signed_in(_replay(app, {"remember_token": jar["remember_token"]}))


def test_logout_on_one_device_ends_the_others(app, leader):
    laptop, phone = app.test_client(), app.test_client()
    _remember_login(laptop, leader)
    _remember_login(phone, leader)
    assert _signed_in(phone)
    _logout(laptop)
    assert not _signed_in(phone)


def test_deactivation_kills_sessions_and_reactivation_does_not_revive_them(app, client, leader):
    _remember_login(client, leader)
    jar = _cookie_jar(client)
    assert _signed_in(_replay(app, jar))
    set_active(leader, False)
    assert not _signed_in(client)
    assert not _signed_in(_replay(app, jar))
    email = leader.email
    _end_test_transaction()
    with app.app_context():
        refused = app.test_client().post(
            "/auth/login", data={"email": email, "password": factories.PASSWORD}
        )
    assert refused.status_code == 200
    assert "Email or password is not right." in refused.get_data(as_text=True)
    set_active(leader, True)
    assert not _signed_in(_replay(app, jar))
    assert not _signed_in(client)
    fresh = app.test_client()
    _remember_login(fresh, leader)
    assert _signed_in(fresh)


def test_a_forged_or_stale_cookie_id_is_refused(app, leader):
    from survey_app.account.sessions import start_session
    from survey_app.auth.services import load_user

    with app.test_request_context():
        start_session(leader)  # a signed-in device
    assert load_user(leader.get_id()) is leader
    assert load_user(f"{leader.id}:wrong-token") is None
    assert load_user(f"{leader.id}:wrong-token:{leader.session_key}") is None
    # The right token without a device that is still signed in (or a cookie from before
    # devices were recorded) is refused too.
    assert load_user(f"{leader.id}:{leader.session_token}") is None
    assert load_user(f"{leader.id}:{leader.session_token}:not-a-device-key") is None
    assert load_user(str(leader.id)) is None
    assert load_user("abc:def") is None


def _set_cookie_headers(reply) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in reply.headers.getlist("Set-Cookie")}


def test_cookies_are_httponly_and_samesite_lax_and_not_secure_over_http(app, client, leader):
    reply = client.post(
        "/auth/login",
        data={"email": leader.email, "password": factories.PASSWORD, "remember": "y"},
    )
    cookies = _set_cookie_headers(reply)
    for name in ("session", "remember_token"):
        header = cookies[name]
        assert "HttpOnly" in header, header
        assert "SameSite=Lax" in header, header
        assert "Secure" not in header, header  # plain http (make run on loopback) must work


@pytest.mark.parametrize(
    "settings",
    [{"SESSION_COOKIE_SECURE": True}, {"PUBLIC_BASE_URL": "https://survey.example.com"}],
)
def test_cookies_are_secure_when_served_over_https(tmp_path, settings):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
        user = factories.make_user(factories.make_org())
        reply = app.test_client().post(
            "https://localhost/auth/login",
            data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
        )
        assert reply.status_code == 302
        cookies = _set_cookie_headers(reply)
        for name in ("session", "remember_token"):
            assert "Secure" in cookies[name], cookies[name]
            assert "HttpOnly" in cookies[name], cookies[name]
        db.session.remove()
        db.engine.dispose()


def test_secure_cookies_follow_an_explicit_setting_over_the_base_url(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "PUBLIC_BASE_URL": "https://survey.example.com",
            "SESSION_COOKIE_SECURE": False,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "short"])
def test_production_refuses_a_missing_or_default_secret_key(tmp_path, monkeypatch, key):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SURVEY_APP_ENV_NAME", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path)}  # no instance/config.py with a real key
    if key is not None:
        config["SECRET_KEY"] = key
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)
    assert create_app({**config, "SECRET_KEY": "x" * 32}).config["ENV_NAME"] == "production"


def test_the_production_server_does_not_start_without_a_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    env = {k: v for k, v in env.items() if not k.startswith("SURVEY_APP_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    code = (
        "import sys; from survey_app import create_app; "
        f"create_app({{'INSTANCE_PATH': {str(tmp_path)!r}}})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is missing or is the development default" in result.stderr


@pytest.mark.slow
@pytest.mark.engine_independent  # what gunicorn writes to its log
def test_gunicorn_access_log_holds_no_tokens_and_no_client_addresses(tmp_path):
    with harness.fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        harness.migrate(url)
        seeded = harness.seed_campaign(url, 3)
        access_log = tmp_path / "access.log"
        args = ("--access-logfile", str(access_log))
        with harness.gunicorn(url, tmp_path / "gunicorn.log", args=args) as server:
            token = seeded.tokens[0]
            c = harness.Client(server.port)
            spoofed = {
                "X-Forwarded-For": "203.0.113.77",
                "User-Agent": f"Agent/{token}",
                "Referer": f"https://mail.example.com/?t={token}",
            }
            for path in (f"/s/{token}", f"/s/{token}?again={token}", "/s/unknown-token-value"):
                conn = http.client.HTTPConnection(harness.HOST, server.port, timeout=60)
                conn.request("GET", path, headers={**spoofed, "Connection": "close"})
                assert conn.getresponse().status in (302, 404)
                conn.close()
            assert c.get(f"/s/{token}").status == 302
            assert c.get("/survey/answers").status == 200
        log = access_log.read_text()

    lines = [line for line in log.splitlines() if line.strip()]
    assert len(lines) >= 5, log
    assert any("/s/[token]" in line for line in lines), log
    for secret in (token, *seeded.tokens, "unknown-token-value", "203.0.113.77", "127.0.0.1"):
        assert secret not in log
    assert not re.search(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", log), log
    assert "Agent/" not in log
    assert "mail.example.com" not in log
