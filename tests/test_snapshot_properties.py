"""Property: two views of an open campaign, taken at any two moments, never single anyone out.

Hypothesis draws a campaign (k, 0-3 teams, one or both instruments) and a sequence of events:
submissions through the real submission path (each with random answers, to a team or none) and
views of ``campaign_results`` taken between them. For every pair of views and every aggregate a
leader can derive from both (the overall figures, each team shown in both, and the overall less
any set of teams shown in both), the difference is either nothing at all or a genuine set of at
least k responses: its count is 0 or >= k, and its answer counts are never negative, and never
change while its count stays the same. The same holds for the views a team-scoped leader takes
meanwhile, which hold their teams only. At close every response is shown.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD
from survey_app.models import (
    Answer,
    AnswerTally,
    Campaign,
    CampaignInstrument,
    Company,
    Invitation,
    Response,
    ResponseTally,
    Team,
    campaign_teams,
)
from survey_app.results.campaign import GroupScores, campaign_results
from survey_app.results.scope import UNSCOPED, Viewer
from survey_app.surveys.submission import submit_response
from tests import factories

VIEW = "view"


@dataclass(frozen=True)
class Plan:
    k: int
    teams: int
    instruments: tuple[str, ...]
    events: tuple[int | str | None, ...]  # a team index (None: no team) submits, or VIEW
    rng: random.Random


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    k = draw(st.integers(min_value=3, max_value=6))
    teams = draw(st.integers(min_value=0, max_value=3))
    who = st.none() if teams == 0 else st.integers(min_value=0, max_value=teams - 1)
    event = st.one_of(who, st.just(VIEW))
    events = draw(st.lists(event, min_size=1, max_size=8 * k))
    instruments = draw(st.sampled_from([(SCORECARD, ENEMIES), (SCORECARD,), (ENEMIES,)]))
    return Plan(k, teams, instruments, tuple(events), draw(st.randoms(use_true_random=False)))


# What a leader can read of one aggregate: its count and every answer count behind it.
Figures = tuple[int, Counter[tuple[str, ...]]]


def _figures(scores: GroupScores) -> Figures:
    counts: Counter[tuple[str, ...]] = Counter()
    for practice, distribution in scores.execution.items():
        for value, n in distribution.items():
            counts[("execution", practice, str(value))] += n
    if scores.scorecard is not None:
        for practice in scores.scorecard.practices:
            # A mean, not a count: only ever compared for "unchanged".
            counts[("importance", practice.key)] += int((practice.mean_importance or 0) * 1e6)
    if scores.enemies is not None:
        for enemy in scores.enemies.prevalences:
            counts[("ticked", enemy.key)] += enemy.ticked
    return scores.n, counts


def _view(campaign: Campaign, viewer: Viewer = UNSCOPED) -> dict[str, Figures]:
    """Every aggregate shown to ``viewer``: "all", and "team <key>" for each team shown."""
    db.session.expire_all()
    results = campaign_results(campaign, viewer=viewer)
    shown: dict[str, Figures] = {}
    if results.overall is not None:
        shown["all"] = _figures(results.overall)
    for team in results.teams:
        if team.scores is not None:
            shown[f"team {team.team_key}"] = _figures(team.scores)
    return shown


def _derived(view: dict[str, Figures], common: list[str]) -> dict[str, Figures]:
    """The aggregates of one view a leader can compute: the shown ones, and the overall less
    any set of the teams shown in both views."""
    derived = {name: view[name] for name in common}
    teams = [name for name in common if name != "all"]
    if "all" in common:
        for size in range(1, len(teams) + 1):
            for subset in itertools.combinations(teams, size):
                n, counts = view["all"]
                counts = Counter(counts)
                for name in subset:
                    n -= view[name][0]
                    counts.subtract(view[name][1])
                derived["all less " + ", ".join(subset)] = (n, counts)
    return derived


def _check_pair(before: dict[str, Figures], after: dict[str, Figures], k: int) -> None:
    common = [name for name in before if name in after]
    old, new = _derived(before, common), _derived(after, common)
    for name in old:
        (n_old, c_old), (n_new, c_new) = old[name], new[name]
        gained = n_new - n_old
        change = {key: c_new[key] - c_old[key] for key in set(c_old) | set(c_new)}
        assert gained == 0 or gained >= k, (name, n_old, n_new)
        if gained == 0:
            assert all(v == 0 for v in change.values()), (name, change)
        else:
            assert all(v >= 0 for key, v in change.items() if key[0] != "importance"), (name,)


def _answers(campaign: Campaign, rng: random.Random) -> dict[str, int]:
    return {
        slot.name: rng.randint(slot.min, slot.max)
        for instrument in campaign.pinned_instruments()
        for slot in instrument.slots()
    }


def _clean() -> None:
    db.session.rollback()
    for stmt in (
        delete(Answer),
        delete(Response),
        delete(AnswerTally),
        delete(ResponseTally),
        delete(Invitation),
        delete(campaign_teams),
        delete(CampaignInstrument),
        delete(Campaign),
        delete(Team),
        delete(Company),
    ):
        db.session.execute(stmt)
    db.session.commit()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans())
def test_no_two_views_of_an_open_campaign_isolate_fewer_than_k(org, plan: Plan) -> None:
    try:
        names = tuple(f"Team {n}" for n in range(plan.teams))
        company = factories.make_company(org, name="Probe", teams=names)
        campaign = factories.make_campaign(
            company, k=plan.k, with_teams=bool(names), instruments=plan.instruments
        )
        teams = list(campaign.teams)
        # A team-scoped leader of the first half of the teams takes their own views meanwhile.
        scope = Viewer(frozenset(t.id for t in teams[: (len(teams) + 1) // 2]))
        views: list[dict[str, Figures]] = []
        scoped: list[dict[str, Figures]] = []
        submitted = 0
        for event in plan.events:
            if event == VIEW:
                views.append(_view(campaign))
                scoped.append(_view(campaign, scope))
                continue
            team = None if event is None else teams[int(event)]
            invitation = factories.make_invitation(campaign, team=team)
            submit_response(
                invitation.id, _answers(campaign, plan.rng), None, secrets.token_hex(16)
            )
            submitted += 1
        views.append(_view(campaign))
        scoped.append(_view(campaign, scope))
        for before, after in itertools.combinations(views, 2):
            _check_pair(before, after, plan.k)
        for before, after in itertools.combinations(scoped, 2):  # the scoped leader's own
            _check_pair(before, after, plan.k)
        assert scope.teams is not None
        for view in scoped:  # their teams only, and an "all" that is exactly those shown
            keys = {int(name.split()[1]) for name in view if name != "all"}
            assert keys <= scope.teams
            if "all" in view:
                assert view["all"][0] == sum(view[f"team {key}"][0] for key in keys)
        # What the open campaign says of itself is true.
        results = campaign_results(campaign)
        assert results.snapshot is not None
        assert results.snapshot.received == submitted == results.completed_invitations
        if results.overall is not None:
            assert results.snapshot.shown == results.responses == results.overall.n
        # At close, every response is shown.
        close_campaign(campaign)
        final = campaign_results(campaign)
        assert final.snapshot is None
        assert final.responses == submitted
        assert (final.overall is not None) == (submitted >= plan.k)
    finally:
        _clean()
