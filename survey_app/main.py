"""The landing page: send each person where their work is."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from .extensions import db
from .home.views import home_page
from .models import Organization

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> Response | str:
    """The home page of the signed-in person (survey_app/home); the campaign list is at
    /campaigns/, the pipeline at /prospects/."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return home_page()


# A probe answers in plain text: it is read by a load balancer, not shown as a page.
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness: the process answers. Says nothing about the database (see :func:`readyz`)."""
    return "ok", 200, PLAIN


@bp.get("/readyz")
def readyz() -> tuple[str, int, dict[str, str]]:
    """Readiness: the database answers a query on one of the app's own tables. Writes nothing:
    a read in a transaction of its own (deferred on SQLite, as every GET), and a missing SQLite
    file is "not ready" rather than an empty database created by connecting to it."""
    headers = {"Cache-Control": "no-store", **PLAIN}
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
