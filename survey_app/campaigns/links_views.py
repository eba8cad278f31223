"""Personal links are shown, and downloadable, once: in the response that creates them.

Only a digest of each link is stored, so no page can show a link again. The response that
creates links shows them with their CSV built into the page (a ``data:`` URL, which the
Content-Security-Policy leaves alone: it governs what a page loads, not what it downloads), or
answers with the CSV file itself; the server keeps nothing of them. Afterwards the links page
shows counts, never who, and a link is sent again only by email, as a new link.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..downloads import DownloadName, attachment, download_name
from ..extensions import db
from ..models import Campaign, Invitation
from .blueprint import LEADERS, bp
from .forms import ResendForm
from .invitations import InviteError, invitation_url, resend
from .mail import mail_enabled
from .progress import link_counts, team_progress
from .services import get_campaign
from .web import base_url, flash_failures


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _rows(invitations: Sequence[Invitation]) -> list[tuple[Invitation, str]]:
    """Each new invitation with its link; only those whose plaintext this request holds."""
    base = base_url()
    return [(i, invitation_url(base, i.token)) for i in invitations if i.token is not None]


def _csv(rows: list[tuple[Invitation, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["kind", "email", "team", "link"])  # no status: counts only, never who
    for inv, url in rows:
        team = inv.team.name if inv.team else ""
        writer.writerow([inv.kind.value, _cell(inv.email or ""), _cell(team), url])
    return "\ufeff" + buffer.getvalue()


def _name(campaign: Campaign) -> DownloadName:
    prefix = f"campaign-{campaign.id}"
    return download_name(prefix, campaign.title, "new-links", suffix=".csv", default=prefix)


def new_links(campaign: Campaign, invitations: Sequence[Invitation]) -> dict[str, Any]:
    """What a page needs to show these new links once: the rows, and their CSV to download."""
    rows = _rows(invitations)
    return {
        "new_rows": rows,
        "new_csv": _csv(rows) if rows else "",
        "new_csv_name": _name(campaign).name,
    }


def show_new_links(campaign: Campaign, invitations: Sequence[Invitation]) -> tuple[str, int]:
    """The page that shows links just created, the only time they can be seen."""
    page = render_template(
        "campaigns/new_links.html",
        campaign=campaign,
        mail_on=mail_enabled(current_app.config),
        **new_links(campaign, invitations),
    )
    return page, 200


def download_new_links(campaign: Campaign, invitations: Sequence[Invitation]) -> Response:
    """The links just created, as a CSV attachment instead of a page."""
    return attachment(_csv(_rows(invitations)), "text/csv; charset=utf-8", _name(campaign))


def _render_links(campaign: Campaign, form: ResendForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "campaigns/link_counts.html",
        campaign=campaign,
        counts=link_counts(campaign),
        teams=team_progress(campaign),
        mail_on=mail_enabled(current_app.config),
        form=form,
        open_url=invitation_url(base_url(), campaign.open_link_token)
        if campaign.open_link_token
        else None,
    )
    return page, status


@bp.get("/<int:campaign_id>/links")
@roles_required(*LEADERS)
def links(campaign_id: int) -> tuple[str, int]:
    """How many links were handed out (never who used them), and sending a link again."""
    return _render_links(get_campaign(campaign_id), ResendForm(prefix="resend", formdata=None))


@bp.post("/<int:campaign_id>/links/resend")
@roles_required(*LEADERS)
def resend_links(campaign_id: int) -> Response | tuple[str, int]:
    """Email people invited a new link each; the leader never sees it."""
    campaign = get_campaign(campaign_id)
    form = ResendForm(prefix="resend")
    if form.validate_on_submit():
        try:
            queued, unknown = resend(campaign, form.emails.data or "", base_url())
        except InviteError as error:
            db.session.rollback()
            form.emails.errors = [*form.emails.errors, str(error)]
        else:
            if queued:
                flash(
                    ngettext(
                        "A new link is being emailed to %(num)s person. The link each had before"
                        " no longer works once it is sent.",
                        "A new link is being emailed to %(num)s people. The link each had before"
                        " no longer works once it is sent.",
                        queued,
                    ),
                    "success",
                )
                flash_failures(campaign)
            if unknown:
                flash(
                    _(
                        "Not invited to this campaign, so nothing was sent: %(emails)s",
                        emails=", ".join(unknown[:10]),
                    ),
                    "warning",
                )
            return redirect(url_for("campaigns.links", campaign_id=campaign.id))
    return _render_links(campaign, form)
