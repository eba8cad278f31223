"""Campaign pages for leaders and admins: list, create, edit (a draft, or an open campaign's
title and closing date: :mod:`.open_edit`), detail, status buttons.

The invitation pages live in :mod:`.invite_views`, the close and delete confirmations in
:mod:`.delete_views`, on the same blueprint.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..auth.access import roles_required
from ..auth.scope import current_viewer
from ..editing import EditConflict, edit_page, parse_version, refused
from ..extensions import db
from ..i18n import LANGUAGES, current_language
from ..instruments import in_language, latest_versions
from ..models import Campaign, CampaignStatus, Company, Invitation
from . import (
    delete_views,  # noqa: F401 - adds the close and delete confirmations
    invite_views,  # noqa: F401 - adds the invitation routes to the blueprint
    recurrence,
    reminder_days,
    reminder_views,  # noqa: F401 - adds the reminder button's confirmation
    reminders,
)
from .blueprint import LEADERS, bp
from .forms import ActionForm, CampaignForm, ReopenForm
from .invitations import queue_invitations, unsent_emails
from .open_edit import edit_campaign
from .progress import participation
from .services import (
    CampaignError,
    CampaignInput,
    StatusError,
    close_campaign,
    create_campaign,
    get_campaign,
    open_campaign,
    org_companies,
    reopen_campaign,
    today,
)
from .stats import list_campaigns
from .web import base_url, flash_queued

__all__ = ["bp"]
PER_PAGE = 50


@bp.get("/")
@roles_required(*LEADERS)
def index() -> str:
    if current_viewer().scoped:  # the campaigns with their teams, no company-wide count
        from ..dashboard.scoped import campaigns_page

        return campaigns_page()
    return render_template("campaigns/index.html", rows=list_campaigns())


def _set_choices(form: CampaignForm, company: Company | None) -> None:
    form.instruments.choices = [
        SelectChoice(
            key,
            _(
                "%(title)s (version %(version)s)",
                title=in_language(inst, current_language()).title,
                version=inst.version,
            ),
        )
        for key, inst in latest_versions().items()
    ]
    teams = company.active_teams if company else []
    form.teams.choices = [SelectChoice(t.id, t.name) for t in teams]


def _input(form: CampaignForm) -> CampaignInput:
    return CampaignInput(
        title=form.title.data or "",
        instrument_keys=list(form.instruments.data or []),
        team_ids=list(form.teams.data or []),
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        min_group_size=form.min_group_size.data or 0,
        reminder_days=form.schedule(),
        reminder_message=form.reminder_message.data or "",
        repeat_weeks=form.repeat_weeks.data,
        comment_prompts=form.comment_prompts(),
        languages=list(form.languages.data or []),
    )


def _show_errors(form: CampaignForm, error: CampaignError) -> None:
    for name, messages in error.errors.items():
        form[name].errors = list(form[name].errors) + messages


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def create() -> Response | str:
    companies = org_companies()
    form = CampaignForm()
    form.company_id.choices = [SelectChoice("", _("Choose a company…"))] + [
        SelectChoice(c.id, c.name) for c in companies
    ]
    form.company_id.render_kw = {"data-refresh-button": "refresh-teams"}
    by_id = {c.id: c for c in companies}
    if request.method == "GET":
        wanted = request.args.get("company_id", type=int)
        if "company_id" in request.args and wanted not in by_id:
            abort(404)
        if wanted is None and len(companies) == 1:
            wanted = companies[0].id
        form.company_id.data = wanted
        form.instruments.data = list(latest_versions())
        form.opens_on.data = today()
        form.closes_on.data = today() + timedelta(days=14)
        form.min_group_size.data = current_user.organization.min_group_size
        form.reminder_days.data = reminder_days.format_schedule(reminder_days.DEFAULT_SCHEDULE)
        form.show_comment_prompts({})
        form.languages.data = list(LANGUAGES)
    company = by_id.get(form.company_id.data) if form.company_id.data else None
    _set_choices(form, company)
    if request.method == "GET" and company:
        form.teams.data = [t.id for t in company.active_teams]
    if request.method == "POST" and "refresh" in request.form:
        form.teams.data = [t.id for t in company.active_teams] if company else []
    elif form.validate_on_submit() and company is not None:
        try:
            campaign = create_campaign(company, _input(form))
        except CampaignError as error:
            _show_errors(form, error)
        else:
            flash(
                _(
                    "Draft campaign “%(title)s” created. Invite people, then open it.",
                    title=campaign.title,
                ),
                "success",
            )
            return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    return render_template(
        "campaigns/form.html", form=form, campaign=None, company=company, companies=companies
    )


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@roles_required(*LEADERS)
def edit(campaign_id: int) -> Response | str:
    campaign = get_campaign(campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        flash(_("A closed campaign cannot be edited: reopen it to take answers again."), "warning")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    form = CampaignForm(obj=campaign) if request.method == "GET" else CampaignForm()
    del form.company_id
    _set_choices(form, campaign.company)
    if campaign.status == CampaignStatus.OPEN:  # its own teams too, whatever the company has
        shown = {choice.value for choice in form.teams.choices}
        form.teams.choices += [
            SelectChoice(t.id, t.name) for t in campaign.teams if t.id not in shown
        ]
    if request.method == "GET":
        form.instruments.data = [ci.instrument_key for ci in campaign.instruments]
        form.teams.data = [t.id for t in campaign.teams]
        form.reminder_days.data = reminder_days.format_schedule(campaign.reminder_days)
        form.reminder_message.data = campaign.reminder_message
        form.show_comment_prompts(campaign.comment_prompts)
    conflict: EditConflict | None = None
    if form.validate_on_submit():
        try:
            edit_campaign(campaign, _input(form), parse_version(form.version.data))
        except CampaignError as error:
            db.session.rollback()
            _show_errors(form, error)
        except EditConflict as changed:
            conflict = refused(form, changed)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    page = render_template(
        "campaigns/form.html",
        form=form,
        campaign=campaign,
        company=campaign.company,
        conflict=conflict,
    )
    return edit_page(page, conflict)  # type: ignore[no-any-return]


@bp.get("/<int:campaign_id>")
@roles_required(*LEADERS)
def detail(campaign_id: int) -> str:
    campaign = get_campaign(campaign_id)
    # No filter or column by status: a leader sees how many answered, never who (see progress).
    query = select(Invitation).where(Invitation.campaign_id == campaign.id)
    counts = participation(campaign)  # one pass over the progress index for every count
    page = db.paginate(
        query.order_by(Invitation.id.desc()),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
        count=False,  # the pager's total is known already: no second pass over the rows
    )
    page.total = counts.rows
    return render_template(
        "campaigns/detail.html",
        campaign=campaign,
        stats=counts.stats,
        page=page,
        teams=counts.teams,
        action_form=ActionForm(),
        reopen_form=ReopenForm(),
        today=today(),
        reminders=reminders.reminder_summary(campaign),
        waves=recurrence.wave_links(campaign),
    )


def _status_change(campaign: Campaign, change: str) -> Response:
    form = ReopenForm() if change == "reopen" else ActionForm()
    if not form.validate_on_submit():
        flash(_("The form expired or a date was not valid. Please try again."), "danger")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    try:
        if change == "open":
            open_campaign(campaign)
        elif change == "close":
            close_campaign(campaign)
        else:
            reopen_campaign(campaign, form.closes_on.data)  # type: ignore[attr-defined]
    except StatusError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id))
    flash(_("The campaign is now %(status)s.", status=_now(campaign)), "success")
    if campaign.status == CampaignStatus.OPEN:
        _send_after_the_change(campaign)
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id))


def _now(campaign: Campaign) -> str:
    """The campaign's new status, as the sentence after a change writes it ("open")."""
    names = {"draft": _("draft"), "open": _("open"), "closed": _("closed")}
    return names.get(campaign.status.value, campaign.status.value)


def _send_after_the_change(campaign: Campaign) -> None:
    """Queue the unsent invitations' mail. The status change is committed already: whatever
    goes wrong with the mail must not turn it into an error page, only into a warning."""
    try:
        queued = queue_invitations(campaign, unsent_emails(campaign), base_url())
    except Exception:  # noqa: BLE001 - the change stands; the leader is told and can retry
        current_app.logger.exception("campaign %s: invitations not mailed", campaign.id)
        db.session.rollback()
        flash(
            _(
                "The invitation emails could not be sent. The invitations are saved: use “Send "
                "unsent emails” later, which sends each a new link."
            ),
            "warning",
        )
        return
    flash_queued(campaign, queued)


@bp.post("/<int:campaign_id>/open", endpoint="open")
@roles_required(*LEADERS)
def open_view(campaign_id: int) -> Response:
    return _status_change(get_campaign(campaign_id), "open")


@bp.post("/<int:campaign_id>/close")
@roles_required(*LEADERS)
def close(campaign_id: int) -> Response:
    return _status_change(get_campaign(campaign_id), "close")


@bp.post("/<int:campaign_id>/reopen")
@roles_required(*LEADERS)
def reopen(campaign_id: int) -> Response:
    return _status_change(get_campaign(campaign_id), "reopen")
