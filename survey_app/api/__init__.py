"""The REST API, ``/api/v1``, described by OpenAPI 3 at ``/api/v1/openapi.json``.

Built with flask-smorest on the app that :func:`survey_app.create_app` makes (see
pyproject.toml for why not APIFlask). Three promises, each kept in one place:

* only a personal access token opens it (:mod:`.auth`), never the session cookie, so it is
  exempt from CSRF: no cookie can act through it;
* every error is RFC 9457 problem JSON (:mod:`.problems`), rate-limit refusals included
  (Flask-Limiter, per token: ``API_RATE_LIMIT``, default 120 per minute);
* results are the dashboard's, read through ``campaign_results()`` (:mod:`.results`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api

from .schemas import ProblemSchema

API_VERSION = "1.0.0"


class ProblemApi(Api):  # type: ignore[misc]
    """flask-smorest, minus its app-wide JSON error handler: the API blueprint answers its own
    errors as problem JSON, and the rest of the app keeps its HTML error pages."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        return None


def _spec_options() -> dict[str, Any]:
    return {
        "info": {
            "description": "Teamwork Scorecard REST API. Authenticate with a personal access "
            "token (made on your account page) as `Authorization: Bearer <token>`. Errors are "
            "RFC 9457 problem details (application/problem+json)."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "tws_…"}
            }
        },
    }


def init_app(app: Flask) -> None:
    from ..extensions import csrf
    from . import campaigns, companies  # noqa: F401 - their routes, on the blueprint
    from .auth import identify
    from .blueprint import bp

    app.config.setdefault("API_TITLE", "Teamwork Scorecard")
    app.config.setdefault("API_VERSION", API_VERSION)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", _spec_options())
    app.config.setdefault("API_RATE_LIMIT", "120 per minute")
    api = ProblemApi(app)  # one per app: the tests make many apps in one process
    api.register_blueprint(bp)
    # After the body-size guard, before every other hook (see .auth.identify).
    app.before_request_funcs.setdefault(None, []).insert(1, identify)
    csrf.exempt(bp)  # bearer tokens only: a cookie opens nothing here (see .auth)
