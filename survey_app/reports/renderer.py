"""Plotly figures to SVG through Kaleido and Chromium, one browser kept alive per process.

Starting Chromium costs about a second, so the first report of a process starts it and every
later report reuses it. All the charts of a report go to the browser in one batch, rendered
side by side in two tabs. An SVG is cached under a hash of the figure JSON and its size, so an
unchanged chart is never drawn twice.

Chromium runs offline: plotly.js comes from the plotly package on disk, MathJax is disabled,
background networking is off, and every host name resolves to nothing, so a chart can never
reach the network.

Chromium sees the fonts shipped with the reports (``static/fonts``, through ``FONTCONFIG_FILE``
= ``fonts.conf`` beside this module), so the charts' text is laid out and measured in Inter, the
font WeasyPrint then draws it with, whatever fonts the machine has.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Mapping, MutableMapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly
import plotly.io as pio

from .errors import ReportError

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# The system's fontconfig plus ../static/fonts (a path relative to the file itself).
FONTCONFIG_FILE = Path(__file__).resolve().parent / "fonts.conf"
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
OFFLINE_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
TABS = 2  # this machine class has two cores
CACHE_SIZE = 256
RELOAD_AFTER = 60  # figures a tab draws before its page is reloaded, to bound its memory
INSTALL_HINT = (
    "Chromium is needed to draw the report's charts but was not found. Install it with "
    "`apt-get install chromium` (Debian/Ubuntu), or point BROWSER_PATH at a Chromium or "
    "Chrome executable."
)


@dataclass(frozen=True)
class Chart:
    """A figure to draw at a fixed size in CSS pixels (96 per inch)."""

    figure: Any  # plotly.graph_objects.Figure or its dict
    width: int = 900
    height: int = 520

    def spec(self) -> tuple[str, str]:
        """(cache key, figure JSON): the key covers the figure and its size."""
        body = pio.to_json(self.figure, validate=False, engine="json")
        digest = hashlib.sha256(f"{self.width}x{self.height}:{body}".encode()).hexdigest()
        return digest, body


def find_browser() -> str:
    """The Chromium executable: BROWSER_PATH if set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ReportError(f"BROWSER_PATH={configured!r} is not an executable. {INSTALL_HINT}")
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ReportError(INSTALL_HINT)


def _offline_chromium() -> type:
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):  # type: ignore[misc]
        """Chromium with everything that could phone home switched off."""

        def get_cli(self) -> Sequence[str]:
            return [*super().get_cli(), *OFFLINE_FLAGS]

        def get_env(self) -> MutableMapping[str, str]:
            return {**super().get_env(), "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}

    return OfflineChromium


class ChartRenderer:
    """A Kaleido browser running on its own event loop thread, plus the SVG cache."""

    def __init__(self, browser_path: str | None = None) -> None:
        self.browser_path = browser_path or find_browser()
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="chart-renderer", daemon=True
        )
        self._thread.start()
        self._kaleido: Any = None
        self._opening: asyncio.Task[None] | None = None
        self._drawn: dict[int, int] = {}
        self.pid = os.getpid()

    # -- browser life cycle (runs on the loop thread) --------------------------------------
    async def _ensure_open(self) -> None:
        """Open the browser once, however many callers ask at the same time."""
        if self._kaleido is not None:
            return
        if self._opening is None or self._opening.done():
            self._opening = asyncio.ensure_future(self._open())
        await asyncio.shield(self._opening)
        self._opening.result()

    async def _open(self) -> None:
        import kaleido

        k = kaleido.Kaleido(
            n=TABS,
            timeout=60,
            plotlyjs=PLOTLY_JS,
            mathjax=False,
            path=self.browser_path,
            browser_cls=_offline_chromium(),
        )
        await k.open()
        self._kaleido = k

    async def _render(
        self, bodies: list[tuple[str, int, int]], fmt: str = "svg", scale: float = 1
    ) -> list[bytes]:
        await self._ensure_open()
        k = self._kaleido
        try:
            from kaleido import _profiler
            from kaleido._utils import fig_tools
        except ImportError:  # Kaleido's internals moved: the public API, slower but correct
            return await asyncio.gather(
                *(
                    k.calc_fig(
                        _as_dict(b), opts={"format": fmt, "width": w, "height": h, "scale": scale}
                    )
                    for b, w, h in bodies
                )
            )
        tabs = [await k.tabs_ready.get() for _ in range(min(TABS, len(bodies)))]
        results: list[bytes] = [b""] * len(bodies)

        async def run(tab: Any, indexes: range) -> None:
            # One tab draws several figures in a row; Kaleido's public API reloads the tab
            # (and plotly.js) after every figure, which costs ten times the drawing itself.
            for i in indexes:
                body, w, h = bodies[i]
                spec = fig_tools.coerce_for_js(
                    _as_dict(body), None, {"format": fmt, "width": w, "height": h, "scale": scale}
                )
                profile = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                results[i] = await tab._calc_fig(  # noqa: SLF001
                    spec, topojson=None, render_prof=profile, stepper=False
                )

        try:
            await asyncio.gather(
                *(run(tab, range(n, len(bodies), len(tabs))) for n, tab in enumerate(tabs))
            )
        finally:
            for tab in tabs:
                self._drawn[id(tab)] = self._drawn.get(id(tab), 0) + len(bodies) // len(tabs)
                if self._drawn[id(tab)] >= RELOAD_AFTER:  # a fresh page now and then
                    self._drawn[id(tab)] = 0
                    asyncio.ensure_future(k._return_kaleido_tab(tab))  # noqa: SLF001
                else:
                    k.tabs_ready.put_nowait(tab)
        return results

    async def _close(self) -> None:
        k, self._kaleido = self._kaleido, None
        if k is not None:
            await k.close()

    def _submit(self, coro: Any) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    # -- public API ---------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._kaleido is not None

    def start(self, timeout: float = 30) -> None:
        """Start Chromium now rather than on the first chart."""
        if not self.started:
            self._wait(self._submit(self._ensure_open()), timeout, "starting Chromium")

    def start_in_background(self) -> None:
        """Let Chromium start while this thread does other work; errors surface on render."""
        if not self.started:
            self._submit(self._ensure_open())

    def render(
        self, charts: Mapping[str, Chart], timeout: float = 60, use_cache: bool = True
    ) -> dict[str, str]:
        """SVG text per chart name; every chart not in the cache is drawn in one batch."""
        specs = {name: chart.spec() for name, chart in charts.items()}
        with self._lock:
            cached = {
                n: self._cache[d] for n, (d, _) in specs.items() if use_cache and d in self._cache
            }
        missing = [n for n in charts if n not in cached]
        if missing:
            bodies = [(specs[n][1], charts[n].width, charts[n].height) for n in missing]
            images = self._wait(self._submit(self._render(bodies)), timeout, "drawing the charts")
            with self._lock:
                for name, image in zip(missing, images, strict=True):
                    svg = image.decode("utf-8")
                    cached[name] = svg
                    self._cache[specs[name][0]] = svg
                    self._cache.move_to_end(specs[name][0])
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return {name: cached[name] for name in charts}

    def render_png(
        self, charts: Mapping[str, Chart], scale: float, timeout: float = 60
    ) -> dict[str, bytes]:
        """PNG bytes per chart, drawn by Chromium itself at ``scale`` times the CSS size: the
        text in Inter as laid out, bidi isolates invisible (a PNG made from the SVG elsewhere
        would draw it in that machine's fonts). Not cached: only the deck asks for pictures."""
        names = list(charts)
        bodies = [(charts[n].spec()[1], charts[n].width, charts[n].height) for n in names]
        if not bodies:
            return {}
        images = self._wait(
            self._submit(self._render(bodies, "png", scale)), timeout, "drawing the charts"
        )
        return dict(zip(names, images, strict=True))

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        """Stop Chromium and the loop thread; safe to call twice."""
        if self._loop.is_closed():
            return
        if os.getpid() == self.pid and self._thread.is_alive():
            with contextlib.suppress(Exception):  # best effort at shutdown
                self._submit(self._close()).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        if not self._loop.is_running():
            self._loop.close()

    def _wait(self, future: Future[Any], timeout: float, what: str) -> Any:
        try:
            return future.result(timeout=timeout)
        except FutureTimeout as exc:
            future.cancel()
            self._restart()
            raise ReportError(
                f"The report timed out after {timeout:g} s while {what}. Try again; if it keeps "
                "happening, the server is overloaded or Chromium is stuck."
            ) from exc
        except ReportError:
            raise
        except Exception as exc:
            self._restart()
            if "ChromeNotFound" in type(exc).__name__:
                raise ReportError(INSTALL_HINT) from exc
            raise ReportError(f"The charts could not be drawn while {what}: {exc}") from exc

    def _restart(self) -> None:
        """Drop a browser that failed; the next report starts a fresh one."""
        k, self._kaleido = self._kaleido, None
        if k is not None:
            self._submit(_quiet_close(k))


async def _quiet_close(k: Any) -> None:
    with contextlib.suppress(Exception):  # the browser is being thrown away anyway
        await asyncio.wait_for(k.close(), 10)


def _as_dict(body: str) -> dict[str, Any]:
    import json

    return json.loads(body)


_renderer: ChartRenderer | None = None
_renderer_lock = threading.Lock()


def get_renderer() -> ChartRenderer:
    """This process's renderer, created on first use (a forked worker gets its own)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None or _renderer.pid != os.getpid():
            _renderer = ChartRenderer()
            atexit.register(_renderer.close)
        return _renderer


def shutdown_renderer() -> None:
    """Stop this process's renderer (tests and benchmarks use it to measure a cold start)."""
    global _renderer
    with _renderer_lock:
        if _renderer is not None and _renderer.pid == os.getpid():
            _renderer.close()
        _renderer = None
