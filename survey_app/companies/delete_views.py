"""Deleting a company: ``GET`` says what goes, ``POST`` (CSRF-checked) deletes it.

Leaders and admins only, like every company page; a prospect is deleted from its own page
(:mod:`survey_app.prospects.delete_views`) with the same service and the same sentences.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import Company, CompanyKind
from ..text import page_number
from .blueprint import LEADERS, bp
from .deletion import CompanyFootprint, company_footprint, delete_company
from .services import get_company


def keeps() -> str:
    return _("Your users, their self-checks, and every other company, prospect and campaign.")


def what_goes(gone: CompanyFootprint) -> list[str]:
    """The confirmation's list, each line a count of what the deletion removes."""
    c = gone.campaigns
    lines = [
        _(
            "%(campaigns)s, with %(responses)s and their answers, and their results: "
            "dashboards, exports and PDF reports.",
            campaigns=ngettext(
                "%(count)s campaign",
                "%(count)s campaigns",
                c.campaigns,
                count=page_number(c.campaigns),
            ),
            responses=ngettext(
                "%(count)s response",
                "%(count)s responses",
                c.responses,
                count=page_number(c.responses),
            ),
        ),
        ngettext(
            "%(count)s invitation (emails and single-use links): their links stop working.",
            "%(count)s invitations (emails and single-use links): their links stop working.",
            c.invitations,
            count=page_number(c.invitations),
        ),
    ]
    if c.open_visits:
        lines.append(
            ngettext(
                "%(count)s visit through open links.",
                "%(count)s visits through open links.",
                c.open_visits,
                count=page_number(c.open_visits),
            )
        )
    if c.drafts:
        lines.append(
            ngettext(
                "%(count)s set of answers saved and not yet submitted.",
                "%(count)s sets of answers saved and not yet submitted.",
                c.drafts,
                count=page_number(c.drafts),
            )
        )
    lines.append(
        ngettext("%(count)s team.", "%(count)s teams.", gone.teams, count=page_number(gone.teams))
    )
    if gone.assessments:
        lines.append(
            _(
                "%(assessments)s by %(people)s, with their evidence notes.",
                assessments=ngettext(
                    "%(count)s observer assessment",
                    "%(count)s observer assessments",
                    gone.assessments,
                    count=page_number(gone.assessments),
                ),
                people=ngettext(
                    "%(count)s person",
                    "%(count)s people",
                    gone.assessment_authors,
                    count=page_number(gone.assessment_authors),
                ),
            )
        )
    if gone.shared_with:
        lines.append(
            ngettext(
                "Its sharing with %(count)s person, who lose sight of it.",
                "Its sharing with %(count)s people, who lose sight of it.",
                gone.shared_with,
                count=page_number(gone.shared_with),
            )
        )
    return lines


def deleted_message(company_name: str, gone: CompanyFootprint) -> str:
    return _(
        "“%(name)s” deleted, with %(campaigns)s and %(responses)s.",
        name=company_name,
        campaigns=ngettext(
            "%(count)s campaign",
            "%(count)s campaigns",
            gone.campaigns.campaigns,
            count=page_number(gone.campaigns.campaigns),
        ),
        responses=ngettext(
            "%(count)s response",
            "%(count)s responses",
            gone.campaigns.responses,
            count=page_number(gone.campaigns.responses),
        ),
    )


def confirmation(company: Company, cancel_url: str, crumbs: list[tuple[str, str]]) -> Confirmation:
    prospect = company.kind == CompanyKind.PROSPECT
    return Confirmation(
        title=named(
            _("Delete the prospect “{}”?") if prospect else _("Delete the company “{}”?"),
            company.name,
        ),
        button=_("Delete the prospect") if prospect else _("Delete the company"),
        cancel_url=cancel_url,
        removes=what_goes(company_footprint(company)),
        keeps=[keeps()],
        crumbs=crumbs,
        removes_heading=_("This deletes"),
        note=_("This cannot be undone."),
    )


@bp.route("/<int:company_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(company_id: int) -> Response | tuple[str, int]:
    company = get_company(company_id)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form expired. Please confirm again."), "danger")
            return redirect(url_for("companies.delete", company_id=company.id))
        name = company.name
        flash(deleted_message(name, delete_company(company)), "success")
        return redirect(url_for("companies.index"))
    detail = url_for("companies.detail", company_id=company.id)
    crumbs = [(_("Companies"), url_for("companies.index")), (company.name, detail)]
    return confirmation_page(confirmation(company, detail, crumbs))
