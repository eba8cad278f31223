"""A user's own account: name, password, signed-in devices, and set-password links."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """``/account``, "Forgot password" and the set-password page, with logs that keep no link."""
    from . import logs, token_views  # noqa: F401 - token_views: routes on the account blueprint
    from .password_views import bp as password_bp
    from .views import bp as account_bp

    app.register_blueprint(account_bp)
    app.register_blueprint(password_bp)
    logs.install(app)
