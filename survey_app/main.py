"""The landing page: send each person where their work is."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from .models import Role

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
    return "ok", 200
