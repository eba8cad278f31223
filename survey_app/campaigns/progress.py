"""Participation as leaders see it: counts, never who.

Per-person status (pending, started, completed) stays inside the system, for the links (and
for reminders, once the job queue sends any). A leader sees how many invitations are in each
state, for the whole campaign and for each team that has at least k invitations: a smaller
team's counts would tell who answered.

The campaign page reads all of it from :func:`participation`: the few rows of
``invitation_counts`` (campaign, team, kind, status), which triggers keep in step with the
invitations (``models/invitation_counts.py``). A count per figure read every invitation row
once per figure: the page took 17 times as long at 100,000 invitations as at 1,000
(``benchmarks/campaign_page.py``); one grouped pass over a covering index still read an index
entry per invitation, and took 2.6 times as long.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import (
    Campaign,
    Invitation,
    InvitationCount,
    InvitationKind,
    InvitationStatus,
    Response,
)
from .stats import CampaignStats


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


@dataclass(frozen=True)
class LinkCounts:
    """How many personal links a campaign has handed out: nothing about their use."""

    emails: int  # invitations by email
    emailed: int  # of which the current link was mailed
    links: int  # anonymous single-use links


def link_counts(campaign: Campaign) -> LinkCounts:
    rows = db.session.execute(
        select(
            Invitation.kind,
            func.count(),
            func.sum(case((Invitation.emailed.is_(True), 1), else_=0)),
        )
        .where(
            Invitation.campaign_id == campaign.id,
            Invitation.kind.in_([InvitationKind.EMAIL, InvitationKind.LINK]),
        )
        .group_by(Invitation.kind)
    ).all()
    counts = {kind: (int(total), int(emailed or 0)) for kind, total, emailed in rows}
    emails, emailed = counts.get(InvitationKind.EMAIL, (0, 0))
    return LinkCounts(emails, emailed, counts.get(InvitationKind.LINK, (0, 0))[0])


def team_progress(campaign: Campaign) -> list[TeamProgress]:
    """Each of the campaign's teams with its counts, or none when it has fewer than k
    invitations (its counts would be hidden then, and its invitations still count in the total)."""
    return participation(campaign).teams


@dataclass(frozen=True)
class Participation:
    stats: CampaignStats
    teams: list[TeamProgress]
    rows: int  # every invitation row, open-link visitors who never submitted included


def participation(campaign: Campaign) -> Participation:
    """The campaign's counts and its teams' counts, from the rows of ``invitation_counts``."""
    grouped = [
        (team_key or None, InvitationKind(kind), InvitationStatus(status), n)
        for team_key, kind, status, n in db.session.execute(
            select(
                InvitationCount.team_key,
                InvitationCount.kind,
                InvitationCount.status,
                InvitationCount.count,
            ).where(InvitationCount.campaign_id == campaign.id, InvitationCount.count > 0)
        )
    ]
    responses = db.session.scalar(
        select(func.count()).select_from(Response).where(Response.campaign_id == campaign.id)
    )
    # What counts as an invitation: see models.invitations.counts_as_invitation (an open-link
    # visitor only once they have submitted).
    by_status = dict.fromkeys(InvitationStatus, 0)
    unfinished = 0
    per_team: dict[int, dict[InvitationStatus, int]] = {}
    for team_id, kind, status, n in grouped:
        if kind != InvitationKind.OPEN or status == InvitationStatus.COMPLETED:
            by_status[status] += n
        else:
            unfinished += n
        if team_id is not None:
            team = per_team.setdefault(team_id, dict.fromkeys(InvitationStatus, 0))
            team[status] += n
    stats = CampaignStats(
        sum(by_status.values()),
        by_status[InvitationStatus.PENDING],
        by_status[InvitationStatus.STARTED],
        by_status[InvitationStatus.COMPLETED],
        int(responses or 0),
        unfinished,
    )
    k = campaign.min_group_size
    teams = []
    for team_id, label in campaign.team_labels.items():
        counts = per_team.get(team_id, dict.fromkeys(InvitationStatus, 0))
        total = sum(counts.values())
        if total >= k:
            teams.append(
                TeamProgress(
                    label,
                    total,
                    counts[InvitationStatus.PENDING],
                    counts[InvitationStatus.STARTED],
                    counts[InvitationStatus.COMPLETED],
                )
            )
        else:
            teams.append(TeamProgress(label, total, None, None, None))
    return Participation(stats, teams, sum(n for *_, n in grouped))
