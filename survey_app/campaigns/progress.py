"""Participation as leaders see it: counts, never who.

Per-person status (pending, started, completed) stays inside the system, for the links and,
later, reminders. A leader sees how many invitations are in each state, for the whole campaign
and for each team that has at least k invitations: a smaller team's counts would tell who
answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Campaign, Invitation, InvitationStatus


@dataclass(frozen=True)
class TeamProgress:
    label: str
    invitations: int
    pending: int | None  # None: fewer than k invitations, so no counts are shown
    started: int | None
    completed: int | None

    @property
    def shown(self) -> bool:
        return self.completed is not None


def _count(status: InvitationStatus):  # type: ignore[no-untyped-def]
    return func.sum(case((Invitation.status == status, 1), else_=0))


def team_progress(campaign: Campaign) -> list[TeamProgress]:
    """Each of the campaign's teams with its counts, or none when it has fewer than k
    invitations (its counts would be hidden then, and its invitations still count in the total)."""
    rows = db.session.execute(
        select(
            Invitation.team_id,
            func.count(),
            _count(InvitationStatus.PENDING),
            _count(InvitationStatus.STARTED),
            _count(InvitationStatus.COMPLETED),
        )
        .where(Invitation.campaign_id == campaign.id, Invitation.team_id.is_not(None))
        .group_by(Invitation.team_id)
    ).all()
    counts = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}
    k = campaign.min_group_size
    result = []
    for team in sorted(campaign.teams, key=lambda t: t.name.casefold()):
        invitations, pending, started, completed = counts.get(team.id, (0, 0, 0, 0))
        if invitations >= k:
            result.append(TeamProgress(team.name, invitations, pending, started, completed))
        else:
            result.append(TeamProgress(team.name, invitations, None, None, None))
    return result
