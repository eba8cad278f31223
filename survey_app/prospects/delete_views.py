"""Deleting a prospect, and one's own assessment of it: ``GET`` confirms, ``POST`` deletes.

Who may: a prospect, whoever may edit it (its owner, the leaders and admins); an assessment,
its author only (:func:`.services.own_assessment`). Anyone else who can see the prospect gets a
403 for the prospect and a 404 for the assessment; everyone else a 404, as for a missing id.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..companies import delete_views as company_pages
from ..companies.deletion import delete_company
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import Company
from ..text import page_day, page_number
from . import services
from .blueprint import EVERYONE, bp
from .forms import CONFIDENCE_LABELS, SOURCE_LABELS


def _crumbs(prospect: Company) -> list[tuple[str, str]]:
    return [
        (_("Prospects"), url_for("prospects.index")),
        (prospect.name, url_for("prospects.detail", prospect_id=prospect.id)),
    ]


@bp.route("/<int:prospect_id>/delete", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def delete(prospect_id: int) -> Response | tuple[str, int]:
    prospect = services.get_prospect(prospect_id)
    if not services.can_manage(prospect):
        abort(403)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form expired. Please confirm again."), "danger")
            return redirect(url_for("prospects.delete", prospect_id=prospect.id))
        name = prospect.name
        flash(company_pages.deleted_message(name, delete_company(prospect)), "success")
        return redirect(url_for("prospects.index"))
    detail = url_for("prospects.detail", prospect_id=prospect.id)
    return confirmation_page(company_pages.confirmation(prospect, detail, _crumbs(prospect)))


@bp.get(
    "/<int:prospect_id>/assessments/<int:assessment_id>/delete",
    endpoint="confirm_delete_assessment",
)
@roles_required(*EVERYONE)
def confirm_delete_assessment(prospect_id: int, assessment_id: int) -> tuple[str, int]:
    """The confirmation; the ``POST`` to the same URL is ``prospects.delete_assessment``."""
    prospect = services.get_prospect(prospect_id)
    assessment = services.own_assessment(prospect, assessment_id)
    ticked = sum(1 for e in assessment.enemies if e.present)
    notes = sum(1 for e in assessment.enemies if e.evidence)
    when = page_day(assessment.observed_on)
    return confirmation_page(
        Confirmation(
            # The day goes in with str.format's braces doubled: named() fills the name in.
            title=named(
                _("Delete your assessment of “{}” from %(day)s?", day=when.replace("{", "{{")),
                prospect.name,
            ),
            button=_("Delete my assessment"),
            cancel_url=url_for("prospects.detail", prospect_id=prospect.id),
            lead=_(
                "Source: %(source)s. Confidence: %(confidence)s.",
                source=SOURCE_LABELS[assessment.source],
                confidence=CONFIDENCE_LABELS[assessment.confidence],
            ),
            removes=[
                _(
                    "%(enemies)s ticked, with %(notes)s.",
                    enemies=ngettext(
                        "%(count)s enemy", "%(count)s enemies", ticked, count=page_number(ticked)
                    ),
                    notes=ngettext(
                        "%(count)s evidence note",
                        "%(count)s evidence notes",
                        notes,
                        count=page_number(notes),
                    ),
                ),
                ngettext(
                    "%(count)s practice rated.",
                    "%(count)s practices rated.",
                    len(assessment.practices),
                    count=page_number(len(assessment.practices)),
                ),
                _("Your summary.") if assessment.summary else _("No summary (none was written)."),
            ],
            keeps=[
                _(
                    "The prospect and everyone else's assessments; its verdict is computed again "
                    "without yours."
                )
            ],
            removes_heading=_("This deletes"),
            note=_("This cannot be undone."),
            crumbs=_crumbs(prospect),
        )
    )
