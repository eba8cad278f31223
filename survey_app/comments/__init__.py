"""Free-text comments: the respondent's optional box per instrument, and the leader's page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
