"""Configuration: defaults, then ``instance/config.py``, then environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

DEV_SECRET_KEY = "dev-only-insecure-key"  # noqa: S105 - refused outside development and tests


class Defaults:
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure (HTTPS-only) cookies: None means "follow PUBLIC_BASE_URL" (https:// -> True).
    # Set SURVEY_APP_SESSION_COOKIE_SECURE=1 when TLS ends at a proxy and no base URL is set.
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a survey can stay open in a tab for hours
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # CSV uploads of a few thousand rows
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in lock kept in the database (survey_app/auth/throttle.py), shared by all workers.
    LOGIN_MAX_FAILURES_PER_EMAIL = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 30
    LOGIN_LOCK_MINUTES = 15
    BOOTSTRAP_SERVE_LOCAL = True  # Bootstrap's CSS/JS from the package, never a CDN
    # Outgoing mail; when MAIL_SERVER is empty the leader copies the links instead.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "surveys@localhost"
    # The public base URL used in invitation links sent by mail (e.g. https://survey.example.com).
    PUBLIC_BASE_URL = ""
    # "production" unless told otherwise: a missing or default SECRET_KEY then stops start-up.
    ENV_NAME = "production"
    # Seconds a PDF report may take in all (charts, then layout) before it fails with a
    # message. Below gunicorn's worker timeout (60 s, survey_app/gunicorn_conf.py), so that the
    # person sees that message rather than a killed worker.
    REPORT_TIMEOUT = 25.0
    # Reverse proxies in front that set X-Forwarded-For / -Proto (deploy/nginx.conf: 1). At 0
    # the headers are ignored, so a client cannot choose the address the sign-in throttle and
    # the link rate limit count against.
    TRUSTED_PROXIES = 0
    # Retention: audit log entries older than this are deleted by ``flask prune-audit``.
    AUDIT_RETENTION_DAYS = 400
    # The job queue (survey_app/jobs): Redis when set (every node and consumer on one queue),
    # else a SQLite file in the instance folder (one machine). JOBS_IMMEDIATE runs tasks inline
    # (the tests' default); JOBS_SQLITE_PATH moves the SQLite queue.
    REDIS_URL = ""


ENV_PREFIX = "SURVEY_APP_"
_INT_KEYS = {
    "MAIL_PORT",
    "LOGIN_MAX_FAILURES_PER_EMAIL",
    "LOGIN_MAX_FAILURES_PER_ADDRESS",
    "LOGIN_LOCK_MINUTES",
    "TRUSTED_PROXIES",
    "AUDIT_RETENTION_DAYS",
}
_BOOL_KEYS = {
    "MAIL_USE_TLS",
    "SESSION_COOKIE_SECURE",
    "REMEMBER_COOKIE_SECURE",
    "TESTING",
    "RATELIMIT_ENABLED",
    "JOBS_IMMEDIATE",
}


def _from_env(app: Flask) -> None:
    for name, raw in os.environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX) :]
        value: Any = raw
        if key in _INT_KEYS:
            value = int(raw)
        elif key in _BOOL_KEYS:
            value = raw.lower() in {"1", "true", "yes", "on"}
        app.config[key] = value
    if "DATABASE_URL" in os.environ:
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if "SECRET_KEY" in os.environ:
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` in order of precedence, lowest first."""
    app.config.from_object(Defaults)
    db_path = Path(app.instance_path) / "survey_app.sqlite3"
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    app.config.from_pyfile("config.py", silent=True)
    _from_env(app)
    if overrides:
        app.config.update(overrides)
    _resolve_cookie_security(app)
    _share_rate_limits(app)
    check_secret_key(app)


def _resolve_cookie_security(app: Flask) -> None:
    """Secure cookies when the app is served over HTTPS, unless configured explicitly."""
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        base_url = str(app.config.get("PUBLIC_BASE_URL") or "")
        app.config["SESSION_COOKIE_SECURE"] = base_url.lower().startswith("https://")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])


def _share_rate_limits(app: Flask) -> None:
    """With Redis set, Flask-Limiter counts there too (unless a storage was chosen), so that
    a limit holds across every worker and node rather than per process. Should Redis be
    unreachable, each process counts on its own meanwhile (the in-memory fallback) instead of
    every limited page failing; the sign-in lock is in the database either way."""
    redis_url = str(app.config.get("REDIS_URL") or "")
    if redis_url and app.config.get("RATELIMIT_STORAGE_URI") == Defaults.RATELIMIT_STORAGE_URI:
        app.config["RATELIMIT_STORAGE_URI"] = redis_url
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)


def check_secret_key(app: Flask) -> None:
    """Production must not run on a missing or well-known key: sessions would be forgeable."""
    if app.config.get("TESTING") or app.config.get("ENV_NAME") == "development":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 16:
        raise RuntimeError(
            "SECRET_KEY is missing or is the development default. Set SECRET_KEY to a long "
            "random value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'."
        )
