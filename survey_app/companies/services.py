"""Company use cases: list, create and edit a company with its teams.

Each writing function validates everything first and commits once, so a refused edit leaves
the company exactly as it was. An edit locks the company's row, and the rows of the teams it
removes, before it checks anything (see :func:`update_company`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from ..auth.access import one_or_404, org_id
from ..editing import Difference, bump, check_version, lock
from ..extensions import db
from ..models import Campaign, Company, CompanyKind, Invitation, Response, Team, campaign_teams

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
            problems.add(field_name, "A team name cannot be empty; tick Remove to delete a team.")
            continue
        if len(name) > TEAM_NAME_MAX:
            problems.add(field_name, f"“{name[:40]}…” is longer than {TEAM_NAME_MAX} characters.")
        key = name.casefold()
        if key in seen:
            problems.add(field_name, f"The team “{name}” is listed twice; team names must differ.")
        seen[key] = name
    if len(names) > MAX_TEAMS:
        problems.add(field_name, f"A company can have at most {MAX_TEAMS} teams.")


def _check_company(data: CompanyInput, exclude_id: int | None, problems: _Problems) -> None:
    query = select(Company.id).where(
        Company.organization_id == org_id(), func.lower(Company.name) == data.name.strip().lower()
    )
    if exclude_id is not None:
        query = query.where(Company.id != exclude_id)
    if db.session.scalar(query) is not None:
        problems.add("name", f"A company named “{data.name.strip()}” already exists.")


def _apply(company: Company, data: CompanyInput) -> None:
    company.name = data.name.strip()
    company.kind = data.kind
    company.industry = data.industry.strip() or None
    company.notes = data.notes.strip()


def list_companies() -> list[CompanyRow]:
    """Every company of the organisation with its team and campaign counts, by name."""
    teams = select(func.count(Team.id)).where(Team.company_id == Company.id).scalar_subquery()
    campaigns = (
        select(func.count(Campaign.id)).where(Campaign.company_id == Company.id).scalar_subquery()
    )
    rows = db.session.execute(
        select(Company, teams, campaigns)
        .where(Company.organization_id == org_id())
        .order_by(func.lower(Company.name))
    )
    return [CompanyRow(c, t, n) for c, t, n in rows]


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
    db.session.commit()
    return company


def team_response_counts(company: Company) -> dict[int, int]:
    """Stored responses per team: a team with answers cannot be removed without losing them."""
    rows = db.session.execute(
        select(Response.team_id, func.count())
        .join(Team, Team.id == Response.team_id)
        .where(Team.company_id == company.id)
        .group_by(Response.team_id)
    )
    return {team_id: count for team_id, count in rows if team_id is not None}


def _differences(
    company: Company, data: CompanyInput, edits: list[TeamEdit], new_team_names: list[str]
) -> list[Difference]:
    """The form as sent beside the company as stored, for a conflict page."""
    stored = {team.id: team.name for team in company.teams}
    edited = {edit.team_id for edit in edits}
    yours = [e.name for e in edits if not e.remove] + new_team_names
    yours += [name for team_id, name in stored.items() if team_id not in edited]
    return [
        Difference("Name", data.name.strip(), company.name),
        Difference("Kind", data.kind.value, company.kind.value),
        Difference("Industry", data.industry.strip(), company.industry or ""),
        Difference("Notes", data.notes.strip(), company.notes),
        Difference("Teams", ", ".join(sorted(yours)), ", ".join(sorted(stored.values()))),
    ]


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
    teams = {team.id: team for team in company.teams}
    edited_ids = [edit.team_id for edit in edits]
    if any(team_id not in teams for team_id in edited_ids) or len(set(edited_ids)) < len(edits):
        raise LookupError("team not in company, or listed twice")
    check_version(
        company, expected_version, lambda: _differences(company, data, edits, new_team_names)
    )
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
    counts = team_response_counts(company)
    for edit in edits:
        if edit.remove and counts.get(edit.team_id):
            problems.add(
                "existing",
                f"The team “{teams[edit.team_id].name}” has {counts[edit.team_id]} responses "
                "and cannot be removed.",
            )
    edited = {edit.team_id for edit in edits}
    kept = [e.name for e in edits if not e.remove]
    kept += [t.name for tid, t in teams.items() if tid not in edited]
    _check_team_names(
        kept + new_team_names, "new_teams" if new_team_names else "existing", problems
    )
    if problems.errors:
        raise CompanyError(problems.errors)

    _apply(company, data)
    renamed = [e for e in edits if not e.remove and teams[e.team_id].name != e.name]
    for edit in renamed:  # temporary names first, so that swapping two names is allowed
        teams[edit.team_id].name = f"~renaming~{edit.team_id}"
    for edit in edits:
        if edit.remove:
            team = teams[edit.team_id]
            db.session.execute(delete(campaign_teams).where(campaign_teams.c.team_id == team.id))
            company.teams.remove(team)
    db.session.flush()  # free removed and renamed names before the unique (company, name) check
    for edit in renamed:
        teams[edit.team_id].name = edit.name
    company.teams.extend(Team(name=name) for name in new_team_names)
    bump(company)
    db.session.commit()
