"""The charts as they print and as they sit on the page: defects seen on the demo's PDFs.

Fast tests read the figure objects; the ``slow`` ones export them through Kaleido (the PDF's
path) and read the SVG: the gradient colour bar, the heatmap's transparent gaps, rotated bar
labels and the quadrant names' real sizes.
"""

from __future__ import annotations

import base64
import io
import re
from itertools import combinations

import plotly.graph_objects as go
import pytest

from survey_app.charts import (
    enemies_chart,
    execution_distribution_chart,
    ipa_chart,
    team_enemy_heatmap,
    team_practice_heatmap,
)
from survey_app.charts.heatmap import EXECUTION_SCALE, KEY_STEPS, color_at
from survey_app.charts.trends import WavePoint, trend_practices_chart
from survey_app.prospects.charts import Series, perception_chart, risk_history_chart
from survey_app.reports.renderer import Chart, get_renderer
from survey_app.scoring import CrosshairMode, Quadrant, score_scorecard
from tests.test_charts import ENEMIES_DEF, PRACTICES, SCORECARD_DEF, _card, _enemies, _teams

QUADRANT_NAMES = {q.value: q for q in Quadrant}
REPORT = (720, 520)  # the report's IPA size in CSS px (reports.content.CHART_WIDTH)


def _heatmaps() -> list[go.Figure]:
    return [
        team_practice_heatmap(_teams(), SCORECARD_DEF),
        team_enemy_heatmap(_teams(), ENEMIES_DEF),
    ]


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


# -- 1. the colour scale: a stepped key of filled shapes, no gradient colour bar --------------


def test_heatmap_colour_scale_is_a_stepped_key_of_filled_shapes() -> None:
    for fig in _heatmaps():
        heat = fig.data[0]
        assert heat.showscale is False  # no colour bar: WeasyPrint printed its gradient empty
        steps = sorted((s for s in fig.layout.shapes if s.name == "key"), key=lambda s: s.x0)
        assert len(steps) == KEY_STEPS
        assert steps[0].x0 == 0
        assert steps[-1].x1 == 1
        for left, right in zip(steps, steps[1:], strict=False):
            assert left.x1 == pytest.approx(right.x0)  # contiguous
        scale = [(t, c) for t, c in heat.colorscale]
        for n, step in enumerate(steps):
            assert step.type == "rect"
            assert re.fullmatch(r"#[0-9a-f]{6}", step.fillcolor)  # solid, opaque
            assert step.fillcolor == color_at(scale, (n + 0.5) / KEY_STEPS)
        assert len({s.fillcolor for s in steps}) == KEY_STEPS
        labels = [a.text for a in fig.layout.annotations if a.name == "key"]
        assert "0%" in labels
        assert "100%" in labels


def test_color_at_follows_the_scale() -> None:
    assert color_at(EXECUTION_SCALE, 0) == "#b03a2e"
    assert color_at(EXECUTION_SCALE, 1) == "#1e8449"
    assert color_at(EXECUTION_SCALE, 0.35) == "#f5b041"


# -- 2. "hidden" in the column headers: plain text, no tick marks -----------------------------


def test_heatmap_headers_are_plain_lines_without_tick_marks() -> None:
    for fig in _heatmaps():
        assert fig.layout.xaxis.ticks == ""
        assert fig.layout.yaxis.ticks == ""
        for label in fig.data[0].x:
            # Only line breaks: WeasyPrint misplaces a styled part (<i>) on a third line.
            assert re.sub(r"<br>", "", label).find("<") == -1, label
        assert fig.data[0].x[2].split("<br>")[-1] == "hidden"


# -- 3. no transparent gaps between the cells (they printed as grey double lines) -------------


def test_heatmap_cells_have_no_gaps_and_white_separators_instead() -> None:
    for fig in _heatmaps():
        heat = fig.data[0]
        # Plotly's image has no transparent rows or columns between the cells.
        assert heat.xgap < 0.1
        assert heat.ygap < 0.1
        rows, columns = len(heat.y), len(heat.x)
        separators = [s for s in fig.layout.shapes if s.name == "separator"]
        assert all(s.line.color == "#ffffff" and s.line.width >= 2 for s in separators)
        assert all(s.layer == "above" for s in separators)
        between_columns = sorted(s.x0 for s in separators if s.x0 == s.x1)
        assert between_columns == [i + 0.5 for i in range(columns - 1)]
        # Only the visible first column is cut into cells; the hidden ones stay grey blocks.
        between_rows = [s for s in separators if s.y0 == s.y1]
        assert sorted(s.y0 for s in between_rows) == [j + 0.5 for j in range(rows - 1)]
        assert all((s.x0, s.x1) == (-0.5, 0.5) for s in between_rows)
        hidden = [s for s in fig.layout.shapes if s.name == "hidden"]
        assert [(s.x0, s.x1) for s in hidden] == [(0.5, 1.5), (1.5, 2.5)]  # full cells


def test_zero_prevalence_cells_are_not_white() -> None:
    heat = team_enemy_heatmap(_teams(), ENEMIES_DEF).data[0]
    assert _rgb(heat.colorscale[0][1]) != (255, 255, 255)
    assert sum(_rgb(heat.colorscale[0][1])) < 3 * 252  # visible on a white page


# -- 4. bar labels stay level and only where they fit ------------------------------------------


def _thin_segments() -> dict[str, dict[int, int]]:
    """8 % and 10 % segments, as in the demo's distribution."""
    return {
        PRACTICES[0]: {1: 2, 2: 13, 3: 9, 4: 1},  # 8 %, 52 %, 36 %, 4 %
        PRACTICES[1]: {1: 1, 2: 1, 3: 4, 4: 4},  # 10 %, 10 %, 40 %, 40 %
        PRACTICES[2]: {2: 2, 3: 15, 4: 8},  # 8 %, 60 %, 32 %
    }


def test_distribution_labels_never_turn_sideways_nor_shrink() -> None:
    fig = execution_distribution_chart(_thin_segments(), SCORECARD_DEF)
    assert fig.layout.uniformtext.mode == "hide"
    for trace in fig.data:
        assert trace.textangle == 0
        assert trace.textposition == "inside"
        assert fig.layout.uniformtext.minsize >= trace.textfont.size
        # No label in a segment narrower than it: at the report's width a share of s % is
        # about 2.7 * s px wide, a label about 0.62 px per font size and character plus 6 px.
        for value, text in zip(trace.x, trace.text, strict=True):
            if text:
                assert 2.7 * abs(value) >= len(text) * 0.62 * trace.textfont.size + 6, text


# -- 5. the IPA chart's quadrant names -----------------------------------------------------------


def _edge_card():
    """Execution high everywhere and crosshairs fixed at 50: the vertical one near the left."""
    execution = {k: {3: 1 + i % 3, 4: 3 + i % 4} for i, k in enumerate(PRACTICES)}
    importance = {k: {9: 3, 4 + i % 5: 2} for i, k in enumerate(PRACTICES)}
    return score_scorecard(SCORECARD_DEF, execution, importance, CrosshairMode.FIXED)


def _corner_card():
    """Every practice crowded into the top right corner."""
    execution = {k: {4: 6 + i, 3: 2} for i, k in enumerate(PRACTICES)}
    importance = {k: {10: 6 + i, 8: 1} for i, k in enumerate(PRACTICES)}
    return score_scorecard(SCORECARD_DEF, execution, importance, CrosshairMode.FIXED)


CARDS = {
    "mean": lambda: _card(),
    "fixed": lambda: _card(CrosshairMode.FIXED),
    "edge": _edge_card,
    "corner": _corner_card,
}

Rect = tuple[float, float, float, float]  # x0, x1, y0, y1 in px, y up


def _name_boxes(fig: go.Figure, width: float, height: float) -> dict[Quadrant, Rect]:
    """The quadrant names' boxes in px on a plot of ``width`` x ``height``, estimated from
    the layout: 0.62 font sizes per bold character, 1.3 font sizes per line."""
    boxes = {}
    for a in fig.layout.annotations:
        if a.name != "quadrant":
            continue
        lines = a.text.split("<br>")
        w = max(len(line) for line in lines) * 0.62 * a.font.size
        h = len(lines) * 1.3 * a.font.size
        x, y = a.x * width + (a.xshift or 0), a.y * height + (a.yshift or 0)
        x0 = x if a.xanchor == "left" else x - w
        y0 = y if a.yanchor == "bottom" else y - h
        boxes[QUADRANT_NAMES[" ".join(lines)]] = (x0, x0 + w, y0, y0 + h)
    return boxes


def _crosshairs(fig: go.Figure, width: float, height: float) -> tuple[float, float]:
    vertical, horizontal = [s for s in fig.layout.shapes if s.name == "crosshair"]
    (x_lo, x_hi), (y_lo, y_hi) = fig.layout.xaxis.range, fig.layout.yaxis.range
    return (
        (vertical.x0 - x_lo) / (x_hi - x_lo) * width,
        (horizontal.y0 - y_lo) / (y_hi - y_lo) * height,
    )


def _overlaps(a: Rect, b: Rect) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[2], b[2])


@pytest.mark.parametrize("case", sorted(CARDS))
@pytest.mark.parametrize("plot", [(630, 400), (520, 400), (430, 400)])  # report, card, tablet
def test_quadrant_names_sit_in_their_quadrants(case: str, plot: tuple[int, int]) -> None:
    fig = ipa_chart(CARDS[case](), SCORECARD_DEF)
    width, height = plot
    boxes = _name_boxes(fig, width, height)
    assert set(boxes) == set(Quadrant)
    cx, cy = _crosshairs(fig, width, height)
    sides = {
        Quadrant.CONCENTRATE_HERE: ((0, cx), (cy, height)),
        Quadrant.KEEP_UP_THE_GOOD_WORK: ((cx, width), (cy, height)),
        Quadrant.LOW_PRIORITY: ((0, cx), (0, cy)),
        Quadrant.POSSIBLE_OVERKILL: ((cx, width), (0, cy)),
    }
    for quad, (x0, x1, y0, y1) in boxes.items():
        (qx0, qx1), (qy0, qy1) = sides[quad]
        # Inside its quadrant: so off both crosshairs, off the other names, inside the plot.
        assert qx0 <= x0 < x1 <= qx1, (quad, (x0, x1), (qx0, qx1))
        assert qy0 <= y0 < y1 <= qy1, (quad, (y0, y1), (qy0, qy1))
    for a, b in combinations(boxes.values(), 2):
        assert not _overlaps(a, b)


@pytest.mark.parametrize("case", sorted(CARDS))
def test_quadrant_names_keep_off_the_points(case: str) -> None:
    fig = ipa_chart(CARDS[case](), SCORECARD_DEF)
    width, height = 630, 400
    (x_lo, x_hi), (y_lo, y_hi) = fig.layout.xaxis.range, fig.layout.yaxis.range
    markers = [
        ((x - x_lo) / (x_hi - x_lo) * width, (y - y_lo) / (y_hi - y_lo) * height)
        for trace in fig.data
        for x, y in zip(trace.x, trace.y, strict=True)
    ]
    for box in _name_boxes(fig, width, height).values():
        for mx, my in markers:
            assert not _overlaps(box, (mx - 7, mx + 7, my - 7, my + 7))


def test_crosshairs_are_drawn_over_the_grid_and_labelled_inside_the_figure() -> None:
    fig = ipa_chart(_card(CrosshairMode.FIXED), SCORECARD_DEF)
    lines = [s for s in fig.layout.shapes if s.name == "crosshair"]
    assert len(lines) == 2
    for line in lines:
        # "between" (over the grid lines) is honoured only for a shape on both axes.
        assert line.layer == "between"
        assert (line.xref, line.yref) == ("x", "y")
    for note in fig.layout.annotations:
        if note.xref == "paper":  # nothing hangs out of the plot into a (phone's) margin
            assert note.x < 1 or note.xanchor == "right", note.text


def test_point_labels_avoid_the_crosshairs() -> None:
    card = _card()
    fig = ipa_chart(card, SCORECARD_DEF)
    cx, cy = card.ipa.execution_crosshair, card.ipa.importance_crosshair
    (x_lo, x_hi), (y_lo, y_hi) = fig.layout.xaxis.range, fig.layout.yaxis.range
    # The label sizes the chart assumes for a ~600 x 400 plot: 0.0105 of the x span per
    # character, 0.045 of the y span per line, 0.017 of a span from the marker.
    xs, ys = x_hi - x_lo, y_hi - y_lo
    char_w, line_h, dx, dy = 0.0105 * xs, 0.045 * ys, 0.017 * xs, 0.017 * ys
    for trace in fig.data:
        for x, y, text, position in zip(
            trace.x, trace.y, trace.text, trace.textposition, strict=True
        ):
            vertical, horizontal = position.split()
            w, middle = len(text) * char_w, vertical == "middle"
            x0 = {
                "center": x - w / 2,
                "right": x + dx if middle else x,
                "left": x - dx - w if middle else x - w,
            }[horizontal]
            y0 = {"top": y + dy, "bottom": y - dy - line_h, "middle": y - line_h / 2}[vertical]
            assert not x0 < cx < x0 + w, (text, position)
            assert not y0 < cy < y0 + line_h, (text, position)


# -- other defects: colours that could not be told apart, legends, clipped ticks ------------------


def test_each_practice_trend_has_a_panel_of_its_own() -> None:
    """Nine lines in one plot crossed and could not be told apart: one titled panel each."""
    waves = [
        WavePoint(n, f"Wave {n}", f"May 202{n}", 10, 50, 20, {k: 10.0 * n for k in PRACTICES})
        for n in (1, 2)
    ]
    figure = trend_practices_chart(waves, SCORECARD_DEF)
    assert len({trace.xaxis for trace in figure.data}) == len(PRACTICES)
    titles = [a.text for a in figure.layout.annotations]
    assert [t.name for t in figure.data] == titles
    assert list(figure.data[0].x) == ["May 2021", "May 2022"]


def test_one_third_line_runs_behind_the_bar_labels() -> None:
    line = enemies_chart(_enemies(), ENEMIES_DEF).layout.shapes[0]
    assert line.layer == "between"
    assert (line.xref, line.yref) == ("x", "y")


def test_prospect_charts_keep_legend_and_last_tick_in_view() -> None:
    from datetime import date

    history = risk_history_chart([(date(2026, 9, 1), 20.0, 20.0), (date(2026, 11, 1), 30, 25)])
    assert history.layout.legend.y < 0  # under the plot: on top it ran into the title
    series = [Series("Observers", {PRACTICES[0]: 100.0}), Series("Employees", {})]
    views = perception_chart(series, SCORECARD_DEF, "practice", "Views", "Execution %")
    assert views.layout.margin.r >= 28  # half of "100%"


# -- through Kaleido: what the PDF gets ----------------------------------------------------------


def _svg(fig: go.Figure, width: int = 720, height: int | None = None) -> str:
    """The SVG the PDF gets: drawn by the reports' own Kaleido renderer."""
    chart = Chart(fig, width, height or int(fig.layout.height))
    return get_renderer().render({"chart": chart}, use_cache=False)["chart"]


@pytest.mark.slow
def test_the_printed_heatmap_has_its_colour_key_and_no_gradient() -> None:
    fig = team_enemy_heatmap(_teams(), ENEMIES_DEF)
    svg = _svg(fig)
    assert "<linearGradient" not in svg
    assert 'class="colorbar' not in svg
    fills = {tuple(map(int, m)) for m in re.findall(r"fill: rgb\((\d+), (\d+), (\d+)\)", svg)}
    for step in (s for s in fig.layout.shapes if s.name == "key"):
        assert _rgb(step.fillcolor) in fills


@pytest.mark.slow
def test_the_printed_heatmap_image_has_no_transparent_gaps() -> None:
    from PIL import Image

    for fig in _heatmaps():
        svg = _svg(fig)
        data = re.search(r'xlink:href="data:image/png;base64,([^"]+)"', svg)
        assert data is not None
        image = Image.open(io.BytesIO(base64.b64decode(data.group(1)))).convert("RGBA")
        width, height = image.size
        alpha = image.getchannel("A")
        assert width > 3 * 50  # drawn at full resolution, not one pixel per cell
        # The first of the three columns is visible: every pixel of it is opaque (a
        # transparent gap is black at zero alpha, and a PDF viewer's smoothing bleeds it).
        column = alpha.crop((0, 0, width // 3 - 3, height))
        assert column.getextrema()[0] >= 250


@pytest.mark.slow
def test_the_printed_distribution_has_no_rotated_or_shrunk_label() -> None:
    fig = execution_distribution_chart(_thin_segments(), SCORECARD_DEF)
    svg = _svg(fig)
    labels = re.findall(r'<text class="bartext[^>]*>', svg)
    assert labels
    for label in labels:
        transform = re.search(r'transform="([^"]*)"', label)
        assert transform is not None
        assert "rotate" not in transform.group(1), transform.group(1)
        assert "scale" not in transform.group(1), transform.group(1)


def _svg_boxes(svg: str) -> dict[str, Rect]:
    """Annotation text -> its box in px (y down), read from Plotly's SVG."""
    boxes = {}
    pattern = (
        r'<g class="annotation"[^>]*><g class="annotation-text-g"[^>]*>'
        r'<g class="cursor-pointer" transform="translate\(([\d.-]+),([\d.-]+)\)">'
        r'<rect class="bg" x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="([\d.]+)"'
        r"[^>]*/><text[^>]*>(.*?)</text>"
    )
    for x, y, w, h, body in re.findall(pattern, svg):
        text = " ".join(re.findall(r">([^<>]+)<", f">{body}<"))
        boxes[text] = (float(x), float(x) + float(w), float(y), float(y) + float(h))
    return boxes


@pytest.mark.slow
@pytest.mark.parametrize("case", ["edge", "corner", "mean"])
@pytest.mark.parametrize("width", [720, 560])
def test_the_drawn_quadrant_names_miss_the_crosshairs_and_each_other(case: str, width: int) -> None:
    fig = ipa_chart(CARDS[case](), SCORECARD_DEF)
    svg = _svg(fig, width, REPORT[1])
    boxes = {t: b for t, b in _svg_boxes(svg).items() if t in QUADRANT_NAMES}
    assert len(boxes) == 4, _svg_boxes(svg).keys()
    paths = re.findall(
        r'<path data-index="\d+" fill-rule="evenodd" d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"', svg
    )
    vertical = next(float(x0) for x0, _, x1, _ in paths if x0 == x1)
    horizontal = next(float(y0) for _, y0, _, y1 in paths if y0 == y1)
    for text, (x0, x1, y0, y1) in boxes.items():
        assert not x0 < vertical < x1, (text, x0, x1, vertical)
        assert not y0 < horizontal < y1, (text, y0, y1, horizontal)
    for a, b in combinations(boxes.values(), 2):
        assert not _overlaps(a, b)
