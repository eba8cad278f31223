"""Hypothesis properties of the scoring and the suppression rules."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from survey_app.scoring import (
    HiddenReason,
    category_scores,
    culture_risk_index,
    from_answers,
    importance_performance,
    reveals_small_group,
    score_enemies,
    score_practice,
    suppress,
    teamwork_index,
)

execution_answers = st.lists(st.integers(1, 4), max_size=40)
importance_answers = st.lists(st.integers(1, 10), max_size=40)
practice = st.tuples(execution_answers, importance_answers).map(
    lambda t: (from_answers(t[0]), from_answers(t[1]))
)


def _in_range(value: float | None, lo: float = 0, hi: float = 100) -> bool:
    return value is None or lo <= value <= hi


@given(st.lists(practice, min_size=1, max_size=9))
def test_every_percentage_stays_in_0_100(items) -> None:
    scores = [score_practice(f"p{i}", e, m, f"c{i % 3}") for i, (e, m) in enumerate(items)]
    for s in scores:
        assert _in_range(s.execution_pct)
        assert _in_range(s.importance_pct)
        assert _in_range(s.top_box_pct)
        assert _in_range(s.gap, -100, 100)
    assert _in_range(teamwork_index(scores))
    for c in category_scores(scores):
        assert _in_range(c.execution_pct)
        assert _in_range(c.importance_pct)
        assert _in_range(c.gap, -100, 100)
    ipa = importance_performance(scores)
    assert _in_range(ipa.execution_crosshair)
    assert _in_range(ipa.importance_crosshair)


@given(st.integers(0, 30), st.data())
def test_enemy_percentages_stay_in_0_100(raters: int, data) -> None:
    keys = [f"e{i}" for i in range(20)]
    ticks = {k: data.draw(st.integers(0, raters)) for k in keys}
    result = score_enemies(ticks, raters, keys)
    assert _in_range(result.culture_risk_index)
    assert all(_in_range(p.prevalence_pct) for p in result.prevalences)


@given(
    st.lists(st.integers(1, 4), max_size=30).flatmap(
        lambda xs: st.tuples(st.just(xs), st.permutations(xs))
    ),
    st.lists(st.integers(1, 10), max_size=30).flatmap(
        lambda xs: st.tuples(st.just(xs), st.permutations(xs))
    ),
)
def test_order_of_responses_never_matters(execution, importance) -> None:
    (exe, exe_shuffled), (imp, imp_shuffled) = execution, importance
    assert score_practice("k", from_answers(exe), from_answers(imp)) == score_practice(
        "k", from_answers(exe_shuffled), from_answers(imp_shuffled)
    )


def _balanced(lo: int, hi: int):
    """Answers whose mean is the integer m: m itself plus pairs m + d, m - d."""

    def build(m: int, ds: list[int]) -> tuple[int, list[int]]:
        answers = [m]
        for d in ds:
            if lo <= m - d and m + d <= hi:
                answers += [m + d, m - d]
        return m, answers

    return st.builds(build, st.integers(lo, hi), st.lists(st.integers(0, hi - lo), max_size=15))


@given(_balanced(1, 4), _balanced(1, 10))
def test_adding_a_response_at_the_mean_keeps_the_means(execution, importance) -> None:
    (m_exe, exe), (m_imp, imp) = execution, importance
    before = score_practice("k", from_answers(exe), from_answers(imp))
    after = score_practice("k", from_answers([*exe, m_exe]), from_answers([*imp, m_imp]))
    assert before.mean_execution == after.mean_execution == m_exe
    assert before.mean_importance == after.mean_importance == m_imp
    assert before.execution_pct == after.execution_pct
    assert before.importance_pct == after.importance_pct
    assert before.gap == after.gap


@given(st.lists(st.sets(st.integers(0, 19)), min_size=1, max_size=50))
def test_culture_risk_is_the_mean_per_rater_share(raters: list[set[int]]) -> None:
    per_rater = [Fraction(len(ticked), 20) * 100 for ticked in raters]
    expected = sum(per_rater, Fraction(0)) / len(raters)
    total = sum(len(ticked) for ticked in raters)
    assert culture_risk_index(total, len(raters)) == float(expected)
    # And through the per-enemy counts the database delivers.
    keys = [f"e{i}" for i in range(20)]
    ticks = {f"e{i}": sum(i in t for t in raters) for i in range(20)}
    assert score_enemies(ticks, len(raters), keys).culture_risk_index == float(expected)


breakdowns = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 25))


@given(breakdowns, st.integers(3, 10), st.booleans())
def test_suppression_never_reveals_a_small_group(cells, k, total_shown) -> None:
    result = suppress(cells, k, total_shown)
    assert all(cells[key] >= k for key in result.visible)
    hidden_sum = sum(cells.values()) - sum(cells[key] for key in result.visible)
    assert result.total_visible == (sum(cells.values()) >= k)
    # The total is shown only if it is allowed (a campaign under k is hidden whole).
    shows_total = total_shown and result.total_visible
    if shows_total:
        assert hidden_sum == 0 or hidden_sum >= k
    assert not reveals_small_group(cells, result.visible, k, shows_total)
    # Primary suppression is exactly the cells under k; complementary only when needed.
    for c in result.cells:
        assert (c.reason is None) == c.visible
        assert (c.n < k) == (c.reason is HiddenReason.SMALL_GROUP)
    primary_sum = sum(n for n in cells.values() if n < k)
    if not shows_total or primary_sum == 0 or primary_sum >= k:
        assert result.visible == {key for key, n in cells.items() if n >= k}
