"""gunicorn settings: access logs that hold no survey tokens and no client addresses."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_TOKEN_PATH = re.compile(r"^/s/[^/?#]+")

bind = "127.0.0.1:5000"
workers = 2
accesslog = "-"
# No %(h)s (client address), no query string, no referrer, no user agent: only what an
# operator needs to see the app is healthy.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def redact_path(path: str) -> str:
    """``/s/<token>`` becomes ``/s/[token]``: a log reader must not be able to answer."""
    return _TOKEN_PATH.sub("/s/[token]", path)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms.update({"h": "-", "a": "-", "f": "-", "q": "-", "r": "-"})
        atoms["U"] = redact_path(atoms.get("U", ""))
        return atoms


logger_class = RedactingLogger
