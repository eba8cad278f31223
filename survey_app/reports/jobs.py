"""Report tasks: PDFs render on the job consumer, never in a web worker.

* :func:`render_report` renders one stored slot (survey_app/reports/store.py), writing its
  stage and progress as it goes, so the waiting page can show them.
* :func:`render_on_close` queues a closed campaign's PDF on A4 and Letter, so that its
  download is instant.
* :func:`prune_renders` removes old and orphaned renders every night.

The consumer starts Chromium and lays out a small document before it takes its first task
(:func:`warm_renderer`), so the first PDF after a restart costs no browser start.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from huey import crontab
from sqlalchemy import update

from ..database import reads_only
from ..extensions import db
from ..jobs import enqueue, job, queue
from ..jobs.cli import on_consumer_start
from ..models import Campaign, RenderStatus, ReportKind, ReportRender
from ..models._types import utcnow
from ..results.scope import UNSCOPED
from .errors import ReportError

log = logging.getLogger(__name__)
PAPERS = ("a4", "letter")


@on_consumer_start
def warm_renderer(app: Flask) -> None:
    """Start Chromium and warm WeasyPrint now, in the consumer, before any report is asked."""
    from .pdf import warm_up
    from .renderer import get_renderer

    try:
        renderer = get_renderer()
        renderer.start(timeout=60)
        warm_up()
        renderer.render({"warm-up": _warm_up_chart()}, use_cache=False)
    except ReportError as exc:  # no Chromium here: each report will say so when it fails
        log.warning("The report renderer could not be warmed: %s", exc)


def _warm_up_chart() -> Any:
    """A small figure with the traces, shapes and annotations the reports draw: building it
    loads plotly's validators in this process (about 0.2 s that the first report spent)."""
    import plotly.graph_objects as go

    from .renderer import Chart

    figure = go.Figure(
        [
            go.Bar(x=[1], y=["a"], orientation="h", text=["1%"]),
            go.Heatmap(z=[[1]]),
            go.Scatter(x=[1], y=[1], mode="markers+text", text=["a"]),
        ]
    )
    figure.update_layout(
        title="Warm up",
        shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}],
        annotations=[{"text": "a", "x": 0, "y": 0}],
    )
    return Chart(figure, 200, 100)


def _write(statement: Any) -> int:
    """One write in a transaction of its own, after the reads' (deferred) one has ended: the
    consumer reads for seconds while it renders, and takes SQLite's write lock only here."""
    db.session.commit()  # nothing is pending: this ends the reads' transaction
    with reads_only(False):
        done = db.session.execute(statement)
        db.session.commit()
    return int(done.rowcount)  # type: ignore[attr-defined]


def _progress(render_id: int, requested_at: Any, stage: str, percent: int) -> None:
    """Record how far the render is (only while it is still the render asked for)."""
    _write(
        update(ReportRender)
        .where(ReportRender.id == render_id, ReportRender.requested_at == requested_at)
        .values(status=RenderStatus.RENDERING, stage=stage, progress=percent)
    )


def _finish(render_id: int, requested_at: Any, **values: Any) -> bool:
    """Store the outcome unless the slot was asked for again meanwhile (that newer request's
    own task then renders it); returns whether it was stored."""
    done = _write(
        update(ReportRender)
        .where(ReportRender.id == render_id, ReportRender.requested_at == requested_at)
        .values(finished_at=utcnow(), **values)
    )
    return bool(done)


@job(retries=2, retry_delay=5, timeout=300)
def render_report(render_id: int) -> None:
    """Render a slot's PDF. Idempotent: a slot already rendered (or gone) is left alone."""
    with reads_only():  # every write goes through _write
        _render(render_id)


def _render(render_id: int) -> None:
    from . import store  # Plotly and the templates: imported where a report is made

    render = db.session.get(ReportRender, render_id)
    if render is None or render.status in (RenderStatus.READY, RenderStatus.FAILED):
        return
    asked = render.requested_at
    organization_id, kind, paper = render.organization_id, render.kind, render.paper
    subject = store.subject_of(render)
    if subject is None:
        _finish(render_id, asked, status=RenderStatus.FAILED, error="It no longer exists.")
        return
    viewer = store.viewer_of_scope(render.scope)
    language = store.language_of_scope(render.scope)  # the language the leader picked
    subject_id = subject.id
    _progress(render_id, asked, "Reading the results", 5)
    try:
        from .document import render_pdf

        content = store.build_content(kind, subject, viewer, language)
        printed = store.fingerprint(content, paper)  # of what is rendered now, maybe newer
        pdf = render_pdf(content, paper, progress=lambda s, p: _progress(render_id, asked, s, p))
    except ReportError as exc:  # a reason a person can act on; they may retry
        db.session.rollback()
        _finish(render_id, asked, status=RenderStatus.FAILED, error=str(exc), progress=0)
        return
    except Exception as exc:  # noqa: BLE001 - shown with a retry, never left "rendering"
        log.exception("report render %s failed", render_id)
        db.session.rollback()
        message = f"The PDF could not be rendered ({type(exc).__name__}: {exc})."
        _finish(render_id, asked, status=RenderStatus.FAILED, error=message, progress=0)
        return
    stored = _finish(
        render_id,
        asked,
        status=RenderStatus.READY,
        stage="Ready",
        progress=100,
        pdf=pdf,
        fingerprint=printed,
        error=None,
    )
    if stored:
        try:
            with reads_only(False):  # the webhook reads, then stores its event: one writer
                report_ready(organization_id, kind, subject_id, paper)
        except Exception:  # the PDF is stored: a webhook problem must not undo it
            log.exception("the report-ready webhook of render %s failed", render_id)


def report_ready(organization_id: int, kind: ReportKind, subject_id: int, paper: str) -> None:
    """The "report ready" webhook event (survey_app/webhooks), with where to download it."""
    from ..webhooks import REPORT_READY, done_reading, emit, listening
    from ..webhooks import events as webhook_events

    folder = "campaigns" if kind is ReportKind.CAMPAIGN else "companies"
    path = f"/{folder}/{subject_id}/report.pdf?paper={paper}"
    url = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/") + path
    if kind is ReportKind.CAMPAIGN:
        campaign = db.session.get(Campaign, subject_id)
        if campaign is not None:
            webhook_events.report_ready(campaign, url)
        return
    try:
        if listening(organization_id, REPORT_READY):
            report = {"kind": "company", "company_id": subject_id, "paper": paper, "url": url}
            emit(organization_id, REPORT_READY, {"report": report})
    finally:
        done_reading()


@job(retries=3, retry_delay=10)
def render_on_close(campaign_id: int) -> None:
    """Queue a closed campaign's PDF on both papers, for every reader who sees every team
    (a team-scoped leader's own render is made when they first ask)."""
    from . import store

    with reads_only():  # request_render ends its reads before its one write
        campaign = db.session.get(Campaign, campaign_id)
        if campaign is None:
            return
        organization_id = campaign.organization_id
        content = store.build_content(ReportKind.CAMPAIGN, campaign, UNSCOPED)
        wanted = {paper: store.fingerprint(content, paper) for paper in PAPERS}
        for paper in PAPERS:
            store.request_render(
                organization_id, ReportKind.CAMPAIGN, campaign_id, paper, UNSCOPED, wanted[paper]
            )


def campaign_closed(campaign_id: int) -> None:
    """Called after a campaign's close is committed. Inline (tests' immediate mode) the two
    renders would hold up the close request, so there they run only when
    ``REPORTS_RENDER_ON_CLOSE`` is set."""
    config = current_app.config
    if queue().immediate and not config.get("REPORTS_RENDER_ON_CLOSE"):
        return
    if config.get("REPORTS_RENDER_ON_CLOSE", True):
        enqueue(render_on_close, campaign_id)


@job(periodic=crontab(minute="17", hour="3"), retries=0)
def prune_renders() -> None:
    from . import store

    removed = store.prune()
    if removed:
        log.info("pruned %d stored report renders", removed)
