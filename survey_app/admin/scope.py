"""``/admin/users/<id>/scope``: limit a sales leader to some teams of some companies.

A team-scoped leader sees only those teams' results, each at k or more, and no company-wide
figure (survey_app/results/scope.py, survey_app/auth/scope.py). Only a leader can be limited:
an admin manages the whole organisation, and a rep sees no campaign results. The change is
audited as a change of the user naming the teams; the session hook skips the two fields, so
the entry is written once, with the teams in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..audit import actions, record
from ..auth.access import org_id, roles_required
from ..auth.services import AccountError
from ..extensions import db
from ..input_guard import AppForm
from ..models import Company, CompanyKind, Role, Team, User
from ..text import sort_key
from . import services
from .scope_text import describe_scope
from .views import bp

EVERY_TEAM = "every"
SOME_TEAMS = "some"


@dataclass(frozen=True)
class CompanyTeams:
    company: Company
    teams: list[Team]


def scope_choices(organization_id: int) -> list[CompanyTeams]:
    """The teams a leader can be limited to: the current teams of every company that is not a
    prospect (a prospect is assessed from outside and has no survey teams), by name."""
    companies = db.session.scalars(
        select(Company).where(
            Company.organization_id == organization_id, Company.kind != CompanyKind.PROSPECT
        )
    )
    rows = [CompanyTeams(c, c.active_teams) for c in companies if c.active_teams]
    return sorted(rows, key=lambda row: sort_key(row.company.name))


def set_scope(organization_id: int, user_id: int, team_ids: list[int] | None) -> User:
    """Limit the leader to ``team_ids`` (teams of the organisation), or to every team when
    None. Commits once, with its audit entry."""
    user = services._user(organization_id, user_id)
    if user.role != Role.LEADER:
        db.session.rollback()
        raise AccountError(_("Only a sales leader can be limited to some teams."))
    if team_ids is None:
        user.team_scoped, user.scope_teams = False, []
    else:
        allowed = {t.id: t for row in scope_choices(organization_id) for t in row.teams}
        unknown = [t for t in team_ids if t not in allowed]
        if unknown or not team_ids:
            db.session.rollback()
            raise AccountError(_("Tick at least one of the teams listed, or choose every team."))
        user.team_scoped, user.scope_teams = True, [allowed[t] for t in dict.fromkeys(team_ids)]
    record(actions.CHANGE, user, details=f"team scope: {describe_scope(user)}")
    db.session.commit()
    return user


def _ticked() -> tuple[str, list[int]]:
    """What the form posted: every team or some, and the ids ticked (non-numbers dropped)."""
    limit = request.form.get("limit", EVERY_TEAM)
    ids = [int(v) for v in request.form.getlist("teams") if v.isdigit() and len(v) < 12]
    return limit, ids


@bp.route("/users/<int:user_id>/scope", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def team_scope(user_id: int) -> Response | str | tuple[str, int]:
    user = services.find_user(org_id(), user_id)
    form = AppForm()
    error = None
    limit = SOME_TEAMS if user.team_scoped else EVERY_TEAM
    ticked = [t.id for t in user.scope_teams]
    if request.method == "POST":
        limit, ticked = _ticked()
        if form.validate_on_submit():
            try:
                set_scope(org_id(), user_id, ticked if limit == SOME_TEAMS else None)
            except AccountError as exc:
                error = str(exc)
            else:
                flash(
                    _(
                        "%(name)s now sees: %(scope)s.",
                        name=user.name,
                        scope=describe_scope(user, shown=True),
                    ),
                    "success",
                )
                return redirect(url_for("admin.users"))
        else:
            error = _("The form expired: send it again.")
    page = render_template(
        "admin/scope.html",
        user=user,
        form=form,
        companies=scope_choices(org_id()),
        limit=limit,
        ticked=set(ticked),
        error=error,
        is_leader=user.role == Role.LEADER,
    )
    return (page, 422) if error else page
