"""The Importance-Performance quadrant chart: x = Execution %, y = Importance %."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from flask_babel import gettext as _

from ..instruments.loader import Instrument
from ..scoring import CrosshairMode, IpaPoint, Quadrant, ScorecardResult
from ..text import percent_sign
from .theme import (
    BRAND,
    GRID,
    MUTED,
    QUADRANT_COLORS,
    base_layout,
    item_texts,
    labels_for,
    pct,
    percent_axis,
    quadrant_name,
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
# Quadrant -> (right of the vertical crosshair?, above the horizontal one?).
SIDES = {
    Quadrant.CONCENTRATE_HERE: (False, True),
    Quadrant.KEEP_UP_THE_GOOD_WORK: (True, True),
    Quadrant.LOW_PRIORITY: (False, False),
    Quadrant.POSSIBLE_OVERKILL: (True, False),
}
# The quadrant names are fitted to a plot area of FIT_W x FIT_H px: smaller than the report's
# (about 630 x 400), so they also fit the dashboard's card down to a tablet (a phone draws
# them smaller, on two lines: static/js/charts.js). A bold character is about NAME_CHAR
# font sizes wide, a line NAME_LINE font sizes high; NAME_PAD px keep a name off the plot's
# edges and the crosshairs.
FIT_W, FIT_H = 420.0, 360.0
NAME_SIZES = (12, 10)
NAME_CHAR, NAME_LINE, NAME_PAD = 0.64, 1.4, 6
NOTE_SIZE = 10  # the crosshairs' own labels
MIN_SIDE = 0.2  # the crosshairs stay at least this share of the axis away from its ends
CROSSING = 5.0  # the cost of a point's label lying across a crosshair

Box = tuple[float, float, float, float]  # x0, x1, y0, y1
Range = tuple[float, float]


@dataclass(frozen=True)
class QuadrantName:
    """Where a quadrant's name goes: paper position, anchors, pixel shifts and its lines."""

    quadrant: Quadrant
    x: float
    y: float
    xanchor: str
    yanchor: str
    lines: tuple[str, ...]
    size: int
    box: Box  # in paper units, at FIT_W x FIT_H

    def annotation(self) -> dict[str, object]:
        return {
            "name": "quadrant", "x": self.x, "y": self.y, "xref": "paper", "yref": "paper",
            "xanchor": self.xanchor, "yanchor": self.yanchor, "align": self.xanchor,
            "xshift": NAME_PAD if self.xanchor == "left" else -NAME_PAD,
            "yshift": NAME_PAD if self.yanchor == "bottom" else -NAME_PAD,
            "showarrow": False, "text": "<br>".join(self.lines), "opacity": 0.9,
            # bold through the font, not <b>: no styled part inside a multi-line SVG label
            "font": {"size": self.size, "color": QUADRANT_COLORS[self.quadrant],
                     "weight": "bold"},
        }  # fmt: skip


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
    # Leave each quadrant room for its name: the crosshair not too near either end.
    while crosshair is not None:
        if crosshair - lo < MIN_SIDE * (hi - lo) and lo > FULL[0]:
            lo = max(FULL[0], lo - 10)
        elif hi - crosshair < MIN_SIDE * (hi - lo) and hi < FULL[1]:
            hi = min(FULL[1], hi + 10)
        else:
            break
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


def _markers(points: Sequence[IpaPoint], xr: Range, yr: Range) -> list[Box]:
    mx, my = (xr[1] - xr[0]) * 0.012, (yr[1] - yr[0]) * 0.018
    return [(p.execution_pct - mx, p.execution_pct + mx, p.importance_pct - my,
             p.importance_pct + my) for p in points]  # fmt: skip


def place_labels(
    points: Sequence[IpaPoint],
    labels: dict[str, str],
    xr: Range = FULL,
    yr: Range = FULL,
    obstacles: Sequence[Box] = (),
    crosshairs: tuple[float | None, float | None] = (None, None),
) -> list[_Placed]:
    """Pick a text position per point that keeps labels off each other, markers, edges and
    ``obstacles`` (the quadrant names, in data units), and off the crosshair lines."""
    markers = _markers(points, xr, yr)
    unit = (xr[1] - xr[0]) * (yr[1] - yr[0]) / 10_000  # overlaps in shares of the plot
    taken: list[Box] = list(obstacles)
    cx, cy = crosshairs
    placed = []
    for point in points:
        label = labels.get(point.key, point.key)
        best, best_cost, best_box = POSITIONS[0], float("inf"), None
        for rank, position in enumerate(POSITIONS):
            box = _box(point.execution_pct, point.importance_pct, label, position, xr, yr)
            hits = sum(_overlap(box, other) for other in taken + markers) / unit
            outside = max(0.0, xr[0] - box[0]) + max(0.0, box[1] - xr[1])
            outside += max(0.0, yr[0] - box[2]) + max(0.0, box[3] - yr[1])
            crossing = (cx is not None and box[0] < cx < box[1]) + (
                cy is not None and box[2] < cy < box[3]
            )
            cost = rank * 0.5 + hits * 10 + outside * 40 + crossing * CROSSING
            if cost < best_cost:
                best, best_cost, best_box = position, cost, box
        if best_box is not None:
            taken.append(best_box)
        placed.append(_Placed(point, best))
    return placed


def _ticks(r: Range) -> list[int]:
    return list(range(max(0, math.ceil(r[0] / 10) * 10), int(min(100, r[1])) + 1, 10))


def _fraction(value: float | None, r: Range) -> float:
    """Where ``value`` sits along the axis, 0 to 1 (the middle when there is no value)."""
    if value is None:
        return 0.5
    return min(1.0, max(0.0, (value - r[0]) / (r[1] - r[0])))


def _two_lines(name: str) -> tuple[str, ...]:
    """The name on two lines of about equal length (one line if it is a single word)."""
    words = name.split()
    if len(words) < 2:
        return (name,)
    cut = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return " ".join(words[:cut]), " ".join(words[cut:])


def name_size(lines: Sequence[str], size: float) -> tuple[float, float]:
    """A quadrant name's width and height in paper units, on a FIT_W x FIT_H plot."""
    width = max(len(line) for line in lines) * NAME_CHAR * size
    return width / FIT_W, len(lines) * NAME_LINE * size / FIT_H


def place_quadrant_names(fx: float, fy: float, avoid: Sequence[Box] = ()) -> list[QuadrantName]:
    """Each quadrant's name inside its own quadrant, so no name can reach a crosshair or
    another name: in the quadrant's outer corner unless markers or ``avoid`` (paper units)
    are there, on two lines or smaller when the quadrant is narrow. ``fx`` and ``fy`` are the
    crosshairs' positions as shares of the axes."""
    padx, pady = NAME_PAD / FIT_W, NAME_PAD / FIT_H
    taken = list(avoid)
    names = []
    for quad, (right, above) in SIDES.items():
        qx = (fx, 1.0) if right else (0.0, fx)
        qy = (fy, 1.0) if above else (0.0, fy)
        variants: list[tuple[tuple[str, ...], int]] = [((quadrant_name(quad),), NAME_SIZES[0])]
        if len(two := _two_lines(quadrant_name(quad))) > 1:
            variants += [(two, size) for size in NAME_SIZES]
        for lines, size in variants:  # the first that fits, else the smallest
            w, h = name_size(lines, size)
            if w + 2 * padx <= qx[1] - qx[0] and h + 2 * pady <= qy[1] - qy[0]:
                break
        # (anchored on the left?, anchored at the bottom?): the outer corner first.
        corners = [(not right, not above), (not right, above), (right, not above), (right, above)]
        candidates = []
        for rank, (at_left, at_bottom) in enumerate(corners):
            x, y = qx[0] if at_left else qx[1], qy[0] if at_bottom else qy[1]
            x0 = x + padx if at_left else x - padx - w
            y0 = y + pady if at_bottom else y - pady - h
            box = (x0, x0 + w, y0, y0 + h)
            cost = rank * 0.3 + 10 * sum(_overlap(box, other) for other in taken) / (w * h)
            candidates.append((cost, rank, QuadrantName(
                quad, x, y, "left" if at_left else "right", "bottom" if at_bottom else "top",
                lines, size, box,
            )))  # fmt: skip
        best = min(candidates, key=lambda c: (c[0], c[1]))[2]
        names.append(best)
        taken.append(best.box)
    return names


def _to_data(box: Box, xr: Range, yr: Range) -> Box:
    xs, ys = xr[1] - xr[0], yr[1] - yr[0]
    return xr[0] + box[0] * xs, xr[0] + box[1] * xs, yr[0] + box[2] * ys, yr[0] + box[3] * ys


def ipa_chart(
    scorecard: ScorecardResult, instrument: Instrument | None, title: str | None = None
) -> go.Figure:
    """The IPA grid: one marker per scored practice, coloured by quadrant and labelled with its
    short name, dashed crosshairs (at the means or at 50 / 50, as scored), each quadrant's name
    in a corner of its own quadrant, clear of the crosshairs, the other names and the points
    (``place_quadrant_names``). Hover shows the full wording, both percentages, the gap and
    the quadrant."""
    ipa = scorecard.ipa
    labels, texts = labels_for(instrument), item_texts(instrument)
    gaps = {p.key: p.gap for p in scorecard.practices}
    numbers = {p.key: n for n, p in enumerate(scorecard.practices, start=1)}
    xr = axis_range([p.execution_pct for p in ipa.points], ipa.execution_crosshair)
    yr = axis_range([p.importance_pct for p in ipa.points], ipa.importance_crosshair)
    cx, cy = ipa.execution_crosshair, ipa.importance_crosshair
    crossed = cx is not None and cy is not None
    word = _("mean") if ipa.mode is CrosshairMode.MEAN else _("crosshair")
    fx, fy = _fraction(cx, xr), _fraction(cy, yr)
    # The horizontal crosshair's label sits on the line at the plot's right end, inside the
    # plot (a right margin is cut to 48 px on a phone, which clipped it).
    note = f"{word} {pct(cy)}" if crossed else ""
    note_w, note_h = len(note) * 0.6 * NOTE_SIZE / FIT_W, 1.4 * NOTE_SIZE / FIT_H
    note_box = (1 - note_w, 1.0, fy, fy + note_h)
    # Each point with the room its label may take on any side: the names keep clear of it.
    halos = [
        (px - w, px + w, py - LINE_H - OFFSET, py + LINE_H + OFFSET)
        for p in ipa.points
        for px, py, w in [(_fraction(p.execution_pct, xr), _fraction(p.importance_pct, yr),
                           len(labels.get(p.key, p.key)) * CHAR_W)]
    ]  # fmt: skip
    names = place_quadrant_names(fx, fy, [*halos, *([note_box] if crossed else [])])
    obstacles = [_to_data(n.box, xr, yr) for n in names]
    if crossed:
        obstacles.append(_to_data(note_box, xr, yr))
    placed = place_labels(ipa.points, labels, xr, yr, obstacles, (cx, cy))
    traces: list[go.BaseTraceType] = []
    x_value, y_value = (f"%{{{axis}:.0f}}{percent_sign()}" for axis in "xy")  # Plotly's
    for quad in Quadrant:
        members = [p for p in placed if p.point.quadrant is quad]
        if not members:
            continue
        traces.append(
            go.Scatter(
                name=quadrant_name(quad),
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
                        quadrant_name(quad),
                        gaps.get(m.point.key) or 0,
                        numbers.get(m.point.key, 0),
                    ]
                    for m in members
                ],
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{_('Execution %(value)s', value=x_value)} · "
                    f"{_('Importance %(value)s', value=y_value)}<br>"
                    f"{_('Gap %(gap)s points', gap='%{customdata[2]:+.0f}')} · "
                    "%{customdata[1]}<extra></extra>"
                ),
                cliponaxis=False,
            )
        )
    shapes, annotations = [], []
    if crossed:
        # "between": over the grid lines (a crosshair at 50 % hid under one), under the points.
        # Plotly honours it only for a shape on both axes, so the lines span the axis ranges.
        line = {"color": BRAND, "width": 1.5, "dash": "dash"}
        shapes = [
            {"type": "line", "name": "crosshair", "xref": "x", "yref": "y", "x0": cx,
             "x1": cx, "y0": yr[0], "y1": yr[1], "line": line, "layer": "between"},
            {"type": "line", "name": "crosshair", "xref": "x", "yref": "y", "y0": cy,
             "y1": cy, "x0": xr[0], "x1": xr[1], "line": line, "layer": "between"},
        ]  # fmt: skip
        annotations += [
            {"name": "crosshair", "x": cx, "y": 1.0, "xref": "x", "yref": "paper",
             "text": f"{word} {pct(cx)}", "showarrow": False, "yanchor": "bottom",
             "font": {"size": NOTE_SIZE, "color": BRAND}},
            {"name": "crosshair", "x": 1.0, "y": cy, "xref": "paper", "yref": "y",
             "text": note, "showarrow": False, "xanchor": "right", "yanchor": "bottom",
             "font": {"size": NOTE_SIZE, "color": BRAND}},
        ]  # fmt: skip
    annotations += [name.annotation() for name in names]
    layout = dict(
        **base_layout(
            title or _("Importance vs execution"),
            height=520,
            showlegend=False,
            margin={"l": 16, "r": 24, "t": 64, "b": 48, "pad": 4},
            shapes=shapes,
            annotations=annotations,
        ),
        xaxis=percent_axis(_("Execution %"), range=list(xr), tickvals=_ticks(xr), **AXIS_STYLE),
        yaxis=percent_axis(_("Importance %"), range=list(yr), tickvals=_ticks(yr), **AXIS_STYLE),
    )
    return go.Figure(data=traces, layout=layout)
