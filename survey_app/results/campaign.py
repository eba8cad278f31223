"""A campaign's results, suppressed before anything is scored for display.

``campaign_results`` is the single door from stored tallies to pages, charts, exports and PDFs:
it applies the minimum group size k and complementary suppression first, and only then scores
what may be shown. Hidden groups carry no numbers at all, not even their response count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select

from ..extensions import db
from ..instruments import ENEMIES, SCORECARD, Instrument
from ..models import NO_TEAM, Campaign, Invitation
from ..scoring import (
    Band,
    CrosshairMode,
    EnemiesResult,
    HiddenReason,
    Playbook,
    Recommendation,
    ScorecardResult,
    band,
    load_playbook,
    recommend,
    score_enemies,
    score_scorecard,
    suppress,
)
from .queries import GroupCounts, campaign_counts, combine


@dataclass(frozen=True)
class GroupScores:
    """Scores of one visible group of responses."""

    n: int
    scorecard: ScorecardResult | None
    enemies: EnemiesResult | None
    execution: dict[str, dict[int, int]]  # practice key -> answer counts, for distributions


@dataclass(frozen=True)
class TeamCell:
    """One team of the breakdown: its scores, or why it is hidden."""

    team_key: int
    label: str
    scores: GroupScores | None  # None when hidden
    hidden_reason: str | None  # e.g. "fewer than 5 responses"

    @property
    def visible(self) -> bool:
        return self.scores is not None


@dataclass(frozen=True)
class CampaignResults:
    campaign_id: int
    k: int
    responses: int
    invitations: int
    completed_invitations: int
    overall: GroupScores | None  # None when the campaign has fewer than k responses
    risk_band: Band | None
    recommendations: tuple[Recommendation, ...]
    teams: tuple[TeamCell, ...]
    scorecard: Instrument | None
    enemies_instrument: Instrument | None

    @property
    def response_rate(self) -> float | None:
        if not self.invitations:
            return None
        return self.completed_invitations / self.invitations * 100

    @property
    def visible(self) -> bool:
        return self.overall is not None


def _score_group(
    counts: GroupCounts,
    scorecard: Instrument | None,
    enemies: Instrument | None,
    crosshairs: CrosshairMode,
) -> GroupScores:
    score = None
    execution: dict[str, dict[int, int]] = {}
    if scorecard is not None:
        practices = [i.key for i in scorecard.items_of_type("practice")]
        execution = {key: dict(counts.distribution(key, "execution")) for key in practices}
        importance = {key: dict(counts.distribution(key, "importance")) for key in practices}
        score = score_scorecard(scorecard, execution, importance, crosshairs)
    enemy_result = None
    if enemies is not None:
        keys = [i.key for i in enemies.items_of_type("enemy")]
        ticks = {key: counts.distribution(key, "present").get(1, 0) for key in keys}
        enemy_result = score_enemies(ticks, counts.responses, keys)
    return GroupScores(counts.responses, score, enemy_result, execution)


def _instrument(campaign: Campaign, key: str) -> Instrument | None:
    return next((i for i in campaign.pinned_instruments() if i.key == key), None)


def _team_labels(campaign: Campaign, keys: Iterable[int]) -> dict[int, str]:
    labels = {team.id: team.name for team in campaign.company.teams}
    return {key: labels.get(key, "No team" if key == NO_TEAM else "Removed team") for key in keys}


def invitation_count(campaign_id: int) -> int:
    """How many invitations a campaign has (a covering-index count: no table rows read)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.campaign_id == campaign_id)
        )
        or 0
    )


def risk_band(enemies: EnemiesResult | None, instrument: Instrument | None) -> Band | None:
    """The band of a group's enemies: its Culture Risk and every enemy's prevalence as shown
    beside it, so that the band never contradicts the enemy table (see scoring.bands)."""
    if enemies is None or enemies.culture_risk_index is None:
        return None
    names = {i.key: i.text for i in instrument.items} if instrument else {}
    prevalence = [
        (names.get(e.key, e.key), e.prevalence_pct)
        for e in enemies.prevalences
        if e.prevalence_pct is not None
    ]
    return band(enemies.culture_risk_index, prevalence=prevalence)


@cache
def default_playbook() -> Playbook:
    """The shipped playbook, parsed once per process instead of on every page."""
    return load_playbook()


def campaign_results(
    campaign: Campaign, crosshairs: CrosshairMode = CrosshairMode.MEAN
) -> CampaignResults:
    """Everything a page may show about a campaign, with small groups already removed."""
    k = campaign.min_group_size
    groups = campaign_counts(campaign.id)
    team_keys = [t.id for t in campaign.teams]
    team_keys += [key for key in groups if key not in team_keys]
    cells = {key: groups[key].responses if key in groups else 0 for key in team_keys}
    decisions = suppress(cells, k)
    scorecard, enemies = _instrument(campaign, SCORECARD), _instrument(campaign, ENEMIES)

    total = combine(groups.values())
    overall = None
    risk = None
    recommendations: tuple[Recommendation, ...] = ()
    if decisions.total_visible:
        overall = _score_group(total, scorecard, enemies, crosshairs)
        risk = risk_band(overall.enemies, enemies)
        card = overall.scorecard
        recommendations = recommend(  # from whichever instruments the campaign used
            card.practices if card else (),
            card.ipa if card else None,
            overall.enemies.prevalences if overall.enemies else (),
            default_playbook(),
        )

    labels = _team_labels(campaign, team_keys)
    teams = []
    for cell in decisions.cells:
        if cell.n == 0 and cell.key not in groups:
            continue  # a team with no responses: nothing to show or hide
        if cell.visible and decisions.total_visible:
            scores = _score_group(groups[cell.key], scorecard, enemies, crosshairs)
            teams.append(TeamCell(cell.key, labels[cell.key], scores, None))
        else:
            reason = (cell.reason or HiddenReason.SMALL_GROUP).describe(k)
            teams.append(TeamCell(cell.key, labels[cell.key], None, reason))
    # Every response completed exactly one invitation in the same transaction (open-link
    # respondents get theirs when they start), so the tallies give the completed count.
    invitations = invitation_count(campaign.id)
    return CampaignResults(
        campaign_id=campaign.id,
        k=k,
        responses=total.responses,
        invitations=invitations,
        completed_invitations=total.responses,
        overall=overall,
        risk_band=risk,
        recommendations=recommendations,
        teams=tuple(teams),
        scorecard=scorecard,
        enemies_instrument=enemies,
    )
