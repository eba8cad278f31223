"""HTML to PDF with WeasyPrint, fetching nothing but ``data:`` URLs and the app's static files.

Report HTML holds text users typed (company, team and campaign names). Jinja escapes it, and
this fetcher is the second wall: ``file:``, ``http:`` and every other scheme are refused, and a
static file is read from disk only when its resolved path lies inside the static folder. No
socket is ever opened, so there is no redirect to follow.

WeasyPrint runs in a forked child under a time limit: a pathological document ends in a
:class:`ReportError`, never in a worker stuck for minutes.

Reports use only the fonts shipped in ``static/fonts`` (``static/css/fonts.css``). One
WeasyPrint font configuration serves every document of the process: the warm-up loads every
``@font-face`` into it once (the CJK fallback alone is 4 MB), and the forked children inherit it
instead of reading, copying and scanning the font files again for each report.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.connection
import os
import shutil
import threading
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from werkzeug.security import safe_join

from .errors import ReportError

# The document's base URL. It names no real host: only its /static/ paths mean anything, and
# they are served from disk by the fetcher below.
BASE_URL = "https://report.invalid/"
STATIC_PREFIX = "/static/"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
MIME_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
              ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
              ".otf": "font/otf"}  # fmt: skip
DEFAULT_TIMEOUT = 25.0  # below gunicorn's worker timeout; REPORT_TIMEOUT in config.py


class FetchRefused(ValueError):
    """A URL the report may not load; WeasyPrint logs it and leaves the resource out."""


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportURLFetcher(URLFetcher):
        """Serves ``data:`` URLs and files under ``static_dir``; refuses everything else."""

        def __init__(self, static_dir: Path = STATIC_DIR, base_url: str = BASE_URL) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
            self.static_dir = static_dir.resolve()
            base = urlsplit(base_url)
            self.origin = (base.scheme, base.netloc)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            return self._static(url)

        def _static(self, url: str) -> Any:
            parts = urlsplit(url)
            if (parts.scheme.lower(), parts.netloc.lower()) != self.origin:
                raise FetchRefused(f"reports load no external resources: {url}")
            path = unquote(parts.path)
            if not path.startswith(STATIC_PREFIX):
                raise FetchRefused(f"only the app's static files may be loaded: {url}")
            joined = safe_join(str(self.static_dir), path[len(STATIC_PREFIX) :])
            target = Path(joined).resolve() if joined else None
            if target is None or not target.is_relative_to(self.static_dir) or not target.is_file():
                raise FetchRefused(f"not a static file: {url}")
            mime = MIME_TYPES.get(target.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": mime})

    return ReportURLFetcher


def url_fetcher(static_dir: Path = STATIC_DIR, base_url: str = BASE_URL) -> Any:
    """WeasyPrint's fetcher for reports: ``data:`` URLs and the app's static files only."""
    return _fetcher_class()(static_dir, base_url)


@cache
def font_config() -> Any:
    """This process's WeasyPrint font configuration, shared by every report (and inherited by
    the forked children): an ``@font-face`` already in it costs nothing on the next report."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    atexit.register(_remove_font_copies, config, os.getpid())
    return config


def _remove_font_copies(config: Any, pid: int) -> None:
    """Delete the folder where WeasyPrint copied the ``@font-face`` files (5 MB). Its own
    ``__del__`` may not run at interpreter exit; forked children (``os._exit``) skip this."""
    folder = getattr(config, "_folder", None)
    if folder is not None and os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)


def _write_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    return document.write_pdf(font_config=font_config())


def _child(conn: multiprocessing.connection.Connection, html: str) -> None:
    try:
        conn.send(("ok", _write_pdf(html)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as text
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


_warm = False
# One thread warms up; the shared font configuration is never used by two threads at once.
_lock = threading.Lock()
# A small document that touches what a report uses: the stylesheet, every font face (fonts.css,
# imported by report.css; 北 is drawn by the CJK fallback), a table, page margin boxes and SVG
# text.
WARM_UP_HTML = """<!doctype html><html><head><link rel="stylesheet" href="/static/css/report.css">
</head><body><section class="cover"><h1>Warm up</h1><div class="company">.</div></section>
<section class="page"><h2>Warm</h2><p><strong>b</strong> <em>i</em> <strong><em>bi</em></strong>
Ωж 北</p>
<table class="data"><tr><th>t</th><td class="num">1%</td></tr></table>
<img src="data:image/svg+xml;base64,{svg}"></section></body></html>"""
_WARM_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><g><text x="1" y="12" '
    'style="font-family: {font}; font-size: 12px; font-weight: bold; fill: rgb(0, 0, 0);">'
    'Aa 1%</text><path d="M0,0L9,9" style="stroke: rgb(0, 0, 0);"/></g></svg>'
)


def warm_up() -> None:
    """Lay out a small document once in this process, so that every forked child starts with
    WeasyPrint's fonts, stylesheet and caches loaded (seconds saved on every report)."""
    global _warm
    with _lock:
        if not _warm:
            import base64

            from ..charts.theme import FONT

            svg = base64.b64encode(_WARM_SVG.format(font=FONT).encode()).decode()
            _write_pdf(WARM_UP_HTML.format(svg=svg))
            _warm = True


def html_to_pdf(html: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Render ``html`` to PDF bytes, or raise :class:`ReportError` after ``timeout`` seconds."""
    if os.name != "posix":  # no fork: render in-process, without the time limit
        with _lock:
            return _write_pdf(html)
    warm_up()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, html), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise ReportError(
                f"The PDF took longer than {timeout:g} s to lay out and was stopped. "
                "Try again later, or ask whoever runs the server to raise the report time limit."
            )
        status, payload = receive.recv()
    except EOFError as exc:
        raise ReportError("The PDF renderer stopped unexpectedly.") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receive.close()
    if status != "ok":
        raise ReportError(f"The PDF could not be rendered: {payload}")
    return payload
