"""Enemy prevalence, the Culture Risk Index and the bands."""

from __future__ import annotations

import pytest

from survey_app.scoring import (
    Audience,
    BandRule,
    BandThresholds,
    RiskLevel,
    band,
    culture_risk_index,
    enemy_prevalence,
    risk_level,
    score_enemies,
)


def test_worked_example() -> None:
    # 3 raters, 4 enemies; a ticked by 2, b by 1. Prevalence: a 66.7 %, b 33.3 %, c and d 0 %.
    # Culture Risk = 3 ticks / (3 raters x 4 enemies) x 100 = 25.
    result = score_enemies({"a": 2, "b": 1}, 3, ["d", "c", "b", "a"])
    assert [p.key for p in result.prevalences] == ["a", "b", "d", "c"]
    assert result.prevalences[0].prevalence_pct == pytest.approx(200 / 3)
    assert result.culture_risk_index == 25.0
    # Exactly 1/3 is not "above 1/3".
    flags = {p.key: p.above_one_third for p in result.prevalences}
    assert flags == {"a": True, "b": False, "c": False, "d": False}


def test_nobody_rated() -> None:
    result = score_enemies({}, 0, ["a", "b"])
    assert result.culture_risk_index is None
    assert all(p.prevalence_pct is None and not p.above_one_third for p in result.prevalences)
    assert band(result.culture_risk_index) is None


def test_bad_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="between 0 and raters"):
        enemy_prevalence("a", 4, 3)
    with pytest.raises(ValueError, match="unknown enemies: z"):
        score_enemies({"z": 1}, 1, ["a"])
    with pytest.raises(ValueError, match="total_ticks"):
        culture_risk_index(41, 2)


def test_culture_risk_equals_the_mean_per_rater_share() -> None:
    # Rater 1 ticks 2 of 20 (10 %), rater 2 ticks 6 (30 %): mean 20 %.
    # Pooled: 8 / (2 x 20) x 100 = 20.
    assert culture_risk_index(8, 2) == (10 + 30) / 2


@pytest.mark.parametrize(
    ("score", "own", "prospect"),
    [
        (0, "Healthy", "Pursue"),
        (19.49, "Healthy", "Pursue"),
        (19.5, "At risk", "Pursue with caution"),  # shown as 20: never "Culture Risk 20, Healthy"
        (20, "At risk", "Pursue with caution"),
        (39.49, "At risk", "Pursue with caution"),
        (39.99, "Toxic", "Walk away"),  # shown as 40
        (40, "Toxic", "Walk away"),
        (100, "Toxic", "Walk away"),
    ],
)
def test_default_bands(score: float, own: str, prospect: str) -> None:
    assert band(score).label == own
    assert band(score, Audience.PROSPECT).label == prospect


def test_bands_at_exact_culture_risk_boundaries() -> None:
    # 5 raters x 20 enemies = 100 possible ticks: 20 ticks is exactly 20, 40 ticks exactly 40.
    assert risk_level(culture_risk_index(19, 5)) is RiskLevel.HEALTHY
    assert risk_level(culture_risk_index(20, 5)) is RiskLevel.AT_RISK
    assert risk_level(culture_risk_index(40, 5)) is RiskLevel.TOXIC
    # 3 raters x 20 = 60 ticks possible; 12 ticks = 20 %, 24 ticks = 40 %.
    assert culture_risk_index(12, 3) == 20.0
    assert risk_level(culture_risk_index(24, 3)) is RiskLevel.TOXIC


def test_custom_thresholds() -> None:
    thresholds = BandThresholds(at_risk=10, toxic=25)
    assert band(10, thresholds=thresholds).level is RiskLevel.AT_RISK
    assert band(24.4, Audience.PROSPECT, thresholds).label == "Pursue with caution"
    assert band(25, thresholds=thresholds).level is RiskLevel.TOXIC
    assert BandThresholds(at_risk=99, toxic=100).toxic == 100


@pytest.mark.parametrize(
    ("at_risk", "toxic"), [(0, 40), (20, 20), (40, 20), (20, 101), (-5, 10), (True, 40)]
)
def test_invalid_thresholds(at_risk: float, toxic: float) -> None:
    with pytest.raises(ValueError, match="must"):
        BandThresholds(at_risk=at_risk, toxic=toxic)


def test_scores_outside_0_100_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"0\.\.100"):
        risk_level(100.5)


def _prevalence(*shares: float) -> list[tuple[str, float]]:
    return [(f"Enemy {n}", share) for n, share in enumerate(shares, start=1)]


def test_one_enemy_seen_by_half_makes_it_at_risk_whatever_the_index() -> None:
    # The reported defect: "Culture Risk 18, Healthy" beside "Misaligned goals, seen by 58%".
    result = band(18, prevalence=[("Misaligned goals", 58.3), ("No trust", 20)])
    assert result.level is RiskLevel.AT_RISK
    assert result.decided_by is BandRule.WIDESPREAD
    assert result.because == "Misaligned goals (58%) is seen by half of the raters or more"


def test_three_widespread_enemies_or_one_at_three_quarters_make_it_toxic() -> None:
    many = band(10, Audience.PROSPECT, prevalence=_prevalence(100, 100, 100, 0))
    assert many.label == "Walk away"
    assert many.decided_by is BandRule.DOMINANT  # the strongest rule that applies is stated
    assert [r.rule for r in many.reasons] == [BandRule.DOMINANT]
    three = band(10, prevalence=_prevalence(60, 55, 50, 49.4))
    assert three.level is RiskLevel.TOXIC
    assert three.decided_by is BandRule.MANY_WIDESPREAD
    assert "3 enemies are seen by half of the raters or more" in three.because
    one = band(10, prevalence=_prevalence(75, 10))
    assert one.level is RiskLevel.TOXIC
    assert one.decided_by is BandRule.DOMINANT
    assert band(10, prevalence=_prevalence(74.4, 60)).level is RiskLevel.AT_RISK


def test_prevalence_is_read_as_shown() -> None:
    # 49.6% prints as "50%": the band must count it as half, and 49.4% ("49%") must not.
    assert band(5, prevalence=_prevalence(49.6)).level is RiskLevel.AT_RISK
    assert band(5, prevalence=_prevalence(49.4)).level is RiskLevel.HEALTHY


def test_the_index_decides_when_it_is_worse() -> None:
    result = band(45, prevalence=_prevalence(60))
    assert result.level is RiskLevel.TOXIC
    assert result.decided_by is BandRule.CULTURE_RISK
    assert result.because == "the Culture Risk of 45 is 40 or more"
    both = band(25, prevalence=_prevalence(60))
    assert [r.rule for r in both.reasons] == [BandRule.WIDESPREAD, BandRule.CULTURE_RISK]


def test_a_healthy_band_says_both_readings() -> None:
    result = band(12, prevalence=_prevalence(40, 10))
    assert result.level is RiskLevel.HEALTHY
    assert result.because == (
        "the Culture Risk of 12 is below 20; no enemy is seen by half of the raters or more"
    )


def test_prevalence_thresholds_are_configurable_and_checked() -> None:
    strict = BandThresholds(widespread=30, dominant=60, widespread_count=2)
    assert band(5, thresholds=strict, prevalence=_prevalence(30)).level is RiskLevel.AT_RISK
    assert band(5, thresholds=strict, prevalence=_prevalence(30, 31)).level is RiskLevel.TOXIC
    with pytest.raises(ValueError, match="widespread < dominant"):
        BandThresholds(widespread=80, dominant=75)
    with pytest.raises(ValueError, match="widespread_count"):
        BandThresholds(widespread_count=1)


def test_a_reason_names_three_enemies_and_counts_the_rest() -> None:
    result = band(40, prevalence=_prevalence(100, 90, 80, 80, 76))
    assert result.because.startswith(
        "Enemy 1 (100%), Enemy 2 (90%), Enemy 3 (80%) and 2 more are seen by three quarters"
    )


def test_the_rule_in_short_is_for_a_badge() -> None:
    assert (
        band(10, prevalence=_prevalence(80)).rule_in_short
        == "an enemy seen by three quarters or more"
    )
    assert (
        band(10, prevalence=_prevalence(60, 55, 50)).rule_in_short
        == "3 enemies seen by half or more"
    )
    assert band(25, prevalence=_prevalence(10)).rule_in_short == "Culture Risk 20 or more, below 40"
    assert band(5, prevalence=_prevalence(10)).rule_in_short == (
        "Culture Risk below 20, no enemy seen by half or more"
    )
