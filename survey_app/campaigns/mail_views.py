"""The invite page's mail progress: a small JSON of counts its script polls, and "Retry"."""

from __future__ import annotations

from flask import flash, jsonify, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..jobs.health import consumer_running
from ..text import page_number
from .blueprint import LEADERS, bp
from .forms import ActionForm
from .mail_status import mail_progress, retry_failed
from .services import get_campaign
from .web import base_url


@bp.get("/<int:campaign_id>/invite/mail-progress.json")
@roles_required(*LEADERS)
def mail_progress_json(campaign_id: int) -> Response:
    """Counts only (queued, sent, failed, declined), never anyone's state."""
    progress = mail_progress(get_campaign(campaign_id))
    response = jsonify({**progress.as_json(), "consumer_running": consumer_running()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:campaign_id>/invite/retry")
@roles_required(*LEADERS)
def retry_mail(campaign_id: int) -> Response:
    campaign = get_campaign(campaign_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "danger")
    else:
        count = retry_failed(campaign, base_url())
        if count:
            flash(
                ngettext(
                    "%(count)s email queued again.",
                    "%(count)s emails queued again.",
                    count,
                    count=page_number(count),
                ),
                "success",
            )
        else:
            flash(_("There are no failed emails to retry."), "info")
    return redirect(url_for("campaigns.invite", campaign_id=campaign.id) + "#mail-progress")
