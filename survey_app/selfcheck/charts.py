"""Figure builders of the self-check page: the user's own trend, and themselves vs the team."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

import plotly.graph_objects as go
from flask_babel import gettext as _

from ..charts.dates import day_axis, hover_days
from ..charts.theme import (
    BRAND,
    GRID,
    NEUTRAL,
    WARN,
    base_layout,
    item_texts,
    pct,
    percent_axis,
)
from ..instruments.loader import Instrument
from ..text import percent_sign


def _padded(first: date, last: date) -> tuple[date, date]:
    """An x range at least a month wide, so one day's points do not spread over hour ticks."""
    pad = timedelta(days=max(5, (last - first).days // 12, (30 - (last - first).days) // 2))
    return first - pad, last + pad


def self_trend_chart(points: Sequence[tuple[date, int]], title: str | None = None) -> go.Figure:
    """How many of the 20 enemies the user ticked at each self-check."""
    of_20 = _("%(num)s of 20 enemies", num="%{y}")
    fig = go.Figure(
        go.Scatter(
            x=[d.isoformat() for d, _ in points],
            y=[n for _, n in points],
            mode="lines+markers",
            line={"color": BRAND, "width": 3},
            marker={"size": 9},
            customdata=hover_days([d for d, _ in points]),
            hovertemplate=f"%{{customdata}}<br>{of_20}<extra></extra>",
        )
    )
    start, end = _padded(points[0][0], points[-1][0]) if points else (date.today(),) * 2
    fig.update_layout(
        **base_layout(title or _("Enemies I ticked, over time"), height=300, showlegend=False),
        yaxis={"title": {"text": _("Enemies ticked (of 20)")}, "range": [0, 20.5],
               "dtick": 5, "gridcolor": GRID, "zeroline": False, "automargin": True},
        xaxis={"type": "date", "gridcolor": GRID, **day_axis(start, end),
               "range": [start.isoformat(), end.isoformat()] if points else None},
    )  # fmt: skip
    return fig


def self_vs_team_chart(
    team: Mapping[str, float],
    mine: Collection[str],
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """The company's prevalence per enemy (bars); red bars are the enemies I ticked myself."""
    texts = item_texts(instrument)
    me = " " + _("● me")
    colleagues = _("%(pct)s of my colleagues see it", pct="%{x:.0f}" + percent_sign())
    keys = [i.key for i in instrument.items_of_type("enemy")] if instrument else list(team)
    keys.sort(key=lambda k: team.get(k, 0.0))  # most prevalent at the top
    fig = go.Figure(
        go.Bar(
            x=[team.get(k, 0.0) for k in keys],
            y=[texts.get(k, k) + (me if k in mine else "") for k in keys],
            orientation="h",
            marker={"color": [WARN if k in mine else NEUTRAL for k in keys]},
            text=[pct(team.get(k, 0.0)) for k in keys],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>%{{y}}</b><br>{colleagues}<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(
            title or _("My self-check against my company's survey"),
            height=120 + 26 * len(keys),
            showlegend=False,
            bargap=0.25,
        ),
        xaxis=percent_axis(_("Share of respondents who see it"), tickvals=[0, 25, 50, 75, 100]),
        yaxis={"automargin": True},
    )
    return fig
