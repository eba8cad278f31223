"""Action pages (leaders and admins): create an action from a recommendation, list a company's
or a campaign's actions with the overdue ones flagged, edit, change the status, delete.

Every lookup is scoped to the signed-in user's organisation (another's id is a 404); the
creation pages offer the recommendations their campaign or prospect shows, the rest after.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..confirm import Confirmation, ConfirmForm, confirmation_page, named
from ..dashboard.services import get_campaign, get_company
from ..models import Action, ActionStatus, Campaign, Company, Role
from ..prospects.services import get_prospect
from ..results.campaign import campaign_results
from ..strategy_sessions.services import sessions_of
from ..text import page_day
from . import services
from .forms import ActionForm
from .services import Target, prefill
from .targets import campaign_targets, deal_targets, find_target, target_value, with_every_item

bp = Blueprint("actions", __name__)
LEADERS = (Role.LEADER, Role.ADMIN)


@bp.app_template_global("action_target")
def action_target(action: Action) -> str:
    """The wording of the practice or enemy an action targets."""
    return services.target_text(action.target_kind, action.target_key)


def _today() -> date:
    return date.today()


def safe_back(value: str | None, fallback: str) -> str:
    """A path of this site to return to (never another host), else ``fallback``."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return fallback


def _list_url(action: Action) -> str:
    if action.campaign_id is not None:
        return url_for("actions.campaign_list", campaign_id=action.campaign_id)
    return url_for("actions.company_list", company_id=action.company_id)


def _form_page(
    form: ActionForm, company: Company, heading: str, back: str, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "actions/form.html", form=form, company=company, heading=heading, back=back
    )
    return page, status


def _create(
    company: Company, targets: list[Target], back: str, campaign: Campaign | None = None
) -> Response | tuple[str, int]:
    form = ActionForm()
    form.set_choices(targets, services.org_users())
    if request.method == "GET":
        chosen = find_target(targets, request.args.get("target")) or targets[0]
        form.target.data = target_value(chosen)
        form.title.data, form.notes.data = prefill(chosen.suggestion)
    elif form.validate_on_submit():
        target = find_target(targets, form.target.data)
        if target is not None:
            services.create_action(company, target, form.to_input(), _today(), campaign)
            flash(_("Action saved."), "success")
            return redirect(back)
        form.target.errors = [_("Choose a practice or enemy from the list.")]
    status = 422 if request.method == "POST" else 200
    return _form_page(form, company, _("New action"), back, status)


@bp.route("/campaigns/<int:campaign_id>/actions/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def new_from_campaign(campaign_id: int) -> Response | tuple[str, int]:
    campaign = get_campaign(campaign_id)
    targets = with_every_item(campaign_targets(campaign_results(campaign)))
    back = url_for("actions.campaign_list", campaign_id=campaign.id)
    return _create(campaign.company, targets, back, campaign)


@bp.route("/prospects/<int:prospect_id>/actions/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def new_from_prospect(prospect_id: int) -> Response | tuple[str, int]:
    prospect = get_prospect(prospect_id)
    targets = with_every_item(deal_targets(prospect, _today()))
    back = url_for("actions.company_list", company_id=prospect.id)
    return _create(prospect, targets, back)


@bp.get("/actions/")
@roles_required(*LEADERS)
def index() -> str:
    """Every action of the organisation, open and overdue first, and the sessions to come."""
    from ..strategy_sessions.services import upcoming_sessions

    return render_template(
        "actions/index.html",
        actions=services.organisation_actions(),
        sessions=upcoming_sessions(_today()),
        today=_today(),
        statuses=list(ActionStatus),
    )


@bp.get("/companies/<int:company_id>/actions")
@roles_required(*LEADERS)
def company_list(company_id: int) -> str:
    company = get_company(company_id)
    return render_template(
        "actions/list.html",
        company=company,
        campaign=None,
        actions=services.company_actions(company),
        sessions=sessions_of(company),
        today=_today(),
        statuses=list(ActionStatus),
    )


@bp.get("/campaigns/<int:campaign_id>/actions")
@roles_required(*LEADERS)
def campaign_list(campaign_id: int) -> str:
    campaign = get_campaign(campaign_id)
    return render_template(
        "actions/list.html",
        company=campaign.company,
        campaign=campaign,
        actions=services.campaign_actions(campaign),
        sessions=sessions_of(campaign.company, campaign),
        today=_today(),
        statuses=list(ActionStatus),
    )


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@roles_required(*LEADERS)
def edit(action_id: int) -> Response | tuple[str, int]:
    action = services.get_action(action_id)
    back = safe_back(request.values.get("back"), _list_url(action))
    form = ActionForm(obj=action if request.method == "GET" else None)
    form.set_choices(None, services.org_users())
    if request.method == "GET":
        form.owner_id.data = str(action.owner_id) if action.owner_id else ""
        form.status.data = action.status.value
    elif form.validate_on_submit():
        services.update_action(action, form.to_input(), _today())
        flash(_("Action saved."), "success")
        return redirect(back)
    status = 422 if request.method == "POST" else 200
    target = services.target_text(action.target_kind, action.target_key)
    heading = _("Edit the action on \u201c%(target)s\u201d", target=target)
    return _form_page(form, action.company, heading, back, status)


def _status_changed(title: str, status: ActionStatus) -> str:
    """The flash of a status change, one sentence per status (each language agrees the
    status with the action its own way)."""
    sentences = {
        ActionStatus.PLANNED: _("\u201c%(title)s\u201d is now planned.", title=title),
        ActionStatus.IN_PROGRESS: _("\u201c%(title)s\u201d is now in progress.", title=title),
        ActionStatus.DONE: _("\u201c%(title)s\u201d is now done.", title=title),
        ActionStatus.DROPPED: _("\u201c%(title)s\u201d is now dropped.", title=title),
    }
    return sentences[status]


@bp.post("/actions/<int:action_id>/status")
@roles_required(*LEADERS)
def status(action_id: int) -> Response:
    action = services.get_action(action_id)
    back = safe_back(request.form.get("back"), _list_url(action))
    value = request.form.get("status", "")
    if not ConfirmForm().validate_on_submit() or value not in {s.value for s in ActionStatus}:
        flash(_("The status was not changed: choose one from the list and try again."), "danger")
        return redirect(back)
    services.set_status(action, ActionStatus(value), _today())
    flash(_status_changed(action.title, ActionStatus(value)), "success")
    return redirect(back)


@bp.route("/actions/<int:action_id>/delete", methods=["GET", "POST"])
@roles_required(*LEADERS)
def delete(action_id: int) -> Response | tuple[str, int]:
    action = services.get_action(action_id)
    back = _list_url(action)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            flash(_("The form expired. Please confirm again."), "danger")
            return redirect(url_for("actions.delete", action_id=action.id))
        services.delete_action(action)
        flash(_("Action deleted."), "success")
        return redirect(back)
    target = services.target_text(action.target_kind, action.target_key)
    return confirmation_page(
        Confirmation(
            title=named(_("Delete the action “{}”?"), action.title),
            button=_("Delete the action"),
            cancel_url=back,
            # The day goes in with str.format's braces doubled: named() fills the names in.
            lead=named(
                _(
                    "It targets “{}”, owned by {}, due %(day)s.",
                    day=page_day(action.due_on).replace("{", "{{"),
                ),
                target,
                action.owner_label,
            ),
            removes=[_("The action, its notes, owner, due date and status.")],
            keeps=[
                _(
                    "The campaign and its results, and the practice or enemy it targets. "
                    "The next wave no longer counts it among the things acted on."
                )
            ],
            crumbs=[
                (action.company.name, url_for("actions.company_list", company_id=action.company_id))
            ],
        )
    )
