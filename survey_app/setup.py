"""The steps of :func:`survey_app.create_app`, one function each."""

from __future__ import annotations

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


def register_template_helpers(app: Flask) -> None:
    from .navigation import nav_items
    from .scoring import story

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["story"] = story  # sentences built from the facts beside them


def register_security(app: Flask) -> None:
    from .input_guard import install_body_limit, refuse_nul_characters
    from .security import add_security_headers

    install_body_limit(app)  # MAX_CONTENT_LENGTH for chunked bodies as for plain ones
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:  # the client's address and scheme from the proxy's X-Forwarded-* headers
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.before_request(refuse_nul_characters)  # PostgreSQL cannot store U+0000: a clear 400
    app.after_request(add_security_headers)


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
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
        dashboard_bp,
        exports_bp,
        reports_bp,
        prospects_bp,
        selfcheck_bp,
    ):
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_template("errors/error.html", error=error, code=code), code

    for code in (400, 403, 404, 405, 413, 429, 500, 503):
        app.register_error_handler(code, render_error)

    from .db_errors import register as register_database_errors

    register_database_errors(app)  # a full, read-only or unreachable database: a true 503


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
