"""The pipeline: draw a report's charts in one batch, fill its template, lay it out as PDF."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable, Mapping

from flask import current_app, render_template

from ..i18n import rendering_in
from .content import ReportContent
from .errors import ReportError
from .pdf import DEFAULT_TIMEOUT, html_to_pdf, warm_up
from .renderer import get_renderer

PAPERS = ("a4", "letter")
# Plotly leaves many empty groups (hover, drag and menu layers) that print nothing but cost
# WeasyPrint a style cascade each.
_EMPTY_GROUP = re.compile(r"<g(?:\s[^>]*)?/>|<g(?:\s[^>]*)?></g>")


def slim_svg(svg: str) -> str:
    """The SVG without its empty groups; what it draws is unchanged."""
    while True:
        slimmer = _EMPTY_GROUP.sub("", svg)
        if slimmer == svg:
            return svg
        svg = slimmer


def svg_data_url(svg: str) -> str:
    """An SVG as a ``data:`` URL: the one kind of image the PDF fetcher lets through."""
    data = base64.b64encode(slim_svg(svg).encode("utf-8")).decode("ascii")
    return "data:image/svg+xml;base64," + data


def draw_charts(content: ReportContent, timeout: float, use_cache: bool = True) -> dict[str, str]:
    """Every chart of the report as a data URL, drawn in a single Kaleido batch."""
    if not content.charts:
        return {}
    svgs = get_renderer().render(content.charts, timeout=timeout, use_cache=use_cache)
    return {name: svg_data_url(svg) for name, svg in svgs.items()}


def render_html(
    content: ReportContent, paper: str = "a4", images: Mapping[str, str] | None = None
) -> str:
    """The report's HTML; ``images`` maps chart names to data URLs (drawn if not given)."""
    if paper not in PAPERS:
        raise ReportError(f"Unknown paper size {paper!r}: use one of {', '.join(PAPERS)}.")
    if images is None:
        images = draw_charts(content, _timeout())
    with rendering_in(content.language):
        return render_template(
            content.template, **content.context, charts=images, paper=paper,
            doc_title=content.title,
        )  # fmt: skip


def render_pdf(
    content: ReportContent,
    paper: str = "a4",
    progress: Callable[[str, int], None] | None = None,
) -> bytes:
    """The finished PDF; raises :class:`ReportError` with a message a person can act on.

    ``REPORT_TIMEOUT`` is the whole report's budget: the charts get it, the layout gets what
    the charts left. ``progress(stage, percent)`` is told as each stage begins (the job
    consumer shows it to the person waiting).
    """
    deadline = time.monotonic() + _timeout()
    tell = progress or (lambda stage, percent: None)
    if content.charts:  # a cold process: Chromium starts while WeasyPrint loads its fonts
        get_renderer().start_in_background()
    warm_up()
    if content.charts:
        tell("Drawing the charts", 20)
    images = draw_charts(content, _left(deadline))
    tell("Laying out the pages", 60)
    html = render_html(content, paper, images)
    return html_to_pdf(html, timeout=_left(deadline))


def _timeout() -> float:
    return float(current_app.config.get("REPORT_TIMEOUT", DEFAULT_TIMEOUT))


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ReportError(
            f"The report took longer than {_timeout():g} s and was stopped. Try again later, "
            "or ask whoever runs the server to raise the report time limit."
        )
    return left
