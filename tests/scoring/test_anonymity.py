"""Minimum group size and complementary suppression, worked by hand (k = 5 unless stated)."""

from __future__ import annotations

import pytest

from survey_app.scoring import (
    HiddenReason,
    aggregate_visible,
    reveals_small_group,
    suppress,
    validate_k,
    visible_cells,
)

SMALL, COMPLEMENTARY = HiddenReason.SMALL_GROUP, HiddenReason.COMPLEMENTARY


def reasons(cells: dict[str, int], k: int = 5, total_shown: bool = True) -> dict:
    return {c.key: c.reason for c in suppress(cells, k, total_shown).cells}


def test_nothing_small_nothing_hidden() -> None:
    assert visible_cells({"a": 5, "b": 12}, 5) == {"a", "b"}


def test_one_small_cell_hides_the_next_smallest() -> None:
    # a (1) is hidden; total 17 - b 6 - c 10 would reveal a, so b is hidden too: 7 hidden.
    assert reasons({"a": 1, "b": 6, "c": 10}) == {"a": SMALL, "b": COMPLEMENTARY, "c": None}


def test_an_empty_cell_reveals_nothing() -> None:
    # a has no responses: hidden, but total - visible = 0 isolates nobody.
    assert reasons({"a": 0, "b": 6, "c": 10}) == {"a": SMALL, "b": None, "c": None}


def test_hidden_cells_summing_below_k_hide_more() -> None:
    # a + b = 4 < 5, so the smallest visible cell (c, 7) goes too: 11 hidden, d shown.
    assert reasons({"a": 2, "b": 2, "c": 7, "d": 9}) == {
        "a": SMALL,
        "b": SMALL,
        "c": COMPLEMENTARY,
        "d": None,
    }


def test_hidden_cells_summing_to_k_are_enough() -> None:
    # a + b = 7 >= 5: total - c reveals only a group of 7.
    assert reasons({"a": 3, "b": 4, "c": 8}) == {"a": SMALL, "b": SMALL, "c": None}


def test_everything_hidden_when_needed() -> None:
    # a (3) hidden; hiding b (5) leaves nothing visible; the total of 8 may still be shown.
    result = suppress({"a": 3, "b": 5}, 5)
    assert result.visible == frozenset()
    assert result.total_visible is True
    assert result.decision("b").reason is COMPLEMENTARY


def test_ties_hide_the_first_listed() -> None:
    assert reasons({"a": 1, "b": 6, "c": 6}) == {"a": SMALL, "b": COMPLEMENTARY, "c": None}


def test_small_campaign_hides_everything() -> None:
    result = suppress({"a": 2, "b": 2}, 5)
    assert result.total == 4
    assert result.total_visible is False
    assert result.visible == frozenset()
    assert not aggregate_visible(4, 5)
    assert aggregate_visible(5, 5)


def test_without_a_shown_total_only_small_cells_hide() -> None:
    assert reasons({"a": 1, "b": 6}, total_shown=False) == {"a": SMALL, "b": None}


def test_reason_text() -> None:
    assert SMALL.describe(7) == "fewer than 7 responses"
    assert COMPLEMENTARY.describe(7) == "hidden to protect another group"


@pytest.mark.parametrize("k", [2, 11, 0, True, 5.0])
def test_k_out_of_range(k) -> None:
    with pytest.raises(ValueError, match="3 to 10"):
        validate_k(k)
    with pytest.raises(ValueError, match="3 to 10"):
        suppress({"a": 6}, k)


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        suppress({"a": -1}, 5)


def test_checker_spots_each_kind_of_leak() -> None:
    cells = {"a": 1, "b": 6, "c": 10}
    # Primary suppression alone: total 17 - 16 shown = a's single response.
    assert reveals_small_group(cells, {"b", "c"}, 5, total_shown=True)
    assert not reveals_small_group(cells, {"b", "c"}, 5, total_shown=False)
    # A small cell shown outright.
    assert reveals_small_group(cells, {"a"}, 5, total_shown=False)
    # A small total shown.
    assert reveals_small_group({"a": 2, "b": 2}, set(), 5, total_shown=True)
    assert not reveals_small_group(cells, {"c"}, 5, total_shown=True)
