"""Figure builders of the prospect pages, one per chart; the same figures go into the PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape  # a group's name holds a prospect's name: Plotly reads HTML in names
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..charts.dates import day_axis, hover_days
from ..charts.theme import (
    BRAND,
    GRID,
    MUTED,
    NEUTRAL,
    WARN,
    base_layout,
    item_texts,
    labels_for,
    pct,
    percent_axis,
)
from ..instruments.loader import Instrument
from ..scoring import DEFAULT_THRESHOLDS, BandThresholds
from ..text import percent_sign, punctuation

# Band areas behind a risk chart: label, fill.
BAND_FILLS = (
    (lazy_gettext("Pursue"), "rgba(30, 132, 73, 0.10)"),
    (lazy_gettext("Pursue with caution"), "rgba(214, 137, 16, 0.13)"),
    (lazy_gettext("Walk away"), "rgba(192, 57, 43, 0.11)"),
)
# One colour per group, whichever groups a comparison has: our own company is never drawn in
# the observers' colour.
GROUP_COLORS = {"observers": BRAND, "employees": "#2a9d8f", "own": "#9ca3af"}


def to_page(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON-able data for ``tojson`` in a page."""
    return pio.from_json(pio.to_json(fig, validate=False)).to_plotly_json()  # type: ignore[no-any-return]


def _band_shapes(thresholds: BandThresholds) -> list[dict[str, Any]]:
    edges = (0.0, float(thresholds.at_risk), float(thresholds.toxic), 100.0)
    return [
        {"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": lo, "y1": hi,
         "fillcolor": fill, "line": {"width": 0}, "layer": "below",
         "label": {"text": str(label), "textposition": "top left",
                   "font": {"size": 11, "color": MUTED}}}
        for (label, fill), lo, hi in zip(BAND_FILLS, edges, edges[1:], strict=False)
    ]  # fmt: skip


def risk_history_chart(
    points: Sequence[tuple[date, float, float]],
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
    title: str | None = None,
) -> go.Figure:
    """Each assessment's own risk (dots) and the weighted risk as known then (line), on the
    Pursue / caution / Walk away band areas."""
    days = [p[0].isoformat() for p in points]
    first, last = (points[0][0], points[-1][0]) if points else (date.today(), date.today())
    pad = timedelta(days=max(5, (last - first).days // 12, (30 - (last - first).days) // 2))
    weighted, this_one = _("Weighted risk"), _("This assessment:")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            name=_("Weighted Culture Risk"),
            x=days,
            y=[p[2] for p in points],
            mode="lines+markers",
            line={"color": BRAND, "width": 3, "shape": "hv"},
            marker={"size": 8},
            customdata=hover_days([p[0] for p in points]),
            hovertemplate=f"%{{customdata}}<br>{weighted} %{{y:.0f}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            name=_("One assessment"),
            x=days,
            y=[p[1] for p in points],
            mode="markers",
            marker={"size": 9, "color": "#ffffff", "line": {"width": 2, "color": MUTED}},
            customdata=hover_days([p[0] for p in points]),
            hovertemplate=f"%{{customdata}}<br>{this_one} %{{y:.0f}}<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(
            title or _("Culture Risk over time"),
            height=340,
            shapes=_band_shapes(thresholds),
            # Under the plot: on a phone the two entries take two rows, which on top ran
            # into the title.
            legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        ),
        yaxis=percent_axis(_("Culture Risk"), ticksuffix="", range=[0, 100]),
        xaxis={
            "type": "date",
            "gridcolor": GRID,
            "automargin": True,
            **day_axis(first - pad, last + pad),
            # At least a month wide, so one day's assessments do not spread over hour ticks.
            "range": [(first - pad).isoformat(), (last + pad).isoformat()] if points else None,
        },
    )
    return fig


def enemies_seen_chart(
    prevalence: Mapping[str, float],
    instrument: Instrument | None,
    title: str | None = None,
    limit: int = 10,
) -> go.Figure:
    """Weighted prevalence of the enemies seen at least once, most prevalent at the top."""
    texts = item_texts(instrument)
    rows = sorted(((k, v) for k, v in prevalence.items() if v > 0), key=lambda r: -r[1])[:limit]
    rows.reverse()
    prevalence_label = _("Weighted prevalence")
    fig = go.Figure(
        go.Bar(
            x=[v for _, v in rows],
            y=[texts.get(k, k) for k, _ in rows],
            orientation="h",
            marker={"color": [WARN if v > 100 / 3 else NEUTRAL for _, v in rows]},
            text=[pct(v) for _, v in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>%{{y}}</b><br>{prevalence_label} %{{x:.0f}}{percent_sign()}"
            "<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(
            title or _("Enemies seen by the observers"),
            height=110 + 30 * max(len(rows), 1),
            showlegend=False,
            bargap=0.3,
        ),
        xaxis=percent_axis(
            _("Weighted share of the assessments"), tickvals=[0, 25, 50, 75, 100], range=[0, 112]
        ),
        yaxis={"automargin": True},
    )
    return fig


@dataclass(frozen=True)
class Series:
    """One group's view: e.g. "Observers (3 assessments)" or "Employees (12 responses)"."""

    name: str
    values: Mapping[str, float | None]  # item key -> %
    group: str = "observers"  # a key of GROUP_COLORS: who is looking


def perception_chart(
    series: Sequence[Series],
    instrument: Instrument | None,
    item_type: str,
    title: str,
    axis_title: str,
) -> go.Figure:
    """Side-by-side bars per item, one colour per group, first item at the top. The legend
    names every group, even when there is only one."""
    keys = [i.key for i in instrument.items_of_type(item_type)] if instrument else []
    labels = labels_for(instrument) if item_type == "practice" else item_texts(instrument)
    keys.reverse()
    fig = go.Figure()
    for s in series:
        values = [s.values.get(k) for k in keys]
        # Plotly knows &lt; &gt; &amp; and numeric entities, not &quot;: leave quotes as they are.
        name = escape(s.name, quote=False)
        fig.add_trace(
            go.Bar(
                name=name,
                x=values,
                y=[labels.get(k, k) for k in keys],
                orientation="h",
                marker={"color": GROUP_COLORS[s.group]},
                showlegend=True,
                hovertemplate=f"<b>%{{y}}</b><br>{name}{punctuation(':')} "
                f"%{{x:.0f}}{percent_sign()}<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(
            title,
            height=160 + 22 * len(series) + len(keys) * (12 + 10 * len(series)),
            barmode="group",
            bargap=0.25,
            showlegend=True,  # Plotly hides the legend of a single series
            # One legend row per group, between the title and the plot, never over the title.
            legend={
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.0,
                "x": 0,
                "traceorder": "normal",
            },
            # r: room for half of the last tick label, "100%" (Plotly hides one that overflows)
            margin={"l": 16, "r": 32, "t": 56 + 22 * len(series), "b": 48, "pad": 4},
        ),  # fmt: skip
        xaxis=percent_axis(axis_title, tickvals=[0, 25, 50, 75, 100]),
        yaxis={"automargin": True},
    )
    return fig
