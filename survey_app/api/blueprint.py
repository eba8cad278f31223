"""The API's one blueprint (``/api/v1``): bearer tokens, a rate limit per token, problem JSON."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException

from ..extensions import limiter
from . import problems
from .auth import authenticate, rate_key

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Companies, teams, campaigns, invitation counts and results (suppressed as "
    "on the dashboard). Every call needs a personal access token: Authorization: Bearer <token>.",
)


def _rate() -> str:
    return str(current_app.config.get("API_RATE_LIMIT") or "120 per minute")


bp.before_request(authenticate)
bp.register_error_handler(HTTPException, problems.handle)
bp.register_error_handler(Exception, problems.handle)
limiter.limit(_rate, key_func=rate_key)(bp)
