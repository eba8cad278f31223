"""Invitation pages: paste emails, upload a CSV, make anonymous links, the open link.

New personal links are shown once, in the response that creates them (:mod:`.links_views`).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..auth.access import roles_required
from ..extensions import db
from ..jobs.health import consumer_running
from ..models import Campaign, CampaignStatus, Invitation, MailDelivery, MailKind
from ..models.mail import UNSENT
from ..text import page_number
from . import links_views, mail_views  # noqa: F401 - mail_views adds the progress routes
from .blueprint import LEADERS, bp
from .csv_import import CsvFileError
from .forms import ActionForm, CsvForm, EmailsForm, LinksForm, OpenLinkForm
from .invitations import (
    InviteError,
    create_links,
    disable_open_link,
    enable_open_link,
    import_csv,
    import_csv_to_mail,
    invitation_url,
    invite_emails,
    open_link_completed,
    queue_invitations,
    unsent_emails,
)
from .mail import mail_enabled
from .mail_status import mail_progress
from .services import get_campaign
from .web import base_url, flash_queued


def _team_choices(campaign: Campaign) -> list[SelectChoice]:
    blank = _("No team: each person picks theirs") if campaign.teams else _("No team")
    return [SelectChoice("", blank)] + [
        SelectChoice(team_id, name) for team_id, name in campaign.team_labels.items()
    ]


def _forms(campaign: Campaign, **bound: Any) -> dict[str, Any]:
    """Every form of the invite page: the one just posted keeps its input, others start fresh."""
    forms = {
        "emails_form": bound.get("emails_form") or EmailsForm(prefix="emails", formdata=None),
        "csv_form": bound.get("csv_form") or CsvForm(prefix="csv", formdata=None),
        "links_form": bound.get("links_form") or LinksForm(prefix="links", formdata=None),
        "open_form": bound.get("open_form")
        or OpenLinkForm(prefix="open", formdata=None, cap=campaign.open_link_cap),
    }
    for name in ("emails_form", "links_form"):
        forms[name].team_id.choices = _team_choices(campaign)
    return forms


def _unsent_not_queued(campaign: Campaign) -> int:
    """Email invitations not mailed and with no mail on its way (failed ones have Retry)."""
    waiting = set(
        db.session.scalars(
            select(MailDelivery.invitation_id).where(
                MailDelivery.campaign_id == campaign.id,
                MailDelivery.kind == MailKind.INVITATION,
                MailDelivery.state.in_(UNSENT),
            )
        )
    )
    return sum(1 for i in unsent_emails(campaign) if i.id not in waiting)


def _render_invite(campaign: Campaign, status: int = 200, **bound: Any) -> tuple[str, int]:
    page = render_template(
        "campaigns/invite.html",
        campaign=campaign,
        mail_on=mail_enabled(current_app.config),
        unsent=_unsent_not_queued(campaign),
        progress=mail_progress(campaign),
        consumer_running=consumer_running(),
        open_url=invitation_url(base_url(), campaign.open_link_token)
        if campaign.open_link_token
        else None,
        open_completed=open_link_completed(campaign),
        action_form=ActionForm(),
        **_forms(campaign, **bound),
    )
    return page, status


def _after_invite(campaign: Campaign, created: list[Invitation]) -> Response | tuple[str, int]:
    """Queue the new invitations' mail when possible; otherwise show their links, this once.

    With mail on, a draft's invitations are not shown: they are mailed, each with a new link,
    when the campaign opens.
    """
    if not created:
        return redirect(url_for("campaigns.invite", campaign_id=campaign.id))
    queued = queue_invitations(campaign, created, base_url())
    if queued is None and mail_enabled(current_app.config):
        flash(_("They will be emailed when you open the campaign."), "info")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    if queued is None:
        return links_views.show_new_links(campaign, created)
    flash_queued(campaign, queued)
    return redirect(url_for("campaigns.invite", campaign_id=campaign.id) + "#mail-progress")


@bp.get("/<int:campaign_id>/invite")
@roles_required(*LEADERS)
def invite(campaign_id: int) -> tuple[str, int]:
    return _render_invite(get_campaign(campaign_id))


@bp.post("/<int:campaign_id>/invite/emails", endpoint="invite_emails")
@roles_required(*LEADERS)
def invite_emails_view(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = EmailsForm(prefix="emails")
    form.team_id.choices = _team_choices(campaign)
    if form.validate_on_submit():
        try:
            result = invite_emails(campaign, form.emails.data or "", form.team_id.data)
        except InviteError as error:
            db.session.rollback()
            form.emails.errors = [*form.emails.errors, str(error)]
        else:
            made = len(result.created)
            flash(
                ngettext(
                    "%(count)s person invited.",
                    "%(count)s people invited.",
                    made,
                    count=page_number(made),
                ),
                "success",
            )
            if result.skipped:
                shown = ", ".join(result.skipped[:10]) + ("…" if len(result.skipped) > 10 else "")
                flash(
                    _(
                        "%(count)s already invited, left as they were: %(shown)s",
                        count=len(result.skipped),
                        shown=shown,
                    ),
                    "info",
                )
            return _after_invite(campaign, result.created)
    return _render_invite(campaign, emails_form=form)


@bp.post("/<int:campaign_id>/invite/csv")
@roles_required(*LEADERS)
def invite_csv(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = CsvForm(prefix="csv")
    upload = request.files.get(form.file.name)
    if form.validate_on_submit():
        if upload is None or not upload.filename:
            form.file.errors = [*form.file.errors, _("Choose a CSV file to upload.")]
        else:
            try:
                mail_on = mail_enabled(current_app.config)
                # With mail on, no link is shown: stored in bulk, each mailed a new one.
                store = import_csv_to_mail if mail_on else import_csv
                report, created = store(campaign, upload.read())
            except (CsvFileError, InviteError) as error:
                db.session.rollback()
                form.file.errors = [*form.file.errors, str(error)]
            else:
                queued = queue_invitations(campaign, created, base_url())
                shown = [] if mail_on else created
                return render_template(
                    "campaigns/import_report.html",
                    campaign=campaign,
                    report=report,
                    filename=upload.filename,
                    queued=queued,
                    mail_on=mail_on,
                    progress=mail_progress(campaign) if queued else None,
                    consumer_running=consumer_running(),
                    action_form=ActionForm(),
                    **links_views.new_links(campaign, shown),
                ), 200
    return _render_invite(campaign, csv_form=form)


@bp.post("/<int:campaign_id>/invite/links")
@roles_required(*LEADERS)
def invite_links(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = LinksForm(prefix="links")
    form.team_id.choices = _team_choices(campaign)
    if form.validate_on_submit():
        try:
            created = create_links(campaign, form.count.data or 0, form.team_id.data)
        except InviteError as error:
            db.session.rollback()
            form.count.errors = [*form.count.errors, str(error)]
        else:
            if request.form.get("download") == "csv":
                return links_views.download_new_links(campaign, created)
            flash(
                ngettext(
                    "%(count)s anonymous link created, each for one use.",
                    "%(count)s anonymous links created, each for one use.",
                    len(created),
                    count=page_number(len(created)),
                ),
                "success",
            )
            return links_views.show_new_links(campaign, created)
    return _render_invite(campaign, links_form=form)


@bp.post("/<int:campaign_id>/open-link")
@roles_required(*LEADERS)
def open_link(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = OpenLinkForm(prefix="open")
    if "disable" in request.form and ActionForm().validate_on_submit():
        disable_open_link(campaign)
        flash(
            _("The open link is off. Anyone using it now sees that the survey is unavailable."),
            "info",
        )
        return redirect(url_for("campaigns.invite", campaign_id=campaign.id))
    if form.validate_on_submit():
        try:
            enable_open_link(campaign, form.cap.data)
        except InviteError as error:
            db.session.rollback()
            form.cap.errors = [*form.cap.errors, str(error)]
        else:
            if campaign.open_link_cap:
                on = _("The open link is on (up to %(cap)s responses).", cap=campaign.open_link_cap)
            else:
                on = _("The open link is on (no cap).")
            flash(on, "success")
            return redirect(url_for("campaigns.invite", campaign_id=campaign.id) + "#open-link")
    return _render_invite(campaign, open_form=form)


@bp.post("/<int:campaign_id>/invite/send")
@roles_required(*LEADERS)
def send_unsent(campaign_id: int) -> Response:
    campaign = get_campaign(campaign_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "danger")
    elif not mail_enabled(current_app.config):
        flash(
            _(
                "Mail is not set up on this server, and links are shown only once, when created: "
                "create new anonymous links instead."
            ),
            "warning",
        )
    elif campaign.status != CampaignStatus.OPEN:
        flash(_("Open the campaign first: invitations are emailed once it is open."), "warning")
    else:
        queued = queue_invitations(campaign, unsent_emails(campaign), base_url())
        if not queued:
            flash(_("There are no unsent emails."), "info")
        flash_queued(campaign, queued)
    return redirect(url_for("campaigns.invite", campaign_id=campaign.id) + "#mail-progress")
