"""The audit log (``/admin/audit``) and retention (``flask prune-audit``, ``prune-responses``).

``record`` is the one way an entry is written (see :mod:`.service`); the session hook
(:mod:`.tracking`) and the download hook (:mod:`.downloads`) call it for the app's services
and views, so that a new one is audited without a line of its own.
"""

from __future__ import annotations

from flask import Flask

from . import actions
from .service import failed_sign_in, record, record_now

__all__ = ["actions", "failed_sign_in", "init_app", "record", "record_now"]


def init_app(app: Flask) -> None:
    from flask_sqlalchemy.session import Session

    from .cli import COMMANDS
    from .downloads import record_download
    from .tracking import install
    from .views import bp

    install(Session)
    app.after_request(record_download)
    app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
