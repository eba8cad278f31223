"""Deleting a company: ``GET`` says what goes, ``POST`` (CSRF-checked) deletes it.

Leaders and admins only, like every company page; a prospect is deleted from its own page
(:mod:`survey_app.prospects.delete_views`) with the same service and the same sentences.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import Company, CompanyKind
from ..text import plural
from .blueprint import LEADERS, bp
from .deletion import CompanyFootprint, company_footprint, delete_company
from .services import get_company

KEEPS = "Your users, their self-checks, and every other company, prospect and campaign."


def what_goes(gone: CompanyFootprint) -> list[str]:
    """The confirmation's list, each line a count of what the deletion removes."""
    c = gone.campaigns
    lines = [
        f"{plural(c.campaigns, 'campaign')}, with {plural(c.responses, 'response')} and "
        f"their answers, and their results: dashboards, exports and PDF reports.",
        f"{plural(c.invitations, 'invitation')} (emails and single-use links): "
        "their links stop working.",
    ]
    if c.open_visits:
        lines.append(f"{plural(c.open_visits, 'visit')} through open links.")
    if c.drafts:
        lines.append(f"{plural(c.drafts, 'set')} of answers saved and not yet submitted.")
    lines.append(f"{plural(gone.teams, 'team')}.")
    if gone.assessments:
        lines.append(
            f"{plural(gone.assessments, 'observer assessment')} by "
            f"{plural(gone.assessment_authors, 'person', 'people')}, with their evidence notes."
        )
    if gone.shared_with:
        lines.append(
            f"Its sharing with {plural(gone.shared_with, 'person', 'people')}, who lose sight "
            "of it."
        )
    return lines


def deleted_message(company_name: str, gone: CompanyFootprint) -> str:
    return (
        f"“{company_name}” deleted, with {plural(gone.campaigns.campaigns, 'campaign')} and "
        f"{plural(gone.campaigns.responses, 'response')}."
    )


def confirmation(company: Company, cancel_url: str, crumbs: list[tuple[str, str]]) -> Confirmation:
    what = "prospect" if company.kind == CompanyKind.PROSPECT else "company"
    return Confirmation(
        title=named(f"Delete the {what} “{{}}”?", company.name),
        button=f"Delete the {what}",
        cancel_url=cancel_url,
        removes=what_goes(company_footprint(company)),
        keeps=[KEEPS],
        crumbs=crumbs,
    )


@bp.route("/<int:company_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(company_id: int) -> Response | tuple[str, int]:
    company = get_company(company_id)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash("The form expired. Please confirm again.", "danger")
            return redirect(url_for("companies.delete", company_id=company.id))
        name = company.name
        flash(deleted_message(name, delete_company(company)), "success")
        return redirect(url_for("companies.index"))
    detail = url_for("companies.detail", company_id=company.id)
    crumbs = [("Companies", url_for("companies.index")), (company.name, detail)]
    return confirmation_page(confirmation(company, detail, crumbs))
