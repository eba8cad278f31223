"""The landing page: send each person where their work is."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import db
from .models import Organization, Role

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> Response:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role == Role.REP:
        return redirect(url_for("prospects.index"))
    return redirect(url_for("campaigns.index"))


@bp.get("/healthz")
def healthz() -> tuple[str, int]:
    """Liveness: the process answers. Says nothing about the database (see :func:`readyz`)."""
    return "ok", 200


@bp.get("/readyz")
def readyz() -> tuple[str, int, dict[str, str]]:
    """Readiness: the database answers a query on one of the app's own tables. Writes nothing:
    a read in a transaction of its own (deferred on SQLite, as every GET), and a missing SQLite
    file is "not ready" rather than an empty database created by connecting to it."""
    headers = {"Cache-Control": "no-store"}
    engine = db.engine
    if engine.dialect.name == "sqlite":
        path = engine.url.database or ""
        on_disk = path not in ("", ":memory:") and not path.startswith("file:")
        if on_disk and not Path(path).is_file():
            return "database unavailable: the database file is missing", 503, headers
    try:
        with engine.connect() as connection:
            connection.execute(select(Organization.id).limit(1)).all()
            connection.rollback()
    except Exception as exc:  # noqa: BLE001 - any failure to read means not ready
        current_app.logger.warning("readiness: database unavailable: %s", exc)
        return "database unavailable", 503, headers
    return "ready", 200, headers
