"""A campaign's results, suppressed before anything is scored for display.

``campaign_results`` is the single door from stored tallies to pages, charts, exports and PDFs:
it applies the minimum group size k and complementary suppression first, and only then scores
what may be shown. Hidden groups carry no numbers at all, not even their response count.

While a campaign takes answers, it shows its published snapshot (see ``results.tallies``):
each team's figures move only in steps of at least k responses, so that comparing two views
taken at different moments never singles anyone out. Once it stops taking answers (closed,
or past its closing date) it shows every response.

Each reader passes who is looking (a :class:`~survey_app.results.scope.Viewer`): a team-scoped
viewer gets only their teams, after the same suppression, and no company-wide figure. The
dashboard's team filter is the same narrowing, for one team, with the rest of the company
beside it when both may be shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select

from ..clock import today
from ..extensions import db
from ..i18n import current_language, language_or_default
from ..instruments import ENEMIES, SCORECARD, Instrument
from ..models import NO_TEAM, Campaign, InvitationCount
from ..models.invitations import counts_as_invitation
from ..org_settings import campaign_thresholds
from ..scoring import (
    DEFAULT_THRESHOLDS,
    Band,
    BandThresholds,
    CrosshairMode,
    EnemiesResult,
    HiddenReason,
    Playbook,
    Recommendation,
    ScorecardResult,
    band,
    load_playbook,
    playbook_file,
    recommend,
    score_enemies,
    score_scorecard,
    suppress,
)
from .across_waves import guard_breakdown
from .queries import GroupCounts, campaign_counts, combine
from .scope import UNSCOPED, Viewer


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
class Snapshot:
    """An open campaign's published results: as of ``shown`` of the ``received`` responses."""

    shown: int
    received: int
    step: int  # k: a team's figures update once this many more of its responses arrive
    by_team: bool  # whether the campaign has teams (each team then updates on its own)
    next_after: int  # without teams, how many more responses publish the next update

    @property
    def waiting(self) -> int:
        return self.received - self.shown


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
    snapshot: Snapshot | None = None  # None once the campaign no longer takes answers
    thresholds: BandThresholds = DEFAULT_THRESHOLDS  # the bands stored on the campaign
    # Narrowed to some teams (a team-scoped viewer, or the team filter): ``overall`` is then
    # over the visible teams shown here only, and nothing company-wide is in these results.
    scoped: bool = False
    team: int | None = None  # the team filter's team, if any
    rest: GroupScores | None = None  # the rest of the company beside ``team``, when shown

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
    labels = campaign.team_labels  # the names it ran with, whatever the company did since
    return {key: labels.get(key, "No team" if key == NO_TEAM else "Removed team") for key in keys}


def invitation_count(campaign_id: int, teams: frozenset[int] | None = None) -> int:
    """How many invitations count in the response rate (open-link visitors once answered),
    of ``teams`` only when given. Read from the few rows the triggers keep in
    ``invitation_counts``: counting the invitations read an index entry each, 5.7 ms of the
    dashboard's 12 at 100,000 responses (``benchmarks/dashboard.py``)."""
    counted = counts_as_invitation(InvitationCount.kind, InvitationCount.status)
    query = select(func.sum(InvitationCount.count)).where(
        InvitationCount.campaign_id == campaign_id, counted
    )
    if teams is not None:  # an invitation without a team is in no team's count
        query = query.where(InvitationCount.team_key.in_(sorted(teams - {NO_TEAM})))
    return db.session.scalar(query) or 0


def risk_band(
    enemies: EnemiesResult | None,
    instrument: Instrument | None,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
) -> Band | None:
    """The band of a group's enemies: its Culture Risk and every enemy's prevalence as shown
    beside it, so that the band never contradicts the enemy table (see scoring.bands), with
    the campaign's own ``thresholds`` (``CampaignResults.thresholds``)."""
    if enemies is None or enemies.culture_risk_index is None:
        return None
    names = {i.key: i.text for i in instrument.items} if instrument else {}
    prevalence = [
        (names.get(e.key, e.key), e.prevalence_pct)
        for e in enemies.prevalences
        if e.prevalence_pct is not None
    ]
    return band(enemies.culture_risk_index, thresholds=thresholds, prevalence=prevalence)


def default_playbook(language: str | None = None) -> Playbook:
    """The shipped playbook in ``language``, by default the language being rendered (the page's,
    or a report's inside ``i18n.rendering_in``), so its actions read in the words around them."""
    return _shipped_playbook(language_or_default(language or current_language()))


@cache
def _shipped_playbook(language: str) -> Playbook:
    """Parsed once per process and language instead of on every page."""
    return load_playbook(playbook_file(language))


def _snapshot(campaign: Campaign, shown: int, received: dict[int, int]) -> Snapshot:
    k = campaign.min_group_size
    total = sum(received.values())
    return Snapshot(
        shown=shown,
        received=total,
        step=k,
        by_team=any(key != NO_TEAM for key in received) or bool(campaign.teams),
        next_after=k - (total - shown),
    )


def campaign_results(
    campaign: Campaign,
    crosshairs: CrosshairMode = CrosshairMode.MEAN,
    *,
    viewer: Viewer = UNSCOPED,
    team: int | None = None,
    language: str | None = None,
) -> CampaignResults:
    """Everything ``viewer`` may see about a campaign, with small groups already removed.

    The whole breakdown is suppressed first (k, then complementary suppression), whoever looks.
    A scoped ``viewer`` (or a ``team`` filter) then keeps only their teams: the overall is over
    those of them that are shown, so it never holds a hidden team or any other team. With a
    ``team`` and an unscoped viewer, ``rest`` is the rest of the company, when the team is
    shown and the rest has at least k responses. The recommendations' actions are in
    ``language`` (by default the language being rendered, see :func:`default_playbook`)."""
    seen = viewer if team is None else viewer.narrowed(team)
    k = campaign.min_group_size
    open_now = campaign.is_accepting(today())
    counts = campaign_counts(campaign.id, published=open_now)
    groups = counts.groups
    team_keys = [t.id for t in campaign.teams]
    team_keys += [key for key in [*groups, *counts.received] if key not in team_keys]
    team_keys = list(dict.fromkeys(team_keys))
    cells = {key: groups[key].responses if key in groups else 0 for key in team_keys}
    decisions = suppress(cells, k)  # the whole breakdown, whoever looks
    decisions = guard_breakdown(campaign, decisions)  # and against the earlier waves
    shown_cells = [cell for cell in decisions.cells if seen.sees_team(cell.key)]
    scorecard, enemies = _instrument(campaign, SCORECARD), _instrument(campaign, ENEMIES)
    thresholds = campaign_thresholds(campaign)  # the bands it ran with, not today's settings

    if seen.scoped:  # only the viewer's teams that are shown, never a hidden one
        keys = {c.key for c in shown_cells if c.visible and decisions.total_visible}
        parts = [groups[key] for key in keys]
    else:
        keys, parts = None, list(groups.values())
    total = combine(parts)
    visible = decisions.total_visible and bool(parts)
    overall = None
    risk = None
    recommendations: tuple[Recommendation, ...] = ()
    if visible:
        overall = _score_group(total, scorecard, enemies, crosshairs)
        risk = risk_band(overall.enemies, enemies, thresholds)
        card = overall.scorecard
        recommendations = recommend(  # from whichever instruments the campaign used
            card.practices if card else (),
            card.ipa if card else None,
            overall.enemies.prevalences if overall.enemies else (),
            default_playbook(language),
        )

    labels = _team_labels(campaign, team_keys)
    teams = []
    for cell in shown_cells:
        if cell.n == 0 and cell.key not in groups and cell.key not in counts.received:
            continue  # a team with no responses: nothing to show or hide
        if cell.visible and decisions.total_visible:
            scores = _score_group(groups[cell.key], scorecard, enemies, crosshairs)
            teams.append(TeamCell(cell.key, labels[cell.key], scores, None))
        else:
            reason = (cell.reason or HiddenReason.SMALL_GROUP).describe(k)
            teams.append(TeamCell(cell.key, labels[cell.key], None, reason))
    # Every response completed exactly one invitation in the same transaction (open-link
    # respondents get theirs when they start), so the tallies give the completed count.
    # A narrowed view counts participation in its shown teams only: a hidden team's count
    # (the difference) would tell how few answered there.
    received = {key: n for key, n in counts.received.items() if keys is None or key in keys}
    rest = None
    if team is not None and not viewer.scoped and visible:
        others = combine(group for key, group in groups.items() if key != team)
        if others.responses >= k:  # the team is shown and so is the total: rest = the difference
            rest = _score_group(others, scorecard, enemies, crosshairs)
    return CampaignResults(
        campaign_id=campaign.id,
        k=k,
        responses=total.responses,
        invitations=invitation_count(campaign.id, None if keys is None else frozenset(keys)),
        completed_invitations=sum(received.values()),
        overall=overall,
        risk_band=risk,
        recommendations=recommendations,
        teams=tuple(teams),
        scorecard=scorecard,
        enemies_instrument=enemies,
        snapshot=_snapshot(campaign, total.responses, received) if open_now else None,
        thresholds=thresholds,
        scoped=seen.scoped,
        team=team,
        rest=rest,
    )
