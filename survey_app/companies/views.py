"""Company pages for leaders and admins: list, create, detail, edit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..auth.access import roles_required
from ..auth.scope import current_viewer
from ..editing import EditConflict, edit_page, parse_version, refused
from ..extensions import db
from ..models import Campaign, CompanyKind, Invitation, InvitationStatus
from . import delete_views  # noqa: F401 - adds the delete confirmation to the blueprint
from .blueprint import LEADERS, bp
from .counts import team_responses
from .forms import KIND_LABELS, TEAMS_HELP, CompanyCreateForm, CompanyEditForm
from .kind_change import KindChange, KindChangeUnconfirmed
from .naming import NameTaken
from .services import (
    CompanyError,
    CompanyInput,
    TeamEdit,
    create_company,
    get_company,
    list_companies,
    split_team_names,
    team_campaign_counts,
    update_company,
)

__all__ = ["bp"]


def _input(form: CompanyCreateForm | CompanyEditForm) -> CompanyInput:
    confirmed = getattr(form, "kind_confirmed", None)
    confirmed_value = confirmed.data if confirmed is not None else None
    return CompanyInput(
        name=form.name.data or "",
        kind=CompanyKind(form.kind.data),
        industry=form.industry.data or "",
        notes=form.notes.data or "",
        kind_confirmed=CompanyKind(confirmed_value)
        if confirmed_value in set(CompanyKind)
        else None,
    )


def _show_errors(form: CompanyCreateForm | CompanyEditForm, error: CompanyError) -> list[str]:
    """Put each message next to its field; team-row messages are returned for the fieldset."""
    team_errors: list[str] = []
    for name, messages in error.errors.items():
        if name == "existing":
            team_errors += messages
        else:
            form[name].errors = list(form[name].errors) + messages
    return team_errors


@bp.get("/")
@roles_required(*LEADERS)
def index() -> str:
    if current_viewer().scoped:  # their companies, their teams, no company-wide count
        from ..dashboard.scoped import companies_page

        return companies_page()
    return render_template("companies/index.html", rows=list_companies(), kinds=KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*LEADERS)
def create() -> Response | str:
    form = CompanyCreateForm()
    if form.validate_on_submit():
        try:
            company = create_company(_input(form), split_team_names(form.teams.data or ""))
        except CompanyError as error:
            _show_errors(form, error)
        except NameTaken as taken:  # by a save at the same moment
            form.name.errors = [*form.name.errors, taken.message]
        else:
            flash(_("Company “%(name)s” created.", name=company.name), "success")
            return redirect(url_for("companies.detail", company_id=company.id))
    return render_template("companies/form.html", form=form, company=None, teams_help=TEAMS_HELP)


@bp.get("/<int:company_id>")
@roles_required(*LEADERS)
def detail(company_id: int) -> str:
    company = get_company(company_id)
    if current_viewer().scoped:  # their teams and campaigns only (auth/scope.py checked it)
        from ..dashboard.scoped import company_page

        return company_page(company)
    invited = (
        select(func.count(Invitation.id))
        .where(Invitation.campaign_id == Campaign.id)
        .scalar_subquery()
    )
    completed = (
        select(func.count(Invitation.id))
        .where(
            Invitation.campaign_id == Campaign.id,
            Invitation.status == InvitationStatus.COMPLETED,
        )
        .scalar_subquery()
    )
    campaigns = db.session.execute(
        select(Campaign, invited, completed)
        .where(Campaign.company_id == company.id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    ).all()
    return render_template(
        "companies/detail.html",
        company=company,
        campaigns=campaigns,
        responses=team_responses(company),
        kinds=KIND_LABELS,
    )


@bp.route("/<int:company_id>/edit", methods=["GET", "POST"])
@roles_required(*LEADERS)
def edit(company_id: int) -> Response | str:
    company = get_company(company_id)
    if request.method == "GET":
        form = CompanyEditForm(obj=company)
        form.kind.data = company.kind.value
        for team in company.active_teams:
            form.existing.append_entry({"id": str(team.id), "name": team.name})
    else:
        form = CompanyEditForm()
    team_names = {str(team.id): team.name for team in company.active_teams}
    team_errors: list[str] = []
    conflict: EditConflict | None = None
    kind_change: KindChange | None = None
    if form.validate_on_submit():
        try:
            edits = [
                TeamEdit(
                    int(row.form.id.data),
                    " ".join((row.form.name.data or "").split()),
                    bool(row.form.remove.data),
                )
                for row in form.existing
            ]
        except (TypeError, ValueError):
            abort(404)
        try:
            update_company(
                company,
                _input(form),
                edits,
                split_team_names(form.new_teams.data or ""),
                parse_version(form.version.data),
            )
        except LookupError:
            abort(404)
        except CompanyError as error:
            db.session.rollback()
            team_errors = _show_errors(form, error)
        except NameTaken as taken:  # by a save at the same moment
            form.name.errors = [*form.name.errors, taken.message]
        except KindChangeUnconfirmed as unconfirmed:
            db.session.rollback()
            kind_change = unconfirmed.change
        except EditConflict as changed:
            conflict = refused(form, changed)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("companies.detail", company_id=company.id))
    page = render_template(
        "companies/form.html",
        form=form,
        company=company,
        team_names=team_names,
        team_errors=team_errors,
        used=team_campaign_counts(company),
        teams_help=TEAMS_HELP,
        conflict=conflict,
        kind_change=kind_change,
    )
    return edit_page(page, conflict)  # type: ignore[no-any-return]
