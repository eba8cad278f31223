"""Stored renders: which PDF a request may be served, and asking the consumer for a new one.

A render is kept in its *slot* (kind, subject, paper, viewer scope and language: see
:class:`~survey_app.models.ReportRender`; the language rides in the scope, as in "all|fr", and
English keeps the bare scope, so an English render is the one stored before languages came)
under the **fingerprint** of what it prints: the report's HTML with the charts left out, the
digest of every chart's figure and size, and the report stylesheets. Whatever a report depends
on (the published snapshot's counts or every response once closed, the campaign's state,
names, k and bands, the earlier wave it compares with, the organisation's name, accent and
logo, the paper, the viewer's teams, the language) is in that HTML or those figures, so a PDF
is served only while it still matches what would be printed now.
The report date is left out: a PDF rendered at close says the day it was rendered.

Building the fingerprint reads the results and builds the figures (milliseconds), but never
draws a chart: the web process never starts Chromium.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import DEFAULT, language_or_default
from ..jobs import enqueue
from ..models import Campaign, Company, RenderStatus, ReportKind, ReportRender
from ..models._types import utcnow
from ..results.scope import UNSCOPED, Viewer
from .content import ReportContent

PAPERS = ("a4", "letter")
STYLESHEETS = ("css/report.css", "css/fonts.css")
# A render queued or running for longer than this is taken as lost (its consumer was killed
# and the queue gave up on it): asking again queues it anew.
STUCK_AFTER = timedelta(minutes=10)
_NO_DATE = date(2000, 1, 1)  # the report date, left out of the fingerprint


LANGUAGE_MARK = "|"


def scope_key(viewer: Viewer, language: str = DEFAULT) -> str:
    """The viewer's scope and the report's language as stored: a render is made for one scope
    in one language and served to that scope in that language only."""
    if viewer.teams is None:
        scope = "all"
    else:
        scope = "teams:" + ",".join(str(t) for t in sorted(viewer.teams))
    language = language_or_default(language)
    return scope if language == DEFAULT else f"{scope}{LANGUAGE_MARK}{language}"


def language_of_scope(scope: str) -> str:
    _, mark, language = scope.partition(LANGUAGE_MARK)
    return language_or_default(language) if mark else DEFAULT


def viewer_of_scope(scope: str) -> Viewer:
    scope = scope.partition(LANGUAGE_MARK)[0]
    if scope == "all":
        return UNSCOPED
    ids = scope.removeprefix("teams:")
    return Viewer(frozenset(int(t) for t in ids.split(",") if t))


@cache
def _stylesheets_digest() -> bytes:
    static = Path(__file__).resolve().parent.parent / "static"
    digest = hashlib.sha256()
    for name in STYLESHEETS:
        path = static / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.digest()


def fingerprint(content: ReportContent, paper: str) -> str:
    """The digest of everything the PDF of ``content`` on ``paper`` prints (see the module)."""
    from .document import render_html

    undated = replace(content, context={**content.context, "today": _NO_DATE})
    placeholders = {name: f"chart:{name}" for name in content.charts}
    html = render_html(undated, paper, placeholders)
    digest = hashlib.sha256(_stylesheets_digest())
    digest.update(html.encode("utf-8"))
    for name in sorted(content.charts):
        digest.update(f"\n{name}:{content.charts[name].spec()[0]}".encode())
    return digest.hexdigest()


def build_content(
    kind: ReportKind, subject: Campaign | Company, viewer: Viewer, language: str = DEFAULT
) -> ReportContent:
    """The report's content (no chart drawn), in ``language``, as the download and the
    consumer both build it."""
    if kind is ReportKind.CAMPAIGN:
        from .campaign import campaign_report

        return campaign_report(subject, viewer, language)  # type: ignore[arg-type]
    from .company import company_report

    return company_report(subject, viewer, language)  # type: ignore[arg-type]


def subject_of(render: ReportRender) -> Campaign | Company | None:
    model: type[Campaign] | type[Company] = (
        Campaign if render.kind is ReportKind.CAMPAIGN else Company
    )
    found: Campaign | Company | None = db.session.get(model, render.subject_id)  # type: ignore[assignment]
    if found is None or found.organization_id != render.organization_id:
        return None
    return found


def slot(
    kind: ReportKind, subject_id: int, paper: str, viewer: Viewer, language: str = DEFAULT
) -> ReportRender | None:
    return db.session.scalar(
        select(ReportRender).where(
            ReportRender.kind == kind,
            ReportRender.subject_id == subject_id,
            ReportRender.paper == paper,
            ReportRender.scope == scope_key(viewer, language),
        )
    )


def is_fresh(render: ReportRender | None, wanted: str) -> bool:
    """A PDF that may be served for the report whose fingerprint is ``wanted``."""
    return (
        render is not None and render.status is RenderStatus.READY and render.fingerprint == wanted
    )


def in_progress(render: ReportRender | None, wanted: str) -> bool:
    """Queued or rendering for this very fingerprint, and not lost."""
    if render is None or render.fingerprint != wanted:
        return False
    if render.status not in (RenderStatus.QUEUED, RenderStatus.RENDERING):
        return False
    return utcnow() - render.requested_at < STUCK_AFTER


def request_render(
    organization_id: int,
    kind: ReportKind,
    subject_id: int,
    paper: str,
    viewer: Viewer,
    wanted: str,
    *,
    retry: bool = False,
    language: str = DEFAULT,
) -> ReportRender:
    """The slot's render of ``wanted``: the one already stored or on its way, else a new one
    queued for the consumer (a failed one only when ``retry``: a reload never loops on a
    report that keeps failing). Commits before queueing, as the queue asks."""
    render = slot(kind, subject_id, paper, viewer, language)
    if is_fresh(render, wanted) or in_progress(render, wanted):
        return render  # type: ignore[return-value]
    failed = render is not None and render.status is RenderStatus.FAILED
    if failed and render.fingerprint == wanted and not retry:  # type: ignore[union-attr]
        return render  # type: ignore[return-value]
    values = {
        "fingerprint": wanted,
        "status": RenderStatus.QUEUED,
        "stage": "Waiting for the report renderer",
        "progress": 0,
        "error": None,
        "pdf": None,  # the stale PDF is never served again: dropped now
        "requested_at": utcnow(),
        "finished_at": None,
    }
    # End the reads' transaction first, so that the write is the first statement of its own:
    # on SQLite a GET's transaction begins deferred, and one that read while the consumer
    # wrote could not become a writer (it would fail at once instead of waiting its turn).
    render_id = render.id if render is not None else None
    db.session.commit()
    try:
        if render_id is None:
            row = {"organization_id": organization_id, "kind": kind, "subject_id": subject_id,
                   "paper": paper, "scope": scope_key(viewer, language)}  # fmt: skip
            result = db.session.execute(insert(ReportRender).values(**row, **values))
            render_id = result.inserted_primary_key[0]  # type: ignore[attr-defined]
        else:
            db.session.execute(
                update(ReportRender).where(ReportRender.id == render_id).values(**values)
            )
        db.session.commit()
    except IntegrityError:  # another request created the slot first: use theirs
        db.session.rollback()
        found = slot(kind, subject_id, paper, viewer, language)
        if found is None:
            raise
        return found
    from .jobs import render_report

    enqueue(render_report, render_id)
    # Inline (the tests' immediate mode) the render has run and committed meanwhile: end this
    # session's transaction so that it reads the render as it is now.
    db.session.commit()
    found = db.session.get(ReportRender, render_id, populate_existing=True)
    if found is None:  # removed meanwhile (pruned with its campaign)
        raise LookupError(f"report render {render_id} is gone")
    return found


def queued_ahead(render: ReportRender) -> int:
    """How many renders were asked for before this one and are still waiting or running."""
    waiting = (RenderStatus.QUEUED, RenderStatus.RENDERING)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(ReportRender)
            .where(
                ReportRender.status.in_(waiting),
                ReportRender.requested_at < render.requested_at,
                ReportRender.requested_at > utcnow() - STUCK_AFTER,
            )
        )
        or 0
    )


def prune(now: datetime | None = None, keep: timedelta = timedelta(days=30)) -> int:
    """Delete renders untouched for ``keep``, failures after a day, and those whose campaign
    or company is gone; returns how many."""
    now = now or utcnow()
    removed = 0
    for render in db.session.scalars(select(ReportRender)).all():
        last = render.finished_at or render.requested_at
        old = now - last > keep
        failed_long_ago = render.status is RenderStatus.FAILED and now - last > timedelta(days=1)
        if old or failed_long_ago or subject_of(render) is None:
            db.session.delete(render)
            removed += 1
    db.session.commit()
    return removed
