"""Download routes: a campaign's or a company's report as a PDF (leaders and admins only).

Lookups are scoped to the signed-in user's organisation, so another organisation's id is a 404;
a rep gets a 403. The PDF is never cached by a browser or a proxy.
"""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..auth.access import one_or_404, org_id, roles_required
from ..models import Campaign, Company, Role
from .errors import ReportError

bp = Blueprint("reports", __name__)
LEADERS = (Role.LEADER, Role.ADMIN)
PAPERS = ("a4", "letter")


def _paper() -> str:
    paper = request.args.get("paper", "a4").lower()
    return paper if paper in PAPERS else "a4"


def _pdf(content: object, back: str) -> Response | tuple[str, int]:
    from .document import render_pdf

    try:
        pdf = render_pdf(content, _paper())  # type: ignore[arg-type]
    except ReportError as exc:
        return render_template("reports/unavailable.html", message=str(exc), back=back), 503
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{content.filename}"'  # type: ignore[attr-defined]
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/campaigns/<int:campaign_id>/report.pdf")
@roles_required(*LEADERS)
def campaign_pdf(campaign_id: int) -> Response | tuple[str, int]:
    from .campaign import campaign_report

    campaign: Campaign = one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )
    return _pdf(campaign_report(campaign), url_for("campaigns.detail", campaign_id=campaign_id))


@bp.get("/companies/<int:company_id>/report.pdf")
@roles_required(*LEADERS)
def company_pdf(company_id: int) -> Response | tuple[str, int]:
    from .company import company_report

    company: Company = one_or_404(
        select(Company).where(Company.id == company_id, Company.organization_id == org_id())
    )
    return _pdf(company_report(company), url_for("companies.detail", company_id=company_id))
