"""Request logs that never hold a set-password link (nor a survey link).

Links carry their token in the query string (``/auth/set-password?token=...``). gunicorn's
access log keeps the path only (``%(U)s``, survey_app/gunicorn_conf.py). Werkzeug's server logs
the whole request line, so its records go through :class:`RedactTokens`, as do the app's own;
a ``token=`` value and the token of an ``/s/`` path become ``[token]``.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

_QUERY_TOKEN = re.compile(r"([?&;]token=)[^&;\s\"']+", re.IGNORECASE)
_SURVEY_PATH = re.compile(r"(/s/)[^/?#\s\"']+")


def redact(text: str) -> str:
    return _SURVEY_PATH.sub(r"\1[token]", _QUERY_TOKEN.sub(r"\1[token]", text))


class RedactTokens(logging.Filter):
    """Rewrites a record's message and string arguments; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(app: Flask) -> None:
    """Put the filter on werkzeug's logger and the app's, once each."""
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
