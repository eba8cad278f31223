"""A change is the difference of the two numbers as printed, never of the hidden decimals: every
page, report, deck and prospect trend shows "68% → 52% (−16)", not (−15) from 67.5 and 52.5."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survey_app.prospects.verdict import Trend
from survey_app.scoring import change

scores = st.floats(min_value=0, max_value=100, allow_nan=False)


def test_the_change_of_two_halves_is_that_of_the_rounded_figures() -> None:
    assert change(67.5, 52.5) == -16  # printed 68% and 52%
    assert change(52.5, 67.5) == 16
    assert change(50.25, 54.75, 1) == 4.6  # printed 50.2 and 54.8
    assert change(None, 3) is None
    assert change(3, None) is None


@given(scores, scores)
def test_a_change_is_always_the_printed_after_minus_the_printed_before(a: float, b: float) -> None:
    assert change(a, b) == int(f"{b:.0f}") - int(f"{a:.0f}")
    assert f"{change(a, b, 1):.1f}" == f"{float(f'{b:.1f}') - float(f'{a:.1f}'):.1f}"


def test_a_prospects_trend_under_half_a_point_shows_no_arrow() -> None:
    # 40.3 -> 40.6 prints 40 and 41: up by one; 40.2 -> 40.4 prints 40 and 40: unchanged.
    assert Trend(change(40.3, 40.6)).arrow == "↑"
    assert Trend(change(40.2, 40.4)).arrow == "="
