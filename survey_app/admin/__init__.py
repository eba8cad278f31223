"""Administration pages (``/admin``): an organisation's users, for its admins only."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import (
        erase,  # noqa: F401 - its routes, on the same blueprint
        scope,  # noqa: F401 - the team scope page, on the same blueprint
        sso_views,  # noqa: F401 - the single sign-on page, on the same blueprint
        webhook_views,  # noqa: F401 - the webhook endpoints, on the same blueprint
    )
    from .settings_views import init_app as init_settings  # routes on the same blueprint
    from .views import bp

    app.register_blueprint(bp)
    init_settings(app)
