"""Invitation pages: paste emails, upload a CSV, make anonymous links, the open link, links list."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..auth.access import roles_required
from ..extensions import db
from ..models import Campaign, CampaignStatus, Invitation, InvitationKind
from .blueprint import LEADERS, bp
from .csv_import import CsvFileError
from .forms import ActionForm, CsvForm, EmailsForm, LinksForm, OpenLinkForm
from .invitations import (
    InviteError,
    create_links,
    disable_open_link,
    enable_open_link,
    import_csv,
    invitation_url,
    invite_emails,
    open_link_completed,
    send_invitations,
    unsent_emails,
)
from .mail import mail_enabled
from .services import get_campaign
from .web import base_url, flash_mail_report

LINKS_PER_PAGE = 500


def _team_choices(campaign: Campaign) -> list[SelectChoice]:
    blank = "No team: each person picks theirs" if campaign.teams else "No team"
    return [SelectChoice("", blank)] + [SelectChoice(t.id, t.name) for t in campaign.teams]


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


def _render_invite(campaign: Campaign, status: int = 200, **bound: Any) -> tuple[str, int]:
    page = render_template(
        "campaigns/invite.html",
        campaign=campaign,
        mail_on=mail_enabled(current_app.config),
        unsent=len(unsent_emails(campaign)),
        open_url=invitation_url(base_url(), campaign.open_link_token)
        if campaign.open_link_token
        else None,
        open_completed=open_link_completed(campaign),
        action_form=ActionForm(),
        **_forms(campaign, **bound),
    )
    return page, status


def _after_invite(campaign: Campaign, created: list[Invitation], kind: str) -> Response:
    """Mail the new invitations when possible; otherwise show their links to copy."""
    if not created:
        return redirect(url_for("campaigns.invite", campaign_id=campaign.id))
    report = send_invitations(campaign, created, current_app.config, base_url())
    flash_mail_report(report)
    if report is None and mail_enabled(current_app.config) and kind == "email":
        flash("They will be emailed when you open the campaign.", "info")
    if report is None or report.failed:
        first = min(i.id for i in created)
        return redirect(url_for("campaigns.links", campaign_id=campaign.id, since=first, kind=kind))
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id))


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
            flash(f"{len(result.created)} people invited.", "success")
            if result.skipped:
                flash(
                    f"{len(result.skipped)} already invited, left as they were: "
                    + ", ".join(result.skipped[:10])
                    + ("…" if len(result.skipped) > 10 else ""),
                    "info",
                )
            return _after_invite(campaign, result.created, "email")
    return _render_invite(campaign, emails_form=form)


@bp.post("/<int:campaign_id>/invite/csv")
@roles_required(*LEADERS)
def invite_csv(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = CsvForm(prefix="csv")
    upload = request.files.get(form.file.name)
    if form.validate_on_submit():
        if upload is None or not upload.filename:
            form.file.errors = [*form.file.errors, "Choose a CSV file to upload."]
        else:
            try:
                report, created = import_csv(campaign, upload.read())
            except (CsvFileError, InviteError) as error:
                db.session.rollback()
                form.file.errors = [*form.file.errors, str(error)]
            else:
                mail = send_invitations(campaign, created, current_app.config, base_url())
                return render_template(
                    "campaigns/import_report.html",
                    campaign=campaign,
                    report=report,
                    filename=upload.filename,
                    mail=mail,
                    mail_on=mail_enabled(current_app.config),
                    first_id=min((i.id for i in created), default=None),
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
            flash(f"{len(created)} anonymous links created. Each can be used once.", "success")
            first = min(i.id for i in created)
            return redirect(
                url_for("campaigns.links", campaign_id=campaign.id, since=first, kind="link")
            )
    return _render_invite(campaign, links_form=form)


@bp.post("/<int:campaign_id>/open-link")
@roles_required(*LEADERS)
def open_link(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    form = OpenLinkForm(prefix="open")
    if "disable" in request.form and ActionForm().validate_on_submit():
        disable_open_link(campaign)
        flash(
            "The open link is off. Anyone using it now sees that the survey is unavailable.", "info"
        )
        return redirect(url_for("campaigns.invite", campaign_id=campaign.id))
    if form.validate_on_submit():
        try:
            enable_open_link(campaign, form.cap.data)
        except InviteError as error:
            db.session.rollback()
            form.cap.errors = [*form.cap.errors, str(error)]
        else:
            cap = (
                f"up to {campaign.open_link_cap} responses" if campaign.open_link_cap else "no cap"
            )
            flash(f"The open link is on ({cap}).", "success")
            return redirect(url_for("campaigns.invite", campaign_id=campaign.id) + "#open-link")
    return _render_invite(campaign, open_form=form)


@bp.post("/<int:campaign_id>/invite/send")
@roles_required(*LEADERS)
def send_unsent(campaign_id: int) -> Response:
    campaign = get_campaign(campaign_id)
    if not ActionForm().validate_on_submit():
        flash("The form expired. Please try again.", "danger")
    elif not mail_enabled(current_app.config):
        flash("Mail is not set up on this server: copy the links instead.", "warning")
    elif campaign.status != CampaignStatus.OPEN:
        flash("Open the campaign first: invitations are emailed once it is open.", "warning")
    else:
        report = send_invitations(campaign, unsent_emails(campaign), current_app.config, base_url())
        if report is not None and not report.sent and not report.failed:
            flash("There are no unsent emails.", "info")
        flash_mail_report(report)
    return redirect(url_for("campaigns.invite", campaign_id=campaign.id))


def _link_query(campaign: Campaign) -> tuple[Any, dict[str, Any]]:
    """Every personal link, used or not (a list that shrank as people answered would tell who
    did), filtered by ``kind`` and ``since`` from the URL."""
    kind = request.args.get("kind", "")
    since = request.args.get("since", type=int)
    query = select(Invitation).where(
        Invitation.campaign_id == campaign.id,
        Invitation.kind.in_([InvitationKind.EMAIL, InvitationKind.LINK]),
    )
    if kind in {InvitationKind.EMAIL.value, InvitationKind.LINK.value}:
        query = query.where(Invitation.kind == InvitationKind(kind))
    else:
        kind = ""
    if since is not None:
        query = query.where(Invitation.id >= since)
    return query.order_by(Invitation.id), {"kind": kind or None, "since": since}


@bp.get("/<int:campaign_id>/links")
@roles_required(*LEADERS)
def links(campaign_id: int) -> str:
    campaign = get_campaign(campaign_id)
    query, filters = _link_query(campaign)
    page = db.paginate(query, per_page=LINKS_PER_PAGE, max_per_page=LINKS_PER_PAGE, error_out=False)
    base = base_url()
    return render_template(
        "campaigns/links.html",
        campaign=campaign,
        page=page,
        filters=filters,
        rows=[(i, invitation_url(base, i.token)) for i in page.items],
        open_url=invitation_url(base, campaign.open_link_token)
        if campaign.open_link_token
        else None,
    )


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/<int:campaign_id>/links.csv")
@roles_required(*LEADERS)
def links_csv(campaign_id: int) -> Response:
    campaign = get_campaign(campaign_id)
    query, _ = _link_query(campaign)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["kind", "email", "team", "link"])  # no status: counts only, never who
    base = base_url()
    for inv in db.session.scalars(query):
        team = inv.team.name if inv.team else ""
        writer.writerow(
            [
                inv.kind.value,
                _cell(inv.email or ""),
                _cell(team),
                invitation_url(base, inv.token),
            ]
        )
    response = current_app.response_class(
        "\ufeff" + buffer.getvalue(), mimetype="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="campaign-{campaign.id}-links.csv"'
    )
    return response
