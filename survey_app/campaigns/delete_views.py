"""The campaign's confirmations: closing it, and deleting it with all it collected.

``GET`` shows what will change, ``POST`` (the same URL, CSRF-checked) does it (see
:mod:`survey_app.confirm`). Closing is posted to ``campaigns.close`` in :mod:`.views`.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..models import Campaign, CampaignStatus
from ..text import plural
from .blueprint import LEADERS, bp
from .deletion import CampaignFootprint, delete_campaign, footprint
from .recurrence import next_wave_of
from .services import campaign_stats, get_campaign


def _crumbs(campaign: Campaign) -> list[tuple[str, str]]:
    return [
        ("Campaigns", url_for("campaigns.index")),
        (campaign.title, url_for("campaigns.detail", campaign_id=campaign.id)),
    ]


@bp.get("/<int:campaign_id>/close", endpoint="confirm_close")
@roles_required(*LEADERS)
def confirm_close(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    if campaign.status != CampaignStatus.OPEN:
        flash("Only an open campaign can be closed.", "warning")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    stats = campaign_stats(campaign)
    changes = [
        f"{plural(stats.pending, 'invitation')} not yet opened and "
        f"{plural(stats.started, 'person', 'people')} who started and have not submitted: "
        "they can no longer answer. Saved answers are kept, should you reopen.",
        f"The results show all {plural(stats.responses, 'response')} from now on "
        f"(while open they move in steps of {campaign.min_group_size}).",
    ]
    if campaign.open_link_token:
        changes.append("The open link stops taking answers.")
    if campaign.repeat_weeks and next_wave_of(campaign.id) is None:
        changes.append(
            f"It repeats every {plural(campaign.repeat_weeks, 'week')}: its next wave is made, "
            "with the same instruments, teams, k and people invited by email, and opens on "
            "its date by itself."
        )
    return confirmation_page(
        Confirmation(
            title=named("Close the campaign “{}”?", campaign.title),
            button="Close the campaign",
            cancel_url=url_for("campaigns.detail", campaign_id=campaign.id),
            removes_heading="What changes",
            removes=changes,
            keeps=[
                "Every response, invitation and result.",
                "You can reopen it later, with a new closing date if this one has passed.",
            ],
            note="",
            crumbs=_crumbs(campaign),
            danger=False,
        )
    )


def _what_goes(gone: CampaignFootprint) -> list[str]:
    lines = [
        f"{plural(gone.responses, 'response')} and their answers, with the results built "
        "from them: the dashboard, the exports and the PDF report.",
        f"{plural(gone.invitations, 'invitation')} (emails and single-use links): "
        "their links stop working.",
    ]
    if gone.open_visits:
        lines.append(f"{plural(gone.open_visits, 'visit')} through the open link.")
    if gone.drafts:
        lines.append(f"{plural(gone.drafts, 'set')} of answers saved and not yet submitted.")
    return lines


@bp.route("/<int:campaign_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash("The form expired. Please confirm again.", "danger")
            return redirect(url_for("campaigns.delete", campaign_id=campaign.id))
        title, company_id = campaign.title, campaign.company_id
        gone = delete_campaign(campaign)
        flash(
            f"Campaign “{title}” deleted, with {plural(gone.responses, 'response')} and "
            f"{plural(gone.invitations, 'invitation')}.",
            "success",
        )
        return redirect(url_for("companies.detail", company_id=company_id))
    gone, company = footprint(Campaign.id == campaign.id), campaign.company
    lead = (
        "It is open: people answering now will find their link gone."
        if campaign.status == CampaignStatus.OPEN
        else ""
    )
    return confirmation_page(
        Confirmation(
            title=named("Delete the campaign “{}”?", campaign.title),
            button="Delete the campaign",
            cancel_url=url_for("campaigns.detail", campaign_id=campaign.id),
            lead=lead,
            removes=_what_goes(gone),
            keeps=[named("The company “{}”, its teams and its other campaigns.", company.name)],
            crumbs=_crumbs(campaign),
        )
    )
