"""The prospect verdict: hand-worked numbers, then properties over many random inputs."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.prospects.verdict import (
    Confidence,
    Observation,
    strength_of,
    trend,
    verdict,
    weight,
)
from survey_app.scoring import BandRule, RiskLevel

TODAY = date(2026, 1, 1)
KEYS = [f"e{i:02d}" for i in range(20)]


def obs(days_ago: int, confidence: Confidence, ticked: list[str], **kw) -> Observation:
    return Observation(TODAY - timedelta(days=days_ago), confidence, frozenset(ticked), **kw)


def test_weight_is_confidence_times_half_life_decay() -> None:
    assert weight(obs(0, Confidence.HIGH, []), TODAY) == pytest.approx(1.5)
    assert weight(obs(0, Confidence.LOW, []), TODAY) == pytest.approx(0.5)
    assert weight(obs(180, Confidence.MEDIUM, []), TODAY) == pytest.approx(0.5)
    assert weight(obs(360, Confidence.HIGH, []), TODAY) == pytest.approx(1.5 / 4)
    # A date in the future counts as today.
    assert weight(obs(-30, Confidence.MEDIUM, []), TODAY) == pytest.approx(1.0)


def test_hand_worked_verdict() -> None:
    # A: today, high (w 1.5), 8 of 20 ticked -> 40. B: 180 days ago, medium (w 0.5), 2 -> 10.
    a = obs(0, Confidence.HIGH, KEYS[:8], evidence={"e00": "CFO and VP contradicted"}, author="A")
    b = obs(180, Confidence.MEDIUM, ["e00", "e19"], author="B")
    v = verdict([a, b], TODAY, enemy_keys=KEYS)
    # (1.5 x 40 + 0.5 x 10) / 2 = 32.5
    assert v.culture_risk == pytest.approx(32.5)
    assert v.band is not None
    # The index alone says Pursue with caution (20 to 39), but e00 is seen at 100% and e01 to
    # e07 at 75% weighted: the prevalence rule makes it Walk away, and says so.
    assert v.band.label == "Walk away"
    assert v.band.decided_by is BandRule.DOMINANT
    assert "e00 (100%)" in v.band.because
    assert v.total_weight == pytest.approx(2.0)
    assert v.strength is Confidence.HIGH
    # e00 ticked by both: 100 %; e01 only by A: 1.5 / 2 = 75 %; e19 only by B: 25 %.
    assert v.prevalence["e00"] == pytest.approx(100)
    assert v.prevalence["e01"] == pytest.approx(75)
    assert v.prevalence["e19"] == pytest.approx(25)
    assert v.prevalence["e10"] == 0
    first = v.reasons[0]
    assert first.enemy_key == "e00"
    assert first.seen_by == 2
    assert [e.note for e in first.evidence] == ["CFO and VP contradicted"]
    assert [r.enemy_key for r in v.reasons] == ["e00", "e01", "e02", "e03", "e04"]


def _spread(per_rep: int, reps: int = 5) -> list:
    """``reps`` equal assessments ticking ``per_rep`` enemies each, every enemy by at most 2."""
    return [
        obs(0, Confidence.MEDIUM, [KEYS[(4 * i + j) % 20] for j in range(per_rep)])
        for i in range(reps)
    ]


def test_bands_follow_the_prospect_wording() -> None:
    # Every enemy is seen by at most 2 of 5 (40%), so the Culture Risk alone decides.
    assert verdict(_spread(3), TODAY).band.label == "Pursue"  # 15
    v = verdict(_spread(4), TODAY)  # 20: the higher band
    assert v.band.level is RiskLevel.AT_RISK
    assert v.band.label == "Pursue with caution"
    assert verdict(_spread(8), TODAY).band.label == "Walk away"  # 40


def test_one_observer_who_sees_an_enemy_sees_it_at_100_percent() -> None:
    # A single assessment ticking 3 of 20 has Culture Risk 15, but each enemy it ticked is seen
    # by 100% (weighted) of the assessments: the verdict follows the enemies shown beside it.
    v = verdict([obs(0, Confidence.MEDIUM, KEYS[:3])], TODAY, enemy_keys=KEYS)
    assert v.culture_risk == pytest.approx(15)
    assert v.band.label == "Walk away"
    assert v.band.decided_by is BandRule.DOMINANT


def test_no_assessment_gives_no_verdict() -> None:
    v = verdict([], TODAY)
    assert v.culture_risk is None
    assert v.band is None
    assert v.strength is None
    assert v.reasons == ()


def test_execution_is_weighted_over_the_assessments_that_rated_it() -> None:
    a = obs(0, Confidence.HIGH, [], execution={"clear_owner": 4})  # 100 %, w 1.5
    b = obs(0, Confidence.LOW, [], execution={"clear_owner": 1})  # 0 %, w 0.5
    c = obs(0, Confidence.HIGH, [])  # did not rate it
    assert verdict([a, b, c], TODAY).execution == {"clear_owner": pytest.approx(75)}


def test_strength_of_evidence() -> None:
    assert strength_of(0.5) is Confidence.LOW
    assert strength_of(1.0) is Confidence.MEDIUM
    assert strength_of(2.0) is Confidence.HIGH


def test_trend_compares_with_the_risk_before_the_latest_assessment() -> None:
    older = obs(30, Confidence.MEDIUM, KEYS[:2])  # 10
    newer = obs(0, Confidence.MEDIUM, KEYS[:10])  # 50
    t = trend([newer, older], TODAY)
    assert t.arrow == "↑"
    now = verdict([older, newer], TODAY).culture_risk
    assert t.delta == round(now) - 10  # in whole points, as the risk beside it is printed
    assert trend([older], TODAY).delta is None
    assert trend([older, obs(0, Confidence.MEDIUM, KEYS[:2])], TODAY).arrow == "="


observations = st.builds(
    Observation,
    observed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 6, 1)),
    confidence=st.sampled_from(list(Confidence)),
    ticked=st.frozensets(st.sampled_from(KEYS), max_size=20),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(observations, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_risk_and_prevalence_stay_in_0_100_and_ignore_order(obs_list, rnd: random.Random) -> None:
    v = verdict(obs_list, TODAY, enemy_keys=KEYS)
    assert v.culture_risk is not None
    assert 0 <= v.culture_risk <= 100
    assert all(0 <= p <= 100 for p in v.prevalence.values())
    shuffled = list(obs_list)
    rnd.shuffle(shuffled)
    w = verdict(shuffled, TODAY, enemy_keys=KEYS)
    assert w.culture_risk == v.culture_risk
    assert w.prevalence == v.prevalence
    assert w.band == v.band


@settings(max_examples=150, deadline=None)
@given(observations, st.integers(min_value=0, max_value=2000), st.integers(0, 2000))
def test_weights_fall_with_age_and_rise_with_confidence(o: Observation, d1: int, d2: int) -> None:
    younger, older = sorted((d1, d2))
    day = o.observed_on
    assert weight(o, day + timedelta(days=older)) <= weight(o, day + timedelta(days=younger))
    ranks = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
    ws = [weight(Observation(day, c, o.ticked), day + timedelta(days=younger)) for c in ranks]
    assert ws == sorted(ws)
    assert ws[0] > 0


@settings(max_examples=100, deadline=None)
@given(st.lists(observations, min_size=1, max_size=6))
def test_a_more_confident_riskier_assessment_never_lowers_the_risk(base) -> None:
    """Raising the weight of an assessment above the mean moves the mean towards it."""
    risky = Observation(TODAY, Confidence.LOW, frozenset(KEYS))  # risk 100
    low = verdict([*base, risky], TODAY).culture_risk
    high = verdict([*base, Observation(TODAY, Confidence.HIGH, frozenset(KEYS))], TODAY)
    assert high.culture_risk >= low - 1e-9
