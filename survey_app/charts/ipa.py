"""The Importance-Performance quadrant chart: x = Execution %, y = Importance %."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ..instruments.loader import Instrument
from ..scoring import CrosshairMode, IpaPoint, Quadrant, ScorecardResult
from .theme import (
    BRAND,
    GRID,
    MUTED,
    QUADRANT_COLORS,
    base_layout,
    item_texts,
    labels_for,
    percent_axis,
)

FULL = (-3.0, 103.0)
AXIS_STYLE = {"linecolor": GRID, "tickfont": {"color": MUTED}}
# Rough size of one character, one line of label text and the gap to the marker, as shares of
# the axis span on a ~640 x 420 plot.
CHAR_W, LINE_H, OFFSET = 0.0105, 0.045, 0.017
POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
# Quadrant -> (x, y, xanchor, yanchor) of its name, in the corners of the plot area.
CORNERS = {
    Quadrant.CONCENTRATE_HERE: (0.01, 0.99, "left", "top"),
    Quadrant.KEEP_UP_THE_GOOD_WORK: (0.99, 0.99, "right", "top"),
    Quadrant.LOW_PRIORITY: (0.01, 0.01, "left", "bottom"),
    Quadrant.POSSIBLE_OVERKILL: (0.99, 0.01, "right", "bottom"),
}

Box = tuple[float, float, float, float]  # x0, x1, y0, y1
Range = tuple[float, float]


@dataclass(frozen=True)
class _Placed:
    point: IpaPoint
    position: str


def axis_range(values: Sequence[float], crosshair: float | None) -> Range:
    """Zoom on the data (and the crosshair) with a margin, in steps of 10, within 0-100."""
    found = [*values, *([] if crosshair is None else [crosshair])]
    if not found:
        return FULL
    lo = max(FULL[0], math.floor((min(found) - 8) / 10) * 10)
    hi = min(FULL[1], math.ceil((max(found) + 8) / 10) * 10)
    if hi - lo < 40:  # never zoom so far that small differences look large
        pad = (40 - (hi - lo)) / 2
        lo, hi = max(FULL[0], lo - pad), min(FULL[1], hi + pad)
    return float(lo), float(hi)


def _box(x: float, y: float, label: str, position: str, xr: Range, yr: Range) -> Box:
    xs, ys = xr[1] - xr[0], yr[1] - yr[0]
    w, h, dx, dy = len(label) * CHAR_W * xs, LINE_H * ys, OFFSET * xs, OFFSET * ys
    vertical, horizontal = position.split()
    if horizontal == "center":
        x0 = x - w / 2
    elif horizontal == "right":
        x0 = x + dx if vertical == "middle" else x
    else:
        x0 = (x - dx - w) if vertical == "middle" else x - w
    if vertical == "top":
        y0 = y + dy
    elif vertical == "bottom":
        y0 = y - dy - h
    else:
        y0 = y - h / 2
    return x0, x0 + w, y0, y0 + h


def _overlap(a: Box, b: Box) -> float:
    dx = min(a[1], b[1]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[2], b[2])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def place_labels(
    points: Sequence[IpaPoint], labels: dict[str, str], xr: Range = FULL, yr: Range = FULL
) -> list[_Placed]:
    """Pick a text position per point that keeps labels off each other, markers and edges."""
    mx, my = (xr[1] - xr[0]) * 0.012, (yr[1] - yr[0]) * 0.018
    markers = [(p.execution_pct - mx, p.execution_pct + mx, p.importance_pct - my,
                p.importance_pct + my) for p in points]  # fmt: skip
    unit = (xr[1] - xr[0]) * (yr[1] - yr[0]) / 10_000  # overlaps in shares of the plot
    taken: list[Box] = []
    placed = []
    for point in points:
        label = labels.get(point.key, point.key)
        best, best_cost, best_box = POSITIONS[0], float("inf"), None
        for rank, position in enumerate(POSITIONS):
            box = _box(point.execution_pct, point.importance_pct, label, position, xr, yr)
            hits = sum(_overlap(box, other) for other in taken + markers) / unit
            outside = max(0.0, xr[0] - box[0]) + max(0.0, box[1] - xr[1])
            outside += max(0.0, yr[0] - box[2]) + max(0.0, box[3] - yr[1])
            cost = rank * 0.5 + hits * 10 + outside * 40
            if cost < best_cost:
                best, best_cost, best_box = position, cost, box
        if best_box is not None:
            taken.append(best_box)
        placed.append(_Placed(point, best))
    return placed


def _ticks(r: Range) -> list[int]:
    return list(range(max(0, math.ceil(r[0] / 10) * 10), int(min(100, r[1])) + 1, 10))


def ipa_chart(
    scorecard: ScorecardResult, instrument: Instrument | None, title: str | None = None
) -> go.Figure:
    """The IPA grid: one marker per scored practice, coloured by quadrant and labelled with its
    short name, dashed crosshairs (at the means or at 50 / 50, as scored), quadrant names in
    the corners. Hover shows the full wording, both percentages, the gap and the quadrant."""
    ipa = scorecard.ipa
    labels, texts = labels_for(instrument), item_texts(instrument)
    gaps = {p.key: p.gap for p in scorecard.practices}
    numbers = {p.key: n for n, p in enumerate(scorecard.practices, start=1)}
    xr = axis_range([p.execution_pct for p in ipa.points], ipa.execution_crosshair)
    yr = axis_range([p.importance_pct for p in ipa.points], ipa.importance_crosshair)
    placed = place_labels(ipa.points, labels, xr, yr)
    traces: list[go.BaseTraceType] = []
    for quad in Quadrant:
        members = [p for p in placed if p.point.quadrant is quad]
        if not members:
            continue
        traces.append(
            go.Scatter(
                name=quad.value,
                x=[m.point.execution_pct for m in members],
                y=[m.point.importance_pct for m in members],
                mode="markers+text",
                text=[labels.get(m.point.key, m.point.key) for m in members],
                textposition=[m.position for m in members],
                textfont={"size": 11, "color": "#111827"},
                marker={
                    "size": 13,
                    "color": QUADRANT_COLORS[quad],
                    "line": {"width": 1.5, "color": "#ffffff"},
                },
                # [full wording, quadrant, gap, the practice's number in the table]
                customdata=[
                    [
                        texts.get(m.point.key, m.point.key),
                        quad.value,
                        gaps.get(m.point.key) or 0,
                        numbers.get(m.point.key, 0),
                    ]
                    for m in members
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>Execution %{x:.0f}% · Importance %{y:.0f}%"
                    "<br>Gap %{customdata[2]:+.0f} points · %{customdata[1]}<extra></extra>"
                ),
                cliponaxis=False,
            )
        )
    shapes, annotations = [], []
    where = "mean" if ipa.mode is CrosshairMode.MEAN else "fixed"
    if ipa.execution_crosshair is not None and ipa.importance_crosshair is not None:
        line = {"color": BRAND, "width": 1.5, "dash": "dash"}
        shapes = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": ipa.execution_crosshair,
             "x1": ipa.execution_crosshair, "y0": 0, "y1": 1, "line": line, "layer": "below"},
            {"type": "line", "xref": "paper", "yref": "y", "y0": ipa.importance_crosshair,
             "y1": ipa.importance_crosshair, "x0": 0, "x1": 1, "line": line, "layer": "below"},
        ]  # fmt: skip
        word = "mean" if where == "mean" else "crosshair"
        annotations += [
            {"x": ipa.execution_crosshair, "y": 1.0, "xref": "x", "yref": "paper",
             "text": f"{word} {ipa.execution_crosshair:.0f}%", "showarrow": False,
             "yanchor": "bottom", "font": {"size": 10, "color": BRAND}},
            {"x": 1.0, "y": ipa.importance_crosshair, "xref": "paper", "yref": "y",
             "text": f"{word} {ipa.importance_crosshair:.0f}%", "showarrow": False,
             "xanchor": "left", "font": {"size": 10, "color": BRAND}},
        ]  # fmt: skip
    for quad, (x, y, xanchor, yanchor) in CORNERS.items():
        annotations.append(
            {"x": x, "y": y, "xref": "paper", "yref": "paper", "xanchor": xanchor,
             "yanchor": yanchor, "showarrow": False, "text": f"<b>{quad.value}</b>",
             "font": {"size": 12, "color": QUADRANT_COLORS[quad]}, "opacity": 0.9}
        )  # fmt: skip
    layout = dict(
        **base_layout(
            title or "Importance vs execution",
            height=520,
            showlegend=False,
            margin={"l": 16, "r": 72, "t": 64, "b": 48, "pad": 4},
            shapes=shapes,
            annotations=annotations,
        ),
        xaxis=percent_axis("Execution %", range=list(xr), tickvals=_ticks(xr), **AXIS_STYLE),
        yaxis=percent_axis("Importance %", range=list(yr), tickvals=_ticks(yr), **AXIS_STYLE),
    )
    return go.Figure(data=traces, layout=layout)
