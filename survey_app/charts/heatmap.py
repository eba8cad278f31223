"""Teams side by side: practices x teams (Execution %) and enemies x teams (prevalence %).

A hidden team is a grey column with its reason and no number at all: its ``z`` values are
``None`` and its cells carry no text, so neither the page nor the SVG can leak them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape  # user-entered names: Plotly reads a subset of HTML in labels
from typing import TYPE_CHECKING, Protocol

import plotly.graph_objects as go

from ..instruments.loader import Instrument
from .theme import HIDDEN_FILL, MUTED, base_layout, item_texts, labels_for

if TYPE_CHECKING:
    from ..results.campaign import GroupScores

Colorscale = list[tuple[float, str]]
EXECUTION_SCALE: Colorscale = [(0, "#b03a2e"), (0.35, "#f5b041"), (0.6, "#f7dc6f"), (1, "#1e8449")]
PREVALENCE_SCALE: Colorscale = [(0, "#fdfefe"), (1 / 3, "#f5b7b1"), (1, "#922b21")]


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
            columns.append(Column(team.label, None, None, team.hidden_reason or "hidden"))
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
            columns.append(Column(team.label, None, None, team.hidden_reason or "hidden"))
        else:
            values = {e.key: e.prevalence_pct for e in s.enemies.prevalences}
            columns.append(Column(team.label, s.n, values))
    return columns


def _wrap(label: str, width: int = 14) -> str:
    """Break a long team name onto two lines at the space nearest its middle."""
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}<br>{label[cut + 1 :]}"


def _tick(column: Column) -> str:
    # quote=False: Plotly decodes &lt; &gt; &amp; and numeric entities, but prints &quot; as is.
    label = _wrap(escape(column.label, quote=False))
    if column.values is None:
        return f"{label}<br><i>hidden</i>"
    return f"{label}<br>n = {column.n}"


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
        text.append(["" if v is None else f"{v:.0f}%" for v in row])
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
            xgap=3,
            ygap=3,
            hoverongaps=False,
            customdata=[[texts.get(k, k)] * len(columns) for k in keys],
            hovertemplate=(
                f"<b>%{{customdata}}</b><br>%{{x}}<br>{metric}: %{{z:.0f}}%<extra></extra>"
            ),
            colorbar={
                "title": {"text": metric, "side": "right"},
                "ticksuffix": "%",
                "thickness": 12,
                "len": 0.8,
            },
        )  # fmt: skip
    ]
    shapes, annotations = [], []
    for i, column in enumerate(columns):
        if column.values is not None:
            continue
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": i - 0.48, "x1": i + 0.48,
             "y0": 0, "y1": 1, "fillcolor": HIDDEN_FILL, "line": {"width": 0}, "layer": "below"}
        )  # fmt: skip
        annotations.append(
            {"x": i, "y": 0.5, "xref": "x", "yref": "paper", "showarrow": False,
             "text": column.hidden_reason or "hidden", "textangle": -90,
             "font": {"size": 12, "color": MUTED}}
        )  # fmt: skip
    layout = dict(
        **base_layout(
            title,
            height=140 + 30 * max(len(keys), 1),
            showlegend=False,
            shapes=shapes,
            annotations=annotations,
            margin={"l": 16, "r": 16, "t": 56, "b": 16, "pad": 4},
        ),
        xaxis={
            "side": "top",
            "automargin": True,
            "type": "category",
            "tickfont": {"size": 11},
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={"automargin": True, "type": "category", "showgrid": False, "zeroline": False},
    )
    return go.Figure(data=traces, layout=layout)


def team_practice_heatmap(
    teams: Sequence[TeamLike],
    instrument: Instrument | None,
    title: str = "Execution % by team",
) -> go.Figure:
    """Practices x teams, Execution %; hidden teams are grey columns with their reason."""
    keys = [i.key for i in instrument.items_of_type("practice")] if instrument else []
    return team_heatmap(
        practice_columns(teams), keys, instrument, title, "Execution", EXECUTION_SCALE
    )


def team_enemy_heatmap(
    teams: Sequence[TeamLike],
    instrument: Instrument | None,
    order: Sequence[str] = (),
    title: str = "Enemies of teamwork by team",
) -> go.Figure:
    """Enemies x teams, prevalence %, in ``order`` (e.g. overall prevalence) or instrument order."""
    keys = list(order) or ([i.key for i in instrument.items_of_type("enemy")] if instrument else [])
    return team_heatmap(
        enemy_columns(teams), keys, instrument, title, "Prevalence", PREVALENCE_SCALE
    )
