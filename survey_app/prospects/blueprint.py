"""The prospects blueprint, shared by its view modules."""

from __future__ import annotations

from flask import Blueprint

from ..models import Role

bp = Blueprint(
    "prospects",
    __name__,
    url_prefix="/prospects",
    static_folder="static",
    static_url_path="/static",
)
EVERYONE = (Role.REP, Role.LEADER, Role.ADMIN)
