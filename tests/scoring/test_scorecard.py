"""Across practices: priorities, categories, Teamwork Index and the IPA quadrants."""

from __future__ import annotations

import pytest

from survey_app.instruments import SCORECARD, get_instrument
from survey_app.scoring import (
    CrosshairMode,
    Quadrant,
    category_scores,
    importance_performance,
    priorities,
    quadrant,
    score_practice,
    score_scorecard,
    teamwork_index,
)

# Four corners: Execution % / Importance % of 100/100, 0/100, 0/0, 100/0 (means 50/50).
A = score_practice("a", {4: 3}, {10: 3}, "x")
B = score_practice("b", {1: 3}, {10: 3}, "x")
C = score_practice("c", {1: 3}, {1: 3}, "y")
D = score_practice("d", {4: 3}, {1: 3}, "y")
# Exactly on both mean crosshairs: execution 2, 3 -> mean 2.5 -> 50 %;
# importance 1, 10 -> mean 5.5 -> 4.5 / 9 x 100 = 50 %.
E = score_practice("e", {2: 1, 3: 1}, {1: 1, 10: 1}, "y")


def test_quadrants_of_the_four_corners() -> None:
    result = importance_performance([A, B, C, D])
    assert (result.execution_crosshair, result.importance_crosshair) == (50.0, 50.0)
    assert result.quadrant_of("a") is Quadrant.KEEP_UP_THE_GOOD_WORK
    assert result.quadrant_of("b") is Quadrant.CONCENTRATE_HERE
    assert result.quadrant_of("c") is Quadrant.LOW_PRIORITY
    assert result.quadrant_of("d") is Quadrant.POSSIBLE_OVERKILL
    assert [p.key for p in result.in_quadrant(Quadrant.CONCENTRATE_HERE)] == ["b"]


def test_on_the_crosshair_counts_as_high() -> None:
    # Adding E (50, 50) keeps the means at 50 / 50, and E sits on both lines: high and high.
    assert (
        importance_performance([A, B, C, D, E]).quadrant_of("e") is Quadrant.KEEP_UP_THE_GOOD_WORK
    )
    assert quadrant(50, 49.9, 50, 50) is Quadrant.POSSIBLE_OVERKILL
    assert quadrant(49.9, 50, 50, 50) is Quadrant.CONCENTRATE_HERE


def test_identical_items_sit_on_the_mean_crosshairs() -> None:
    # Execution % = 33.33... is not a round float; the mean of equal values still equals them.
    items = [score_practice(k, {2: 1}, {4: 1}) for k in "pqr"]
    result = importance_performance(items)
    assert {p.quadrant for p in result.points} == {Quadrant.KEEP_UP_THE_GOOD_WORK}


def test_fixed_crosshairs() -> None:
    # With fixed 50/50 lines, one item at (66.67, 44.44) is low importance, high execution.
    item = score_practice("k", {3: 3}, {5: 3})
    result = importance_performance([item], CrosshairMode.FIXED)
    assert (result.execution_crosshair, result.importance_crosshair) == (50.0, 50.0)
    assert result.quadrant_of("k") is Quadrant.POSSIBLE_OVERKILL
    # With mean lines, a single item is its own mean: high and high.
    assert importance_performance([item]).quadrant_of("k") is Quadrant.KEEP_UP_THE_GOOD_WORK


def test_unscored_items_are_left_out_of_the_ipa() -> None:
    empty = score_practice("z", {}, {})
    result = importance_performance([A, empty])
    assert [p.key for p in result.points] == ["a"]
    assert result.quadrant_of("z") is None
    none = importance_performance([empty])
    assert none.points == ()
    assert none.execution_crosshair is None


def test_priorities_rank_by_gap() -> None:
    # Gaps: a 0, b 100, c 0, d -100. Ties (a, c) go to the more important one (a: 100 > c: 0).
    assert [s.key for s in priorities([A, B, C, D, score_practice("z", {}, {})])] == [
        "b",
        "a",
        "c",
        "d",
    ]


def test_category_scores_are_plain_means() -> None:
    # x: a (100, 100, gap 0) and b (0, 100, gap 100) -> 50, 100, 50.
    # y: c (0, 0, 0) and d (100, 0, -100) -> 50, 0, -50. "w" is empty.
    cats = {c.key: c for c in category_scores([A, B, C, D], order=["w", "x", "y"])}
    assert list(cats) == ["w", "x", "y"]
    assert (cats["x"].execution_pct, cats["x"].importance_pct, cats["x"].gap) == (50, 100, 50)
    assert (cats["y"].execution_pct, cats["y"].importance_pct, cats["y"].gap) == (50, 0, -50)
    assert cats["w"].n_items == 0
    assert cats["w"].execution_pct is None


def test_teamwork_index_weights_by_mean_importance() -> None:
    # a: Execution 100 %, importance 10; c: Execution 0 %, importance 1.
    # (10 x 100 + 1 x 0) / (10 + 1) = 90.909...
    assert teamwork_index([A, C]) == pytest.approx(1000 / 11)
    assert teamwork_index([A]) == 100.0
    assert teamwork_index([score_practice("z", {}, {})]) is None
    assert teamwork_index([]) is None


def test_score_scorecard_on_the_real_instrument() -> None:
    instrument = get_instrument(SCORECARD, 1)
    result = score_scorecard(
        instrument,
        execution={"strategy_reviews": {1: 4, 2: 1}, "clear_owner": {4: 5}},
        importance={"strategy_reviews": {10: 5}, "clear_owner": {8: 5}},
    )
    assert [p.key for p in result.practices][:2] == ["recognized_rewarded", "support_people"]
    assert len(result.practices) == 9
    assert [p.key for p in result.priorities] == ["strategy_reviews", "clear_owner"]
    assert result.ipa.quadrant_of("strategy_reviews") is Quadrant.CONCENTRATE_HERE
    assert [c.key for c in result.categories] == [
        "individual",
        "opportunity_management",
        "account_management",
        "industry_marketplace",
    ]
    # strategy_reviews: execution mean 6/5 = 1.2 -> 6.67 %, weight 10; clear_owner: 100 %,
    # weight 8. Index = (10 x 20/3 + 8 x 100) / 18 = 48.15.
    assert result.teamwork_index == pytest.approx((10 * 20 / 3 + 800) / 18)


def test_score_scorecard_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="personal_agendas"):
        score_scorecard(get_instrument(SCORECARD, 1), {"personal_agendas": {1: 1}}, {})
