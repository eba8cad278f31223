"""Werkzeug's server in a thread, for the tests that need real HTTP, closing what it serves.

Werkzeug's development server skips the response's ``close()`` when the client resets the
connection just after the last byte: it drains the socket in a ``finally`` whose read raises
``ConnectionResetError`` before ``close()`` is reached. A browser does that when it drops a
static file it no longer needs. The file ``send_file`` opened is then only freed by the garbage
collector, with a ``ResourceWarning`` that ``filterwarnings = error`` turns into a teardown error
in whichever test happens to be running. Wrapping the iterable in a generator moves ``close()``
into that generator's ``finally``, which runs as soon as the server lets go of it, however the
request ended. Gunicorn, which serves the product, closes responses itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server


def closing_every_response(app: Any) -> Any:
    """``app`` whose responses are closed even when werkzeug's server does not close them."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        iterable: Iterable[bytes] = app(environ, start_response)

        def body() -> Iterator[bytes]:
            try:
                yield from iterable
            finally:
                close = getattr(iterable, "close", None)
                if close is not None:
                    close()

        return body()

    return wsgi


def threaded_server(app: Any, port: int = 0) -> BaseWSGIServer:
    """A threaded werkzeug server for ``app`` on 127.0.0.1 (``port`` 0: a free one)."""
    return make_server("127.0.0.1", port, closing_every_response(app), threaded=True)
