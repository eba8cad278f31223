"""Company use cases: list, create and edit a company with its teams.

Each writing function validates everything first and commits once, so a refused edit leaves
the company exactly as it was. An edit locks the company's row, and the rows of the teams it
removes, before it checks anything (see :func:`update_company`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..auth.access import one_or_404, org_id
from ..editing import Difference, bump, check_version, lock
from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    Invitation,
    Team,
    campaign_teams,
)
from ..models.campaigns import freeze_team_names
from ..text import sort_key
from . import naming
from .kind_change import check_kind_change

TEAM_NAME_MAX = 120
MAX_TEAMS = 200


class CompanyError(ValueError):
    """Input the leader must fix; ``errors`` maps a form field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))
        self.errors = errors


@dataclass(frozen=True)
class CompanyInput:
    name: str
    kind: CompanyKind
    industry: str = ""
    notes: str = ""
    # The kind the leader confirmed on the edit page's confirmation (see kind_change.py).
    kind_confirmed: CompanyKind | None = None


@dataclass(frozen=True)
class TeamEdit:
    team_id: int
    name: str
    remove: bool = False


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    team_count: int
    campaign_count: int


@dataclass
class _Problems:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def get_company(company_id: int) -> Company:
    """The signed-in user's company, or a 404 that looks like any missing id."""
    return one_or_404(
        select(Company).where(Company.id == company_id, Company.organization_id == org_id())
    )


def split_team_names(text: str) -> list[str]:
    """One team per line; blank lines and surrounding spaces are ignored."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _check_team_names(names: list[str], field_name: str, problems: _Problems) -> None:
    seen: dict[str, str] = {}
    for name in names:
        if not name:
            problems.add(
                field_name, _("A team name cannot be empty; tick Remove to delete a team.")
            )
            continue
        if len(name) > TEAM_NAME_MAX:
            problems.add(
                field_name,
                _(
                    "“%(name)s…” is longer than %(max)s characters.",
                    name=name[:40],
                    max=TEAM_NAME_MAX,
                ),
            )
        key = name.casefold()
        if key in seen:
            problems.add(
                field_name,
                _("The team “%(name)s” is listed twice; team names must differ.", name=name),
            )
        seen[key] = name
    if len(names) > MAX_TEAMS:
        problems.add(field_name, _("A company can have at most %(max)s teams.", max=MAX_TEAMS))


def _check_company(data: CompanyInput, exclude_id: int | None, problems: _Problems) -> None:
    record = db.session.get(Company, exclude_id) if exclude_id is not None else None
    try:
        naming.check_name(data.name, record)  # the rule prospects follow too
    except naming.NameTaken as taken:
        problems.add("name", taken.message)


def _apply(company: Company, data: CompanyInput) -> None:
    company.name = data.name.strip()
    company.kind = data.kind
    company.industry = data.industry.strip() or None
    company.notes = data.notes.strip()


def list_companies() -> list[CompanyRow]:
    """Every company of the organisation with its team and campaign counts, by name
    (:func:`survey_app.text.sort_key`: "Ñandú" before "Zürich")."""
    teams = select(func.count(Team.id)).where(Team.company_id == Company.id).scalar_subquery()
    campaigns = (
        select(func.count(Campaign.id)).where(Campaign.company_id == Company.id).scalar_subquery()
    )
    rows = db.session.execute(
        select(Company, teams, campaigns).where(Company.organization_id == org_id())
    )
    companies = (CompanyRow(c, t, n) for c, t, n in rows)
    return sorted(companies, key=lambda row: sort_key(row.company.name))


def create_company(data: CompanyInput, team_names: list[str]) -> Company:
    """Store a new company and its teams, or raise :class:`CompanyError` and store nothing."""
    problems = _Problems()
    _check_company(data, None, problems)
    _check_team_names(team_names, "teams", problems)
    if problems.errors:
        raise CompanyError(problems.errors)
    company = Company(organization_id=org_id())
    _apply(company, data)
    company.teams = [Team(name=name) for name in team_names]
    db.session.add(company)
    naming.commit(data.name)
    return company


def team_campaign_counts(company: Company) -> dict[int, int]:
    """How many campaigns each team is in (no response counts: those may be under k)."""
    rows = db.session.execute(
        select(campaign_teams.c.team_id, func.count())
        .join(Team, Team.id == campaign_teams.c.team_id)
        .where(Team.company_id == company.id)
        .group_by(campaign_teams.c.team_id)
    )
    return {team_id: count for team_id, count in rows}


def _differences(
    company: Company, data: CompanyInput, edits: list[TeamEdit], new_team_names: list[str]
) -> list[Difference]:
    """The form as sent beside the company as stored, for a conflict page."""
    stored = {team.id: team.name for team in company.active_teams}
    edited = {edit.team_id for edit in edits}
    yours = [e.name for e in edits if not e.remove] + new_team_names
    yours += [name for team_id, name in stored.items() if team_id not in edited]
    return [
        Difference(_("Name"), data.name.strip(), company.name),
        Difference(_("Kind"), data.kind.value, company.kind.value),
        Difference(_("Industry"), data.industry.strip(), company.industry or ""),
        Difference(_("Notes"), data.notes.strip(), company.notes),
        Difference(_("Teams"), ", ".join(sorted(yours)), ", ".join(sorted(stored.values()))),
    ]


def _remove_team(company: Company, team: Team) -> None:
    """Take a team out of the company and its drafts; campaigns that opened keep it.

    A team that an open or closed campaign ran with is only marked removed, so that those
    campaigns, their respondents and their results go on showing it as it was; one that never
    ran is deleted.
    """
    drafts = select(Campaign.id).where(Campaign.status == CampaignStatus.DRAFT)
    db.session.execute(
        delete(campaign_teams).where(
            campaign_teams.c.team_id == team.id, campaign_teams.c.campaign_id.in_(drafts)
        )
    )
    ran = db.session.scalar(
        select(func.count()).select_from(campaign_teams).where(campaign_teams.c.team_id == team.id)
    )
    if ran:
        team.removed_on = date.today()
    else:
        company.teams.remove(team)


def update_company(
    company: Company,
    data: CompanyInput,
    edits: list[TeamEdit],
    new_team_names: list[str],
    expected_version: int | None = None,
) -> None:
    """Rename, re-classify, add, rename and remove teams in one transaction.

    Raises ``LookupError`` for a team id that is not this company's, or that comes twice (the
    page lists each team once: only a forged form repeats one; removing it twice was a 500), and
    the view answers 404; :class:`CompanyError` for anything the leader can fix;
    :class:`~.kind_change.KindChangeUnconfirmed` for a change of kind that needs confirming;
    :class:`survey_app.editing.EditConflict` when the form is older than the stored company.

    A team with responses cannot be removed, also while its members are submitting: the rows of
    the teams to remove are locked (``FOR UPDATE``) before their responses are counted. A
    submission's response row references its team, and PostgreSQL's foreign-key check holds a
    ``FOR KEY SHARE`` lock on the team until the submission commits, so the lock here waits for
    every submission already under way and the count then sees it; a submission that comes
    later waits for this transaction and, if the team is gone, stores nothing. The teams'
    invitations are locked before the teams, in the order a submission takes them. (On SQLite
    the POST's ``BEGIN IMMEDIATE`` already makes writers take turns.)
    """
    lock(company)
    teams = {team.id: team for team in company.active_teams}
    edited_ids = [edit.team_id for edit in edits]
    if any(team_id not in teams for team_id in edited_ids) or len(set(edited_ids)) < len(edits):
        raise LookupError("team not in company, or listed twice")
    check_version(
        company, expected_version, lambda: _differences(company, data, edits, new_team_names)
    )
    check_kind_change(company, data.kind, data.kind_confirmed)
    problems = _Problems()
    _check_company(data, company.id, problems)
    removed_ids = [edit.team_id for edit in edits if edit.remove]
    if removed_ids:
        # Their invitations first, as a submission locks its invitation before its response
        # refers to the team: in the other order, removing the team (which empties the
        # invitations' team) and a submission would wait for each other.
        db.session.execute(
            select(Invitation.id).where(Invitation.team_id.in_(removed_ids)).with_for_update()
        ).all()
        db.session.execute(select(Team.id).where(Team.id.in_(removed_ids)).with_for_update()).all()
    edited = {edit.team_id for edit in edits}
    kept = [e.name for e in edits if not e.remove]
    kept += [t.name for tid, t in teams.items() if tid not in edited]
    _check_team_names(
        kept + new_team_names, "new_teams" if new_team_names else "existing", problems
    )
    if problems.errors:
        raise CompanyError(problems.errors)

    _apply(company, data)
    freeze_team_names(campaign_teams.c.team_id.in_(list(teams)))  # before any name changes
    renamed = [e for e in edits if not e.remove and teams[e.team_id].name != e.name]
    for edit in renamed:  # temporary names first, so that swapping two names is allowed
        teams[edit.team_id].name = f"~renaming~{edit.team_id}"
    for edit in edits:
        if edit.remove:
            _remove_team(company, teams[edit.team_id])
    db.session.flush()  # free removed and renamed names before the unique (company, name) check
    removed_names = {t.name.casefold(): t for t in company.teams if t.removed_on}
    for edit in renamed:
        if (clash := removed_names.pop(edit.name.casefold(), None)) is not None:
            clash.name = f"~removed~{clash.id}"  # campaigns show it by its frozen name
    db.session.flush()
    for edit in renamed:
        teams[edit.team_id].name = edit.name
    removed = {team.name.casefold(): team for team in company.teams if team.removed_on}
    for name in new_team_names:
        again = removed.get(name.casefold())
        if again is not None:  # a removed team added back: the same team, as it was named
            again.removed_on, again.name = None, name
        else:
            company.teams.append(Team(name=name))
    bump(company)
    naming.commit(data.name)
