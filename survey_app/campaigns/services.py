"""Campaign use cases: list, create, edit while draft, and open / close / reopen.

Every writing function checks all its rules first and commits once, so a refused change
leaves the campaign exactly as it was. Each one first locks the campaign's row (``SELECT … FOR
UPDATE``, :func:`survey_app.editing.lock`) and checks the status on what that returns, so that
"open" and "edit the draft" at the same moment are done one after the other: an edit that comes
second finds the campaign open and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from ..auth.access import one_or_404, org_id
from ..editing import Difference, bump, check_version, lock
from ..extensions import db
from ..instruments import latest_versions
from ..models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    Invitation,
    InvitationStatus,
    Response,
    Team,
)
from ..models.campaigns import MAX_K, MIN_K


class CampaignError(ValueError):
    """Input the leader must fix; ``errors`` maps a form field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))
        self.errors = errors


@dataclass(frozen=True)
class CampaignInput:
    title: str
    instrument_keys: Sequence[str]
    team_ids: Sequence[int]
    opens_on: date | None
    closes_on: date | None
    min_group_size: int


@dataclass(frozen=True)
class CampaignStats:
    invitations: int
    pending: int
    started: int
    completed: int
    responses: int  # stored responses, open-link ones included

    @property
    def response_rate(self) -> float | None:
        """Completed invitations over invitations; None before anyone is invited."""
        return self.completed / self.invitations if self.invitations else None


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    stats: CampaignStats


def today() -> date:
    return datetime.now(UTC).date()


def get_campaign(campaign_id: int) -> Campaign:
    """The signed-in user's campaign, or a 404 that looks like any missing id."""
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


def org_companies() -> list[Company]:
    return list(
        db.session.scalars(
            select(Company)
            .where(Company.organization_id == org_id())
            .order_by(func.lower(Company.name))
        )
    )


def _count(*where: object) -> object:
    return (
        select(func.count(Invitation.id))
        .where(Invitation.campaign_id == Campaign.id, *where)  # type: ignore[arg-type]
        .scalar_subquery()
    )


def _stats_columns() -> tuple[object, ...]:
    responses = (
        select(func.count(Response.id)).where(Response.campaign_id == Campaign.id).scalar_subquery()
    )
    return (
        _count(),
        _count(Invitation.status == InvitationStatus.PENDING),
        _count(Invitation.status == InvitationStatus.STARTED),
        _count(Invitation.status == InvitationStatus.COMPLETED),
        responses,
    )


def list_campaigns() -> list[CampaignRow]:
    """The organisation's campaigns, newest first, each with its counts (one query)."""
    rows = db.session.execute(
        select(Campaign, *_stats_columns())  # type: ignore[call-overload]
        .where(Campaign.organization_id == org_id())
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return [CampaignRow(row[0], _stats(row[1:])) for row in rows]


def campaign_stats(campaign: Campaign) -> CampaignStats:
    row = db.session.execute(
        select(*_stats_columns()).where(Campaign.id == campaign.id)  # type: ignore[call-overload]
    ).one()
    return _stats(row)


def _stats(counts: Sequence[Any]) -> CampaignStats:
    pending, started, completed, responses = (int(c or 0) for c in counts[1:5])
    return CampaignStats(int(counts[0] or 0), pending, started, completed, responses)


def _validate(
    data: CampaignInput, company: Company, campaign: Campaign | None
) -> tuple[list[CampaignInstrument], list[Team]]:
    errors: dict[str, list[str]] = {}
    newest = latest_versions()
    if not data.title.strip():
        errors.setdefault("title", []).append("Enter a title.")
    unknown = [key for key in data.instrument_keys if key not in newest]
    if unknown or not data.instrument_keys:
        errors.setdefault("instruments", []).append("Choose at least one of the instruments shown.")
    teams = {team.id: team for team in company.teams}
    if any(tid not in teams for tid in data.team_ids):
        errors.setdefault("teams", []).append("Choose teams of this company only.")
    if campaign is not None:
        _check_dropped_teams(campaign, set(data.team_ids), errors)
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        errors.setdefault("closes_on", []).append(
            "The closing date must be on or after the opening date."
        )
    if data.closes_on and data.closes_on < today():
        errors.setdefault("closes_on", []).append("The closing date is in the past.")
    if not MIN_K <= data.min_group_size <= MAX_K:
        errors.setdefault("min_group_size", []).append(f"Enter a number from {MIN_K} to {MAX_K}.")
    if errors:
        raise CampaignError(errors)
    pinned = [
        CampaignInstrument(instrument_key=key, instrument_version=newest[key].version, position=n)
        for n, key in enumerate(k for k in newest if k in set(data.instrument_keys))
    ]
    return pinned, [teams[tid] for tid in data.team_ids]


def _check_dropped_teams(campaign: Campaign, kept: set[int], errors: dict[str, list[str]]) -> None:
    dropped = [team for team in campaign.teams if team.id not in kept]
    for team in dropped:
        used = db.session.scalar(
            select(func.count(Invitation.id)).where(
                Invitation.campaign_id == campaign.id, Invitation.team_id == team.id
            )
        )
        if used:
            errors.setdefault("teams", []).append(
                f"“{team.name}” already has {used} invitations; keep it in the campaign."
            )


def _apply(campaign: Campaign, data: CampaignInput, teams: list[Team]) -> None:
    campaign.title = data.title.strip()
    campaign.teams = teams
    campaign.opens_on = data.opens_on
    campaign.closes_on = data.closes_on
    campaign.min_group_size = data.min_group_size


def create_campaign(company: Company, data: CampaignInput) -> Campaign:
    """A new draft campaign with the newest version of each chosen instrument pinned."""
    pinned, teams = _validate(data, company, None)
    campaign = Campaign(organization_id=company.organization_id, company=company)
    _apply(campaign, data, teams)
    campaign.status = CampaignStatus.DRAFT
    campaign.instruments = pinned
    db.session.add(campaign)
    db.session.commit()
    return campaign


def _differences(campaign: Campaign, data: CampaignInput) -> list[Difference]:
    """The form as sent beside the campaign as stored, field by field, for a conflict page."""
    newest = latest_versions()
    team_names = {team.id: team.name for team in campaign.company.teams}

    def day(value: date | None) -> str:
        return value.isoformat() if value else "not set"

    return [
        Difference("Title", data.title.strip(), campaign.title),
        Difference(
            "Instruments",
            ", ".join(newest[k].title for k in newest if k in set(data.instrument_keys)),
            ", ".join(ci.definition.title for ci in campaign.instruments),
        ),
        Difference(
            "Teams",
            ", ".join(sorted(team_names.get(t, "?") for t in data.team_ids)) or "none",
            ", ".join(t.name for t in campaign.teams) or "none",
        ),
        Difference("Opens on", day(data.opens_on), day(campaign.opens_on)),
        Difference("Closes on", day(data.closes_on), day(campaign.closes_on)),
        Difference(
            "Minimum group size (k)", str(data.min_group_size), str(campaign.min_group_size)
        ),
    ]


def update_campaign(
    campaign: Campaign, data: CampaignInput, expected_version: int | None = None
) -> None:
    """Edit a draft. Once open, the questions and k are fixed so that answers stay comparable.

    ``expected_version`` is the version the edit form was loaded with: a save from a form
    older than the stored campaign raises :class:`survey_app.editing.EditConflict`.
    """
    lock(campaign)  # an "open" at the same moment waits for this edit, or this one for it
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignError({"title": ["Only a draft campaign can be edited."]})
    check_version(campaign, expected_version, lambda: _differences(campaign, data))
    pinned, teams = _validate(data, campaign.company, campaign)
    _apply(campaign, data, teams)
    old = {(ci.instrument_key, ci.instrument_version) for ci in campaign.instruments}
    if old != {(ci.instrument_key, ci.instrument_version) for ci in pinned}:
        campaign.instruments = []
        db.session.flush()
        campaign.instruments = pinned
    bump(campaign)
    db.session.commit()


class StatusError(ValueError):
    """A status change that does not apply now; the message says why, for the page."""


def open_campaign(campaign: Campaign) -> None:
    lock(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise StatusError("Only a draft campaign can be opened.")
    if campaign.closes_on and campaign.closes_on < today():
        raise StatusError("The closing date has passed. Edit the campaign to choose a new one.")
    campaign.status = CampaignStatus.OPEN
    bump(campaign)
    db.session.commit()


def close_campaign(campaign: Campaign) -> None:
    lock(campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise StatusError("Only an open campaign can be closed.")
    campaign.status = CampaignStatus.CLOSED
    bump(campaign)
    db.session.commit()


def reopen_campaign(campaign: Campaign, closes_on: date | None) -> None:
    """Reopen a closed campaign; a passed closing date must be replaced, or nobody could answer."""
    lock(campaign)
    if campaign.status != CampaignStatus.CLOSED:
        raise StatusError("Only a closed campaign can be reopened.")
    if closes_on is not None:
        if closes_on < today():
            raise StatusError("The new closing date is in the past.")
        if campaign.opens_on and closes_on < campaign.opens_on:
            raise StatusError("The new closing date must be on or after the opening date.")
        campaign.closes_on = closes_on
    elif campaign.closes_on and campaign.closes_on < today():
        raise StatusError("The closing date has passed: choose a new closing date to reopen.")
    campaign.status = CampaignStatus.OPEN
    bump(campaign)
    db.session.commit()
