"""The campaign's confirmations: closing it, and deleting it with all it collected.

``GET`` shows what will change, ``POST`` (the same URL, CSRF-checked) does it (see
:mod:`survey_app.confirm`). Closing is posted to ``campaigns.close`` in :mod:`.views`.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import Campaign, CampaignStatus
from ..text import page_number
from .blueprint import LEADERS, bp
from .deletion import CampaignFootprint, delete_campaign, footprint
from .recurrence import next_wave_of
from .services import get_campaign
from .stats import campaign_stats


def _crumbs(campaign: Campaign) -> list[tuple[str, str]]:
    return [
        (_("Campaigns"), url_for("campaigns.index")),
        (campaign.title, url_for("campaigns.detail", campaign_id=campaign.id)),
    ]


@bp.get("/<int:campaign_id>/close", endpoint="confirm_close")
@roles_required(*LEADERS)
def confirm_close(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    if campaign.status != CampaignStatus.OPEN:
        flash(_("Only an open campaign can be closed."), "warning")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    stats = campaign_stats(campaign)
    changes = [
        _(
            "%(pending)s not yet opened and %(started)s who started and have not submitted: "
            "they can no longer answer. Saved answers are kept, should you reopen.",
            pending=ngettext(
                "%(count)s invitation",
                "%(count)s invitations",
                stats.pending,
                count=page_number(stats.pending),
            ),
            started=ngettext(
                "%(count)s person",
                "%(count)s people",
                stats.started,
                count=page_number(stats.started),
            ),
        ),
        ngettext(
            "The results show all %(count)s response from now on (while open they move in steps"
            " of %(k)s).",
            "The results show all %(count)s responses from now on (while open they move in steps"
            " of %(k)s).",
            stats.responses,
            count=page_number(stats.responses),
            k=campaign.min_group_size,
        ),
    ]
    if campaign.open_link_token:
        changes.append(_("The open link stops taking answers."))
    if campaign.repeat_weeks and next_wave_of(campaign.id) is None:
        changes.append(
            ngettext(
                "It repeats every %(count)s week: its next wave is made, with the same "
                "instruments, teams, k and people invited by email, and opens on its date by "
                "itself.",
                "It repeats every %(count)s weeks: its next wave is made, with the same "
                "instruments, teams, k and people invited by email, and opens on its date by "
                "itself.",
                campaign.repeat_weeks,
                count=page_number(campaign.repeat_weeks),
            )
        )
    return confirmation_page(
        Confirmation(
            title=named(_("Close the campaign “{}”?"), campaign.title),
            button=_("Close the campaign"),
            cancel_url=url_for("campaigns.detail", campaign_id=campaign.id),
            removes_heading=_("What changes"),
            removes=changes,
            keeps=[
                _("Every response, invitation and result."),
                _("You can reopen it later, with a new closing date if this one has passed."),
            ],
            note="",
            crumbs=_crumbs(campaign),
            danger=False,
        )
    )


def _what_goes(gone: CampaignFootprint) -> list[str]:
    lines = [
        ngettext(
            "%(count)s response and their answers, with the results built from them: the "
            "dashboard, the exports and the PDF report.",
            "%(count)s responses and their answers, with the results built from them: the "
            "dashboard, the exports and the PDF report.",
            gone.responses,
            count=page_number(gone.responses),
        ),
        ngettext(
            "%(count)s invitation (emails and single-use links): their links stop working.",
            "%(count)s invitations (emails and single-use links): their links stop working.",
            gone.invitations,
            count=page_number(gone.invitations),
        ),
    ]
    if gone.open_visits:
        lines.append(
            ngettext(
                "%(count)s visit through the open link.",
                "%(count)s visits through the open link.",
                gone.open_visits,
                count=page_number(gone.open_visits),
            )
        )
    if gone.drafts:
        lines.append(
            ngettext(
                "%(count)s set of answers saved and not yet submitted.",
                "%(count)s sets of answers saved and not yet submitted.",
                gone.drafts,
                count=page_number(gone.drafts),
            )
        )
    return lines


@bp.route("/<int:campaign_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form expired. Please confirm again."), "danger")
            return redirect(url_for("campaigns.delete", campaign_id=campaign.id))
        title, company_id = campaign.title, campaign.company_id
        gone = delete_campaign(campaign)
        flash(
            _(
                "Campaign “%(title)s” deleted, with %(responses)s and %(invitations)s.",
                title=title,
                responses=ngettext(
                    "%(count)s response",
                    "%(count)s responses",
                    gone.responses,
                    count=page_number(gone.responses),
                ),
                invitations=ngettext(
                    "%(count)s invitation",
                    "%(count)s invitations",
                    gone.invitations,
                    count=page_number(gone.invitations),
                ),
            ),
            "success",
        )
        return redirect(url_for("companies.detail", company_id=company_id))
    gone, company = footprint(Campaign.id == campaign.id), campaign.company
    lead = (
        _("It is open: people answering now will find their link gone.")
        if campaign.status == CampaignStatus.OPEN
        else ""
    )
    return confirmation_page(
        Confirmation(
            title=named(_("Delete the campaign “{}”?"), campaign.title),
            button=_("Delete the campaign"),
            cancel_url=url_for("campaigns.detail", campaign_id=campaign.id),
            lead=lead,
            removes=_what_goes(gone),
            keeps=[named(_("The company “{}”, its teams and its other campaigns."), company.name)],
            removes_heading=_("This deletes"),
            note=_("This cannot be undone."),
            crumbs=_crumbs(campaign),
        )
    )
