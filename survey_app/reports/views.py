"""Report routes: a campaign's or a company's PDF (leaders and admins only).

The PDF renders on the job consumer (survey_app/reports/jobs.py), never here. Opening
``report.pdf`` serves the stored render when it still matches what the report would print now
(survey_app/reports/store.py); otherwise it asks the consumer for one and answers with a page
that shows its progress, polls ``report/status`` (our own script, no CDN) and downloads the PDF
when it is ready. Without JavaScript the page's link does the same by hand. Leaving the page
loses nothing: the render goes on, and the same link downloads it later. A failed render is
shown with its reason and a button to try again.

Lookups are scoped to the signed-in user's organisation, so another organisation's id is a 404;
a rep gets a 403. A render is made for one viewer scope (a team-scoped leader's teams) and
served to that scope only. The PDF is never cached by a browser or a proxy.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..auth.access import one_or_404, org_id, roles_required
from ..auth.scope import current_viewer
from ..downloads import attachment
from ..i18n import DEFAULT, LANGUAGES, lazy_gettext, user_language_page
from ..models import Campaign, Company, RenderStatus, ReportKind, ReportRender, Role
from ..org_settings import default_paper

bp = Blueprint("reports", __name__)
LEADERS = (Role.LEADER, Role.ADMIN)
PAPERS = ("a4", "letter")
PAPER_NAMES = {"a4": "A4", "letter": lazy_gettext("Letter")}
# The stages the consumer records as it renders (reports/document.py, reports/jobs.py), as the
# waiting page says them.
STAGES = {
    "Drawing the charts": lazy_gettext("Drawing the charts"),
    "Laying out the pages": lazy_gettext("Laying out the pages"),
    "Ready": lazy_gettext("Ready"),
    "Waiting for the report renderer": lazy_gettext("Waiting for the report renderer"),
}
ENDPOINTS = {ReportKind.CAMPAIGN: "campaign", ReportKind.COMPANY: "company"}


def _paper() -> str:
    """The paper asked for, else the organisation's default (admin settings)."""
    default = default_paper(org_id())
    paper = str(request.values.get("paper", default)).lower()
    return paper if paper in PAPERS else default


def _language() -> str:
    """The language the report is asked in (``?lang=fr``), else English."""
    asked = str(request.values.get("lang", DEFAULT)).lower()
    return asked if asked in LANGUAGES else DEFAULT


def _campaign(campaign_id: int) -> Campaign:
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


def _company(company_id: int) -> Company:
    return one_or_404(
        select(Company).where(Company.id == company_id, Company.organization_id == org_id())
    )


def _urls(kind: ReportKind, subject_id: int, paper: str, language: str) -> dict[str, str]:
    name = ENDPOINTS[kind]
    arg: dict[str, Any] = {f"{name}_id": subject_id, "paper": paper}
    if language != DEFAULT:  # English keeps the address it always had
        arg["lang"] = language
    return {
        "download": url_for(f"reports.{name}_pdf", **arg),
        "status": url_for(f"reports.{name}_status", **arg),
        "retry": url_for(f"reports.{name}_retry", **arg),
        "back": url_for("campaigns.detail", campaign_id=subject_id)
        if kind is ReportKind.CAMPAIGN
        else url_for("companies.detail", company_id=subject_id),
    }


def _serve(kind: ReportKind, subject: Campaign | Company, retry: bool = False) -> Response:
    """The stored PDF when it is current; otherwise a render asked for and the waiting page."""
    from . import store

    viewer, paper, language = current_viewer(), _paper(), _language()
    content = store.build_content(kind, subject, viewer, language)
    wanted = store.fingerprint(content, paper)
    render = store.request_render(
        org_id(), kind, subject.id, paper, viewer, wanted, retry=retry, language=language
    )
    urls = _urls(kind, subject.id, paper, language)
    if retry:  # a POST: back to the address that downloads it (303, See Other)
        return redirect(urls["download"], code=303)  # type: ignore[return-value]
    if store.is_fresh(render, wanted):
        return attachment(render.pdf or b"", "application/pdf", content.filename)
    from ..jobs.health import consumer_running

    user_language_page()  # the waiting page, in the language of the pages it is reached from
    page = render_template(
        "reports/waiting.html",
        render=render,
        status=_status(render),
        title=content.title,
        paper=PAPER_NAMES[paper],
        urls=urls,
        consumer_running=consumer_running(),
    )
    failed = render.status is RenderStatus.FAILED
    return Response(page, status=503 if failed else 200, mimetype="text/html")


def _status(render: ReportRender) -> dict[str, object]:
    """What the waiting page shows, and its script reads."""
    from . import store

    ahead = store.queued_ahead(render) if render.status is RenderStatus.QUEUED else 0
    stage = render.stage or "Waiting for the report renderer"
    text = str(STAGES.get(stage, stage))
    if ahead:
        text += " " + ngettext(
            "(%(num)s report ahead of this one)", "(%(num)s reports ahead of this one)", ahead
        )
    return {
        "state": render.status.value,
        "stage": render.stage,
        "text": text,  # what the page says of the stage, in its language
        "progress": render.progress,
        "ahead": ahead,
        "error": render.error,
    }


def _status_json(kind: ReportKind, subject_id: int) -> Response:
    from . import store

    user_language_page()
    render = store.slot(kind, subject_id, _paper(), current_viewer(), _language())
    body = _status(render) if render is not None else {"state": "none"}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/campaigns/<int:campaign_id>/report.pdf")
@roles_required(*LEADERS)
def campaign_pdf(campaign_id: int) -> Response:
    return _serve(ReportKind.CAMPAIGN, _campaign(campaign_id))


@bp.get("/campaigns/<int:campaign_id>/report/status")
@roles_required(*LEADERS)
def campaign_status(campaign_id: int) -> Response:
    return _status_json(ReportKind.CAMPAIGN, _campaign(campaign_id).id)


@bp.post("/campaigns/<int:campaign_id>/report/retry")
@roles_required(*LEADERS)
def campaign_retry(campaign_id: int) -> Response:
    return _serve(ReportKind.CAMPAIGN, _campaign(campaign_id), retry=True)


@bp.get("/companies/<int:company_id>/report.pdf")
@roles_required(*LEADERS)
def company_pdf(company_id: int) -> Response:
    return _serve(ReportKind.COMPANY, _company(company_id))


@bp.get("/companies/<int:company_id>/report/status")
@roles_required(*LEADERS)
def company_status(company_id: int) -> Response:
    return _status_json(ReportKind.COMPANY, _company(company_id).id)


@bp.post("/companies/<int:company_id>/report/retry")
@roles_required(*LEADERS)
def company_retry(company_id: int) -> Response:
    return _serve(ReportKind.COMPANY, _company(company_id), retry=True)
