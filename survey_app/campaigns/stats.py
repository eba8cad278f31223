"""A campaign's counts: invitations by status and responses, for the lists and the campaign page.

One query per page: the counts are subqueries beside each campaign (the counts table kept by
triggers answers them, survey_app/models/invitations.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..auth.access import org_id
from ..extensions import db
from ..models import Campaign, Invitation, InvitationStatus, Response
from ..models.invitations import counts_as_invitation


@dataclass(frozen=True)
class CampaignStats:
    invitations: int
    pending: int
    started: int
    completed: int
    responses: int  # stored responses, open-link ones included
    open_unfinished: int = 0  # open-link visitors who started and have not submitted

    @property
    def response_rate(self) -> float | None:
        """Completed invitations over invitations; None before anyone is invited."""
        return self.completed / self.invitations if self.invitations else None


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    stats: CampaignStats


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
    invited = counts_as_invitation()
    return (
        _count(invited),
        _count(invited, Invitation.status == InvitationStatus.PENDING),
        _count(invited, Invitation.status == InvitationStatus.STARTED),
        _count(Invitation.status == InvitationStatus.COMPLETED),
        responses,
        _count(~invited),
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
    pending, started, completed, responses, unfinished = (int(c or 0) for c in counts[1:6])
    return CampaignStats(int(counts[0] or 0), pending, started, completed, responses, unfinished)
