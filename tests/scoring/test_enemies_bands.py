"""Enemy prevalence, the Culture Risk Index and the bands."""

from __future__ import annotations

import pytest

from survey_app.scoring import (
    Audience,
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
        (19.99, "Healthy", "Pursue"),
        (20, "At risk", "Pursue with caution"),
        (39.99, "At risk", "Pursue with caution"),
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
    assert band(24.9, Audience.PROSPECT, thresholds).label == "Pursue with caution"
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
