"""The campaign page's "Remind everyone who has not answered": a confirmation that says how
many will get one (``GET``), then the round itself (``POST``, CSRF-checked).

The page never says who: the count is of invitations still pending or started, as the
progress counts beside it already show.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..clock import today
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..extensions import db
from ..models import Campaign
from ..text import page_number
from .blueprint import LEADERS, bp
from .mail import mail_enabled
from .reminders import ReminderError, check_can_remind, remind_now, remindable_count
from .services import get_campaign
from .web import base_url


@bp.route("/<int:campaign_id>/remind", methods=["GET", "POST"])
@roles_required(*LEADERS)
def remind(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    back = url_for("campaigns.detail", campaign_id=campaign.id)
    count = remindable_count(campaign)
    try:
        if not mail_enabled(current_app.config):
            raise ReminderError(_("Mail is not set up on this server, so no reminder can be sent."))
        check_can_remind(campaign, today(), count)
    except ReminderError as error:
        flash(str(error), "warning")
        return redirect(back)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            reminder = remind_now(campaign, base_url())
        except ReminderError as error:
            db.session.rollback()
            flash(str(error), "warning")
        else:
            sent = reminder.recipients
            flash(
                ngettext(
                    "%(count)s reminder queued.",
                    "%(count)s reminders queued.",
                    sent,
                    count=page_number(sent),
                ),
                "success",
            )
        return redirect(back)
    return confirmation_page(
        Confirmation(
            title=named(_("Remind everyone who has not answered “{}”?"), campaign.title),
            button=ngettext(
                "Send %(count)s reminder",
                "Send %(count)s reminders",
                count,
                count=page_number(count),
            ),
            cancel_url=back,
            lead=ngettext(
                "%(count)s person invited by email has not answered yet and will get a reminder"
                " with a link to the survey.",
                "%(count)s people invited by email have not answered yet and will get a reminder"
                " with a link to the survey.",
                count,
                count=page_number(count),
            ),
            removes_heading=_("What happens"),
            removes=[
                _(
                    "Everyone whose invitation is still pending or started gets the same "
                    "reminder: nobody is told apart, and this page never shows who."
                ),
                _("Nobody who has answered, and nobody who opted out, gets one."),
                *_leaders_words(campaign),
            ],
            note="",
            crumbs=[
                (_("Campaigns"), url_for("campaigns.index")),
                (campaign.title, back),
            ],
            danger=False,
        )
    )


def _leaders_words(campaign: Campaign) -> list[str]:
    """The campaign's reminder message, as every reminder will open with it, if it has one."""
    words = (campaign.reminder_message or "").strip()
    if not words:
        return []
    return [named(_("Each reminder opens with your words: “{}”"), words)]
