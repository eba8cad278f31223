"""gunicorn settings: threaded workers that slow clients cannot starve, a port that an
immediate restart can bind, a worker timeout above the app's own report limit, and access logs
that hold no survey tokens and no client addresses.

* ``gthread``, 2 workers x 8 threads: a client that sends its request slowly holds one thread,
  not a whole worker. With 2 sync workers, two slow-header connections blocked every page for
  32 s. In production, nginx in front buffers whole requests anyway (``deploy/nginx.conf``).
* ``reuse_port``: after a ``kill -9`` of the master, its orphaned workers keep the listening
  socket until their once-a-second check of their parent (1.3 s measured); with SO_REUSEPORT a
  new gunicorn binds the same port at once, and the orphans exit on their own. Until they have,
  the kernel shares new connections between the old socket and the new one.
* ``timeout`` 60 s, above ``REPORT_TIMEOUT`` (25 s, ``survey_app/config.py``): a slow PDF ends
  with the app's own message, never with a worker killed mid-response.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_TOKEN_PATH = re.compile(r"^/s/[^/?#]+")

bind = "127.0.0.1:5000"
workers = 2
worker_class = "gthread"
threads = 8
timeout = 60  # seconds; keep above REPORT_TIMEOUT (tests/test_server_limits.py)
graceful_timeout = 30
keepalive = 5
reuse_port = True
accesslog = "-"
# No %(h)s (client address), no query string, no referrer, no user agent: only what an
# operator needs to see the app is healthy.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def redact_path(path: object) -> str:
    """``/s/<token>`` becomes ``/s/[token]``: a log reader must not be able to answer.

    Anything but a string (gunicorn's error path logs a request it could not parse, or a
    response it refused, with ``PATH_INFO`` missing, so the atom is None) is logged as "-".
    """
    return _TOKEN_PATH.sub("/s/[token]", path) if isinstance(path, str) else "-"


_HIDDEN = {"h": "-", "a": "-", "f": "-", "q": "-", "r": "-"}


class RedactingLogger(Logger):
    """The access log without tokens or client addresses, and never an exception: logging runs
    on gunicorn's error path too, where a raise here killed the worker (issue 13)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        try:
            atoms = dict(super().atoms(resp, req, environ, request_time))
        except Exception:  # noqa: BLE001 - a log line must never take the worker down
            atoms = {}  # gunicorn then logs "-" for every atom
        atoms.update(_HIDDEN)
        atoms["U"] = redact_path(atoms.get("U"))
        return atoms


logger_class = RedactingLogger
