"""One practice, worked by hand."""

from __future__ import annotations

import pytest

from survey_app.scoring import score_practice


def test_worked_example() -> None:
    # Execution answers 1, 2, 4, 4: n = 4, sum = 11, mean = 2.75.
    # Execution % = (2.75 - 1) / 3 x 100 = 58.33...; top-box = 2 / 4 = 50 %.
    # Deviations -1.75, -0.75, 1.25, 1.25; squares 3.0625 + 0.5625 + 1.5625 + 1.5625 = 6.75;
    # sample variance 6.75 / 3 = 2.25; spread = 1.5 >= 1.0, so flagged.
    # Importance 7, 7, 10, 10: mean 8.5; Importance % = 7.5 / 9 x 100 = 83.33...
    # Gap = 83.33... - 58.33... = 25 points.
    s = score_practice("clear_owner", {1: 1, 2: 1, 4: 2}, {7: 2, 10: 2}, "account_management")
    assert s.n == 4
    assert s.n_importance == 4
    assert s.mean_execution == 2.75
    assert s.execution_pct == pytest.approx(175 / 3)
    assert s.top_box_pct == 50.0
    assert s.mean_importance == 8.5
    assert s.importance_pct == pytest.approx(250 / 3)
    assert s.gap == pytest.approx(25.0)
    assert s.spread == 1.5
    assert s.disagreement is True
    assert s.category_key == "account_management"
    assert s.scored


def test_all_identical_answers_have_zero_spread() -> None:
    # Three people answer 3 ("We often do this"): mean 3, Execution % = 2 / 3 x 100 = 66.67,
    # spread 0. Importance 5, 5, 5: (5 - 1) / 9 x 100 = 44.44. Gap = 44.44 - 66.67 = -22.22.
    s = score_practice("k", {3: 3}, {5: 3})
    assert s.spread == 0.0
    assert s.disagreement is False
    assert s.top_box_pct == 0.0
    assert s.gap == pytest.approx(400 / 9 - 200 / 3)


def test_one_respondent_has_no_spread() -> None:
    # One answer 4: Execution % = 3 / 3 x 100 = 100, top-box 100 %, spread undefined (n - 1 = 0).
    s = score_practice("k", {4: 1}, {10: 1})
    assert (s.n, s.execution_pct, s.top_box_pct, s.importance_pct) == (1, 100.0, 100.0, 100.0)
    assert s.spread is None
    assert s.disagreement is False
    assert s.gap == 0.0


def test_zero_responses() -> None:
    s = score_practice("k", {}, {})
    assert s.n == 0
    assert not s.scored
    assert s.execution_pct is None
    assert s.top_box_pct is None
    assert s.importance_pct is None
    assert s.gap is None
    assert s.spread is None
    assert s.disagreement is False


def test_zero_counts_are_ignored() -> None:
    assert score_practice("k", {1: 0, 2: 2}, {3: 2, 9: 0}) == score_practice("k", {2: 2}, {3: 2})


def test_spread_exactly_one_is_flagged() -> None:
    # Answers 1, 2, 3: mean 2, squares 1 + 0 + 1 = 2, variance 2 / 2 = 1, spread 1.0: flagged.
    s = score_practice("k", {1: 1, 2: 1, 3: 1}, {5: 3})
    assert s.spread == 1.0
    assert s.disagreement is True
    # Answers 2, 3: mean 2.5, squares 0.25 + 0.25 = 0.5, variance 0.5, spread 0.707: not flagged.
    assert score_practice("k", {2: 1, 3: 1}, {5: 2}).disagreement is False


@pytest.mark.parametrize(
    ("execution", "importance"),
    [({0: 1}, {}), ({5: 1}, {}), ({}, {0: 1}), ({}, {11: 1}), ({1: -1}, {}), ({True: 1}, {})],
)
def test_values_outside_the_scales_are_rejected(execution, importance) -> None:
    with pytest.raises(ValueError, match="k"):
        score_practice("k", execution, importance)
