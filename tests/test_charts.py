"""Chart builders: each returns a Figure whose traces carry exactly the scored numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass

import plotly.graph_objects as go
import pytest

from survey_app.bidi import isolate
from survey_app.charts import (
    WavePoint,
    category_chart,
    compare_enemies_chart,
    compare_practices_chart,
    enemies_chart,
    execution_distribution_chart,
    ipa_chart,
    team_enemy_heatmap,
    team_practice_heatmap,
    trend_headline_chart,
    trend_practices_chart,
)
from survey_app.charts.ipa import axis_range
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.results.campaign import GroupScores
from survey_app.scoring import CrosshairMode, score_enemies, score_scorecard

SCORECARD_DEF = latest_versions()[SCORECARD]
ENEMIES_DEF = latest_versions()[ENEMIES]
PRACTICES = [i.key for i in SCORECARD_DEF.items_of_type("practice")]
ENEMY_KEYS = [i.key for i in ENEMIES_DEF.items_of_type("enemy")]


def _execution(n: int) -> dict[str, dict[int, int]]:
    """Different execution answers per practice: practice i gets answers spread by i."""
    return {k: {1 + i % 4: 3, 4 - i % 3: 2} for i, k in enumerate(PRACTICES[:n])}


def _importance(n: int) -> dict[str, dict[int, int]]:
    return {k: {10 - i: 4, 3 + i % 5: 1} for i, k in enumerate(PRACTICES[:n])}


def _card(mode: CrosshairMode = CrosshairMode.MEAN):
    return score_scorecard(SCORECARD_DEF, _execution(9), _importance(9), mode)


def _enemies():
    ticks = {k: i % 4 for i, k in enumerate(ENEMY_KEYS)}
    return score_enemies(ticks, 5, ENEMY_KEYS)


@dataclass
class Team:
    label: str
    scores: GroupScores | None
    hidden_reason: str | None


def _teams() -> list[Team]:
    visible = GroupScores(5, _card(), _enemies(), _execution(9))
    return [
        Team("North", visible, None),
        Team("South", None, "hidden to protect another group"),
        Team("West", None, "fewer than 5 responses"),
    ]


def _points(fig: go.Figure) -> dict[str, tuple[float, float]]:
    found = {}
    for trace in fig.data:
        for x, y, custom in zip(trace.x, trace.y, trace.customdata, strict=True):
            found[custom[0]] = (x, y)
    return found


def test_ipa_points_are_the_practices_percentages() -> None:
    card = _card()
    fig = ipa_chart(card, SCORECARD_DEF)
    assert isinstance(fig, go.Figure)
    texts = {i.key: i.text for i in SCORECARD_DEF.items}
    expected = {texts[p.key]: (p.execution_pct, p.importance_pct) for p in card.practices}
    found = _points(fig)
    assert found.keys() == expected.keys()
    for key, (x, y) in expected.items():
        assert found[key] == (pytest.approx(x), pytest.approx(y))
    # One trace per quadrant, named after it; the quadrant names sit in their quadrants.
    for trace in fig.data:
        assert all(c[1] == trace.name for c in trace.customdata)
    notes = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == "quadrant"]
    for name in ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"):
        assert name in notes
    assert fig.layout.title.text == "Importance vs execution"


def test_ipa_crosshairs_follow_the_mode() -> None:
    card = _card()
    lines = ipa_chart(card, SCORECARD_DEF).layout.shapes
    assert lines[0].x0 == pytest.approx(card.ipa.execution_crosshair)
    assert lines[1].y0 == pytest.approx(card.ipa.importance_crosshair)
    assert all(line.line.dash == "dash" for line in lines)
    fixed = ipa_chart(_card(CrosshairMode.FIXED), SCORECARD_DEF).layout.shapes
    assert (fixed[0].x0, fixed[1].y0) == (50, 50)


def test_ipa_axes_zoom_but_keep_the_crosshair_and_stay_in_range() -> None:
    assert axis_range([41.0, 62.0], 50.0) == (30.0, 70.0)
    lo, hi = axis_range([2.0, 99.0], 50.0)
    assert lo <= 2
    assert hi >= 99
    assert axis_range([80.0, 85.0], 50.0)[0] <= 50


def test_distribution_diverges_around_zero() -> None:
    execution = {PRACTICES[0]: {1: 1, 2: 1, 3: 1, 4: 1}, PRACTICES[1]: {4: 2}}
    fig = execution_distribution_chart(execution, SCORECARD_DEF)
    by_answer = {trace.legendrank: trace for trace in fig.data}
    assert sorted(by_answer) == [1, 2, 3, 4]
    assert by_answer[1].name == "1 · Agree, but we never do this"
    assert by_answer[4].name == "4 · We do this consistently"
    first = -1  # the first practice is drawn at the top, i.e. last on the category axis
    assert by_answer[1].x[first] == pytest.approx(-25)
    assert by_answer[2].x[first] == pytest.approx(-25)
    assert by_answer[3].x[first] == pytest.approx(25)
    assert by_answer[4].x[-2] == pytest.approx(100)  # second practice: all "consistently"
    assert fig.layout.barmode == "relative"


def test_category_chart_shows_execution_and_importance() -> None:
    card = _card()
    fig = category_chart(card.categories, SCORECARD_DEF)
    execution, importance = fig.data
    assert list(execution.y) == pytest.approx([c.execution_pct for c in card.categories])
    assert list(importance.y) == pytest.approx([c.importance_pct for c in card.categories])
    assert len(execution.x) == len(SCORECARD_DEF.categories)


def test_enemies_chart_is_sorted_with_the_one_third_line() -> None:
    result = _enemies()
    fig = enemies_chart(result, ENEMIES_DEF)
    bars = fig.data[0]
    assert list(bars.x) == sorted(bars.x)  # most prevalent at the top (last)
    assert fig.layout.shapes[0].x0 == pytest.approx(100 / 3)
    flagged = {e.key for e in result.prevalences if e.above_one_third}
    texts = {i.key: i.text for i in ENEMIES_DEF.items}
    red = {y for y, color in zip(bars.y, bars.marker.color, strict=True) if color == "#c0392b"}
    assert red == {texts[k] for k in flagged}


def test_heatmap_has_no_numbers_in_hidden_columns() -> None:
    for fig in (
        team_practice_heatmap(_teams(), SCORECARD_DEF),
        team_enemy_heatmap(_teams(), ENEMIES_DEF),
    ):
        heat = fig.data[0]
        for row, text in zip(heat.z, heat.text, strict=True):
            assert row[0] is not None
            assert row[1] is None
            assert row[2] is None
            assert text[1] == ""
            assert text[2] == ""
        assert "n = 5" in heat.x[0]
        assert "n =" not in heat.x[1]
        assert "n =" not in heat.x[2]
        hidden = [a for a in fig.layout.annotations if a.name == "hidden"]
        reasons = [a.text.replace("<br>", " ") for a in hidden]
        assert reasons == ["hidden to protect another group", "fewer than 5 responses"]
        assert all(a.textangle == 0 for a in hidden)  # level, never sideways
        assert len([s for s in fig.layout.shapes if s.name == "hidden"]) == 2  # grey columns


def test_practice_heatmap_values_are_execution_percentages() -> None:
    fig = team_practice_heatmap(_teams(), SCORECARD_DEF)
    heat = fig.data[0]
    expected = [p.execution_pct for p in reversed(_card().practices)]
    assert [row[0] for row in heat.z] == pytest.approx(expected)


def _wave(n: int, shift: float) -> WavePoint:
    return WavePoint(
        campaign_id=n,
        label=f"Wave {n}",
        when="May 2026",
        n=10,
        teamwork_index=40 + shift,
        culture_risk=30 - shift,
        practices={k: 20 + shift + i for i, k in enumerate(PRACTICES)},
        enemies={k: 10 + shift for k in ENEMY_KEYS},
    )


def test_trend_charts_follow_the_waves() -> None:
    waves = [_wave(1, 0), _wave(2, 5), _wave(3, 10)]
    headline = trend_headline_chart(waves)
    index, risk = headline.data
    assert list(index.y) == [40, 45, 50]
    assert list(risk.y) == [30, 25, 20]
    practices = trend_practices_chart(waves, SCORECARD_DEF)
    assert len(practices.data) == len(PRACTICES)
    assert list(practices.data[0].y) == [20, 25, 30]


def test_comparison_charts_put_both_waves_side_by_side() -> None:
    a, b = _wave(1, 0), _wave(2, 5)
    fig = compare_practices_chart(a, b, SCORECARD_DEF)
    dots = [t for t in fig.data if t.mode == "markers"]
    assert [t.name for t in dots] == [isolate("Wave 1"), isolate("Wave 2")]  # names people typed
    assert dots[1].x[-1] - dots[0].x[-1] == pytest.approx(5)
    enemies = compare_enemies_chart(a, b, ENEMIES_DEF)
    assert len([t for t in enemies.data if t.mode == "markers"][0].x) == len(ENEMY_KEYS)


@pytest.mark.slow
def test_a_builder_exports_to_svg_for_the_pdf() -> None:
    svg = ipa_chart(_card(), SCORECARD_DEF).to_image(format="svg", width=800, height=520)
    assert b"<svg" in svg[:400]
    assert b"Concentrate here" in svg


def test_user_entered_names_cannot_inject_plotly_markup():
    from survey_app.charts.heatmap import team_practice_heatmap
    from survey_app.charts.trends import WavePoint, trend_headline_chart

    class Hidden:
        team_key = 1
        label = '<a href="//e.x">Sales</a>'  # short enough to be shown whole
        scores = None
        hidden_reason = "fewer than 5 responses"
        visible = False

    fig = str(json.loads(team_practice_heatmap([Hidden()], None).to_json()))
    assert '<a href="//e.x">' not in fig
    assert "&gt;Sales&lt;/a&gt;" in fig
    wave = WavePoint(1, "<b>Spring</b> wave", "May 2026", 12, 50.0, 20.0)
    trend = str(json.loads(trend_headline_chart([wave, wave]).to_json()))
    assert "<b>Spring</b>" not in trend
    assert "&lt;b&gt;Spring" in trend


def test_a_hidden_columns_reason_breaks_between_words_only():
    from survey_app.charts.heatmap import _wrapped

    # German: "ausgeblendet," is longer than a line; cut, its comma began the next one.
    reason = "ausgeblendet, um eine andere Gruppe zu schützen"
    lines = _wrapped(reason).split("<br>")
    assert lines[0] == "ausgeblendet,"
    assert " ".join(lines) == reason
    assert all(len(line) <= 12 for line in lines[1:])
