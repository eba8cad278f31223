"""The steps of :func:`survey_app.create_app`, one function each."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from . import models  # noqa: F401 - registers every table on the metadata
from .database import init_engine
from .extensions import bootstrap, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = __file__.rsplit("/", 1)[0] + "/migrations"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    init_engine(app, db)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    from .auth.services import load_user

    login_manager.user_loader(load_user)

    from . import jobs

    jobs.init_app(app)  # the job queue: Huey on SQLite in instance/, or on Redis

    from . import i18n

    i18n.init_app(app)  # Flask-Babel: the survey pages in English, Spanish, French, German


def register_template_helpers(app: Flask) -> None:
    from . import text
    from .bidi import address, bdi, bdi_quoted, isolate
    from .navigation import nav_items, role_name
    from .reports.formatting import band_label
    from .scoring import story

    app.jinja_env.add_extension("jinja2.ext.do")
    # The band or verdict, and the role, in the page's language.
    app.jinja_env.globals.update(nav_items=nav_items, role_name=role_name, band_label=band_label)
    app.jinja_env.globals["story"] = story  # sentences built from the facts beside them
    # Text people typed, isolated from the sentences around it (survey_app/bidi.py).
    app.jinja_env.filters.update(bdi=bdi, bdi_quoted=bdi_quoted, isolate=isolate, address=address)
    text.register(app)  # plural, day, number: one way to write each, on every page
    # An instrument as the page's language reads it: its title and wording (its translation).
    app.jinja_env.filters["in_page_language"] = _in_page_language


def _in_page_language(instrument: Any) -> Any:
    from .i18n import current_language
    from .instruments import in_language

    return in_language(instrument, current_language())


def register_security(app: Flask) -> None:
    from .input_guard import install_body_limit
    from .nul_fields import install_nul_guard
    from .security import add_security_headers

    install_body_limit(app)  # MAX_CONTENT_LENGTH for chunked bodies as for plain ones
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:  # the client's address and scheme from the proxy's X-Forwarded-* headers
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.after_request(add_security_headers)
    install_nul_guard(app)  # PostgreSQL cannot store U+0000: a clear 400 (after: runs first)

    from .auth.scope import install_scope_guard

    install_scope_guard(app)  # a team-scoped leader reads only their teams' results


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
    from .campaigns.optout_views import bp as optout_bp
    from .campaigns.views import bp as campaigns_bp
    from .companies.views import bp as companies_bp
    from .dashboard.views import bp as dashboard_bp
    from .exports.views import bp as exports_bp
    from .main import bp as main_bp
    from .prospects.views import bp as prospects_bp
    from .reports.views import bp as reports_bp
    from .selfcheck.views import bp as selfcheck_bp
    from .surveys.views import bp as surveys_bp

    for bp in (
        main_bp,
        auth_bp,
        companies_bp,
        campaigns_bp,
        surveys_bp,
        optout_bp,
        dashboard_bp,
        exports_bp,
        reports_bp,
        prospects_bp,
        selfcheck_bp,
    ):
        app.register_blueprint(bp)

    from .actions.views import bp as actions_bp
    from .strategy_sessions.views import bp as sessions_bp

    app.register_blueprint(actions_bp)  # action plans (issue 16)
    app.register_blueprint(sessions_bp)  # strategy sessions, their pre-read and deck

    from . import account, admin, api, audit, comments

    account.init_app(app)  # /account, forgot password, set-password links
    admin.init_app(app)  # /admin/users
    comments.init_app(app)  # /campaigns/<id>/comments: read, search, tag, hide
    audit.init_app(app)  # /admin/audit, the session and download hooks, the prune commands
    api.init_app(app)  # /api/v1: bearer tokens, problem JSON, OpenAPI at /api/v1/openapi.json


def register_errorhandlers(app: Flask) -> None:
    from .api import problems

    def render_error(error: HTTPException) -> Any:
        if problems.is_api_request():  # an unknown /api/ address has no blueprint: still JSON
            return problems.handle(error)
        code = error.code or 500
        return render_template("errors/error.html", error=error, code=code), code

    for code in (400, 403, 404, 405, 413, 429, 500, 503):
        app.register_error_handler(code, render_error)

    from .db_errors import register as register_database_errors

    register_database_errors(app)  # a full, read-only or unreachable database: a true 503


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
