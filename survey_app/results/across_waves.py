"""The cross-wave rule applied to a campaign's breakdown (DESIGN "Anonymity", across waves).

A group's membership is who its figures are over: the team's known respondents (answered email
invitations with a fixed team). A later wave where 1 to k - 1 of them joined, left, moved or
stopped answering, in any group a reader can derive from both waves, hides that group.
Respondents of open links or self-chosen teams are not known by address and never trigger the
rule (their numbers vary with participation, which is only ever shown as counts).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from ..clock import today
from ..extensions import db
from ..models import Campaign, CampaignStatus, Invitation
from ..models.invitations import InvitationKind, InvitationStatus
from ..scoring.anonymity import CellDecision, HiddenReason, Suppression, suppress
from ..scoring.wave_pairs import WaveView, guard
from .queries import campaign_counts


def _wave_key(campaign: Campaign) -> tuple[object, ...]:
    return (campaign.opens_on or campaign.created_at.date(), campaign.created_at, campaign.id)


def earlier_waves(campaign: Campaign) -> list[Campaign]:
    """The company's campaigns that started before this one, oldest first."""
    others = db.session.scalars(
        select(Campaign).where(
            Campaign.company_id == campaign.company_id,
            Campaign.organization_id == campaign.organization_id,
            Campaign.status != CampaignStatus.DRAFT,
            Campaign.id != campaign.id,
        )
    ).all()
    mine = _wave_key(campaign)
    return sorted((c for c in others if _wave_key(c) < mine), key=_wave_key)


def _roster(campaign_id: int) -> dict[str, int]:
    """The team's known respondents: the addresses of its answered email invitations with a
    fixed team (address -> team). Their answers stay unlinked; the address only says who was in
    the group a figure is over. An invitee who has not answered adds nothing to any figure."""
    rows = db.session.execute(
        select(func.lower(Invitation.email), Invitation.team_id).where(
            Invitation.campaign_id == campaign_id,
            Invitation.kind == InvitationKind.EMAIL,
            Invitation.status == InvitationStatus.COMPLETED,
            Invitation.team_id.is_not(None),
            Invitation.email.is_not(None),
        )
    )
    return {str(email): int(team) for email, team in rows}


def _view(campaign: Campaign, decisions: Suppression[int]) -> WaveView:
    cells = {c.key: c.n for c in decisions.cells}
    return WaveView(
        members=_roster(campaign.id),
        anonymous={},  # open links and self-chosen teams: no roster to compare
        shown_teams=frozenset(c.key for c in decisions.cells if c.visible),
        overall_shown=decisions.total_visible,
        teams=frozenset(cells),
    )


def _breakdown(campaign: Campaign) -> Suppression[int]:
    counts = campaign_counts(campaign.id, published=campaign.is_accepting(today()))
    keys = list(dict.fromkeys([t.id for t in campaign.teams] + list(counts.groups)))
    cells = {key: counts.groups[key].responses if key in counts.groups else 0 for key in keys}
    return suppress(cells, campaign.min_group_size)


def guard_breakdown(campaign: Campaign, decisions: Suppression[int]) -> Suppression[int]:
    """``decisions`` with the teams (and overall) hidden that an earlier wave would expose."""
    earlier = earlier_waves(campaign)
    if not earlier or not decisions.total_visible:
        return decisions
    shown: list[WaveView] = []
    for wave in earlier:  # each as it is shown: guarded against those before it
        shown.append(_guarded_view(wave, _breakdown(wave), shown))
    later = _view(campaign, decisions)
    cells = {c.key: c.n for c in decisions.cells}
    guarded = guard(shown, later, campaign.min_group_size, cells)
    if guarded == later:
        return decisions
    return _with(decisions, guarded)


def _guarded_view(
    campaign: Campaign, decisions: Suppression[int], before: list[WaveView]
) -> WaveView:
    view = _view(campaign, decisions)
    if not before or not view.overall_shown:
        return view
    return guard(before, view, campaign.min_group_size, {c.key: c.n for c in decisions.cells})


def _with(decisions: Suppression[int], view: WaveView) -> Suppression[int]:
    cells = tuple(
        c
        if not c.visible or c.key in view.shown_teams
        else CellDecision(c.key, c.n, False, HiddenReason.ACROSS_WAVES)
        for c in decisions.cells
    )
    return replace(decisions, cells=cells, total_visible=view.overall_shown)
