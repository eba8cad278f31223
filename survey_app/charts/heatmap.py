"""Teams side by side: practices x teams (Execution %) and enemies x teams (prevalence %).

A hidden team is a grey column with its reason and no number at all: its ``z`` values are
``None`` and its cells carry no text, so neither the page nor the SVG can leak them.

Drawn for paper as much as for the page. Plotly draws a heatmap as one PNG inside the SVG and
its colour bar as an SVG gradient. WeasyPrint turns the gradient into a shading inside a 1 x 1
tiling pattern, which viewers and printers may leave empty (the colour bars printed as empty
outlines), and the PNG's transparent gaps (black at zero alpha) bleed grey into the cells'
edges when the PDF's image is smoothed (double lines along the pale 0 % rows). So the cells
have no gaps (white separator lines are drawn over their edges instead) and the colour scale
is a stepped key of plain filled rectangles under the heatmap.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape  # user-entered names: Plotly reads a subset of HTML in labels
from typing import TYPE_CHECKING, Protocol

import plotly.graph_objects as go
from flask_babel import gettext as _

from ..instruments.loader import Instrument
from ..text import percent_sign, punctuation
from .theme import HIDDEN_FILL, MUTED, base_layout, item_texts, labels_for, pct, user_label

if TYPE_CHECKING:
    from ..results.campaign import GroupScores

Colorscale = list[tuple[float, str]]
EXECUTION_SCALE: Colorscale = [(0, "#b03a2e"), (0.35, "#f5b041"), (0.6, "#f7dc6f"), (1, "#1e8449")]
# 0 % is a faint warm tint, not white: the cell (and the key's first step) stays visible on a
# white page, and unlike the cool grey of a hidden column.
PREVALENCE_SCALE: Colorscale = [(0, "#f8f1f0"), (1 / 3, "#f5b7b1"), (1, "#922b21")]
SEPARATOR = {"color": "#ffffff", "width": 3}  # the white lines between cells
GAP = 0.01  # px between cells in Plotly's image: none to speak of
KEY_STEPS = 10  # the colour key: ten steps of 10 %
KEY_LABELS = (0, 50, 100)  # few enough not to run into each other on a phone's narrow plot
KEY_GAP, KEY_HEIGHT = 12, 10  # px under the plot area, and the steps' height


class TeamLike(Protocol):
    """What a heatmap needs of a team (``results.campaign.TeamCell`` fits)."""

    @property
    def label(self) -> str: ...

    @property
    def hidden_reason(self) -> str | None: ...

    @property
    def scores(self) -> GroupScores | None: ...


@dataclass(frozen=True)
class Column:
    """One column of a heatmap: values by item key, or the reason it is hidden."""

    label: str
    n: int | None
    values: Mapping[str, float | None] | None  # None when hidden
    hidden_reason: str | None = None


def practice_columns(teams: Sequence[TeamLike]) -> list[Column]:
    """Execution % per practice for each visible team; hidden teams keep only their reason."""
    columns = []
    for team in teams:
        s = team.scores
        if s is None or s.scorecard is None:
            columns.append(Column(team.label, None, None, team.hidden_reason or _("hidden")))
        else:
            values = {p.key: p.execution_pct for p in s.scorecard.practices}
            columns.append(Column(team.label, s.n, values))
    return columns


def enemy_columns(teams: Sequence[TeamLike]) -> list[Column]:
    """Prevalence % per enemy for each visible team; hidden teams keep only their reason."""
    columns = []
    for team in teams:
        s = team.scores
        if s is None or s.enemies is None:
            columns.append(Column(team.label, None, None, team.hidden_reason or _("hidden")))
        else:
            values = {e.key: e.prevalence_pct for e in s.enemies.prevalences}
            columns.append(Column(team.label, s.n, values))
    return columns


def _wrap(label: str, width: int = 10) -> str:
    """Break a long team name onto two lines at the space nearest its middle."""
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}<br>{label[cut + 1 :]}"


def _tick(column: Column) -> str:
    # quote=False: Plotly decodes &lt; &gt; &amp; and numeric entities, but prints &quot; as is.
    # Plain lines only: WeasyPrint drops the line position of a styled part (<i>, <b>) on the
    # third line of an SVG label, which pushed "hidden" down onto the axis.
    label = _wrap(escape(user_label(column.label), quote=False))
    if column.values is None:
        hidden = _("hidden")
        return f"{label}<br>{hidden}"
    return f"{label}<br>n = {column.n}"


def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def color_at(colorscale: Colorscale, t: float) -> str:
    """The colour the heatmap gives to ``t`` (0-1), interpolated in RGB as Plotly does."""
    t = min(1.0, max(0.0, t))
    for (t0, c0), (t1, c1) in zip(colorscale, colorscale[1:], strict=False):
        if t <= t1:
            share = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            rgb = [round(a + (b - a) * share) for a, b in zip(_hex(c0), _hex(c1), strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return colorscale[-1][1]


def color_key(colorscale: Colorscale, metric: str) -> tuple[list[dict], list[dict]]:
    """The colour scale as a row of filled steps under the plot area, labelled at KEY_LABELS.

    Shapes and annotations in paper units across the plot's width and in pixels below it, so
    it fits any width; solid fills print everywhere, unlike a gradient colour bar.
    """
    y0, y1 = -(KEY_GAP + KEY_HEIGHT), -KEY_GAP
    shapes = []
    for step in range(KEY_STEPS):
        color = color_at(colorscale, (step + 0.5) / KEY_STEPS)
        shapes.append(
            {"type": "rect", "name": "key", "xref": "paper", "yref": "paper",
             "x0": step / KEY_STEPS, "x1": (step + 1) / KEY_STEPS, "ysizemode": "pixel",
             "yanchor": 0, "y0": y0, "y1": y1, "fillcolor": color,
             "line": {"color": color, "width": 0.5}, "layer": "above"}
        )  # fmt: skip
    font = {"size": 10, "color": MUTED}
    annotations = [
        {"name": "key", "x": 0, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "right",
         "yanchor": "middle", "xshift": -6, "yshift": (y0 + y1) / 2, "showarrow": False,
         "text": metric, "font": font}
    ]  # fmt: skip
    for value in KEY_LABELS:
        annotations.append(
            {"name": "key", "x": value / 100, "y": 0, "xref": "paper", "yref": "paper",
             "xanchor": "left" if value == 0 else "right" if value == 100 else "center",
             "yanchor": "top", "yshift": y0 - 2, "showarrow": False, "text": pct(value),
             "font": font}
        )  # fmt: skip
    return shapes, annotations


def _separators(columns: Sequence[Column], rows: int) -> list[dict]:
    """White lines over the cells' edges: between columns, and between rows of each run of
    visible columns (a hidden column stays one grey block)."""
    line = {"type": "line", "name": "separator", "line": SEPARATOR, "layer": "above"}
    shapes = [
        {**line, "xref": "x", "yref": "paper", "x0": i + 0.5, "x1": i + 0.5, "y0": 0, "y1": 1}
        for i in range(len(columns) - 1)
    ]
    start = None
    for i, column in enumerate([*columns, None]):
        visible = column is not None and column.values is not None
        if visible and start is None:
            start = i
        elif not visible and start is not None:
            shapes += [
                {**line, "xref": "x", "yref": "y", "x0": start - 0.5, "x1": i - 0.5,
                 "y0": j + 0.5, "y1": j + 0.5}
                for j in range(rows - 1)
            ]  # fmt: skip
            start = None
    return shapes


HIDDEN_INK = "#4b5563"  # 7:1 on the hidden grey: the reason must be read, level, not sideways


def _wrapped(reason: str, width: int = 12) -> str:
    """The reason a column is hidden, in short level lines that fit a narrow column."""
    # A word longer than a line stays whole ("ausgeblendet,"): cut, its comma began a line.
    lines = textwrap.wrap(escape(reason, quote=False), width, break_long_words=False)
    return "<br>".join(lines) or _("hidden")


def team_heatmap(
    columns: Sequence[Column],
    row_keys: Sequence[str],
    instrument: Instrument | None,
    title: str,
    metric: str,
    colorscale: Colorscale,
) -> go.Figure:
    """The generic heatmap: rows are items (first at the top), columns are teams."""
    labels, texts = labels_for(instrument), item_texts(instrument)
    keys = list(reversed(row_keys))
    x = [_tick(c) for c in columns]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for key in keys:
        row = [None if c.values is None else c.values.get(key) for c in columns]
        z.append(row)
        text.append(["" if v is None else pct(v) for v in row])
    traces = [
        go.Heatmap(
            x=x,
            y=[labels.get(k, k) for k in keys],
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            zmin=0,
            zmax=100,
            colorscale=colorscale,
            showscale=False,  # the stepped key below stands for the colour bar
            # No transparent gaps in the image (see the module's docstring). Not 0 either:
            # then Plotly draws one pixel per cell, "pixelated", and a PDF viewer that smooths
            # images anyway blurs whole cells; 0.01 px keeps the image at full resolution.
            xgap=GAP,
            ygap=GAP,
            hoverongaps=False,
            customdata=[[texts.get(k, k)] * len(columns) for k in keys],
            hovertemplate=(
                f"<b>%{{customdata}}</b><br>%{{x}}<br>{metric}{punctuation(':')} "
                f"%{{z:.0f}}{percent_sign()}<extra></extra>"
            ),
        )  # fmt: skip
    ]
    shapes, annotations = [], []
    for i, column in enumerate(columns):
        if column.values is not None:
            continue
        shapes.append(
            {"type": "rect", "name": "hidden", "xref": "x", "yref": "paper", "x0": i - 0.5,
             "x1": i + 0.5, "y0": 0, "y1": 1, "fillcolor": HIDDEN_FILL, "line": {"width": 0},
             "layer": "below"}
        )  # fmt: skip
        annotations.append(
            {"name": "hidden", "x": i, "y": 0.5, "xref": "x", "yref": "paper",
             "showarrow": False, "text": _wrapped(column.hidden_reason or _("hidden")),
             "textangle": 0, "font": {"size": 11, "color": HIDDEN_INK}}
        )  # fmt: skip
    shapes += _separators(columns, len(keys))
    key_shapes, key_notes = color_key(colorscale, metric)
    layout = dict(
        **base_layout(
            title,
            height=180 + 30 * max(len(keys), 1),
            showlegend=False,
            shapes=shapes + key_shapes,
            annotations=annotations + key_notes,
            margin={"l": 16, "r": 16, "t": 56, "b": 16 + KEY_GAP + KEY_HEIGHT + 20, "pad": 4},
        ),
        # No tick marks: they pointed at nothing and struck through the labels' last line.
        xaxis={
            "side": "top",
            "automargin": True,
            "type": "category",
            "ticks": "",
            "tickfont": {"size": 11},
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "automargin": True,
            "type": "category",
            "ticks": "",
            "showgrid": False,
            "zeroline": False,
        },
    )
    return go.Figure(data=traces, layout=layout)


def team_practice_heatmap(
    teams: Sequence[TeamLike],
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """Practices x teams, Execution %; hidden teams are grey columns with their reason."""
    keys = [i.key for i in instrument.items_of_type("practice")] if instrument else []
    return team_heatmap(
        practice_columns(teams), keys, instrument, title or _("Execution % by team"),
        _("Execution"), EXECUTION_SCALE,
    )


def team_enemy_heatmap(
    teams: Sequence[TeamLike],
    instrument: Instrument | None,
    order: Sequence[str] = (),
    title: str | None = None,
) -> go.Figure:
    """Enemies x teams, prevalence %, in ``order`` (e.g. overall prevalence) or instrument order."""
    keys = list(order) or ([i.key for i in instrument.items_of_type("enemy")] if instrument else [])
    return team_heatmap(
        enemy_columns(teams), keys, instrument, title or _("Enemies of teamwork by team"),
        _("Prevalence"), PREVALENCE_SCALE,
    )
