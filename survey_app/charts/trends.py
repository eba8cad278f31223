"""Waves of one company over time, and two waves compared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from html import escape as _escape

import plotly.graph_objects as go
from flask_babel import gettext as _
from plotly.subplots import make_subplots

from ..bidi import isolate
from ..instruments.loader import Instrument
from ..text import percent_sign, punctuation
from .theme import (
    BRAND,
    GRID,
    MUTED,
    WARN,
    base_layout,
    item_texts,
    labels_for,
    percent_axis,
    user_label,
)

# Campaign titles are user input and Plotly reads HTML in labels. Plotly decodes &lt; &gt; &amp;
# and numeric entities, but prints &quot; as is: quotes stay as typed.
escape = partial(_escape, quote=False)

PANEL_COLUMNS = 3


@dataclass(frozen=True)
class WavePoint:
    """The visible scores of one wave (a campaign with at least k responses)."""

    campaign_id: int
    label: str  # e.g. "Spring 2026 teamwork pulse"
    when: str  # e.g. "May 2026"
    n: int
    teamwork_index: float | None
    culture_risk: float | None
    practices: Mapping[str, float | None] = field(default_factory=dict)  # key -> Execution %
    enemies: Mapping[str, float | None] = field(default_factory=dict)  # key -> prevalence %


def _x(waves: Sequence[WavePoint]) -> list[str]:
    def label(w: WavePoint) -> str:
        name = escape(user_label(w.label))
        return f"{name}<br>{w.when}" if w.when else name

    return [label(w) for w in waves]


def trend_headline_chart(waves: Sequence[WavePoint], title: str | None = None) -> go.Figure:
    """Two lines across the waves: the Teamwork Index (higher is better) and the Culture Risk
    Index (lower is better), both 0-100."""
    title = title or _("Teamwork Index and Culture Risk over time")
    x = _x(waves)
    traces: list[go.BaseTraceType] = []
    for name, attr, color in (
        (_("Teamwork Index"), "teamwork_index", BRAND),
        (_("Culture Risk"), "culture_risk", WARN),
    ):
        values = [getattr(w, attr) for w in waves]
        traces.append(
            go.Scatter(
                name=name,
                x=x,
                y=values,
                mode="lines+markers+text",
                line={"color": color, "width": 3},
                marker={"size": 9, "color": color},
                text=["" if v is None else f"{v:.0f}" for v in values],
                textposition="top center",
                textfont={"color": color},
                hovertemplate=f"<b>%{{x}}</b><br>{name}: %{{y:.0f}}<extra></extra>",
                cliponaxis=False,
            )
        )
    layout = dict(
        **base_layout(title, height=360),
        yaxis=percent_axis("", ticksuffix="", tickvals=[0, 20, 40, 60, 80, 100]),
        xaxis={"type": "category", "automargin": True, "tickfont": {"color": MUTED}},
    )
    return go.Figure(data=traces, layout=layout)


def trend_practices_chart(
    waves: Sequence[WavePoint],
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """One small panel per practice (3 x 3), its Execution % in each wave: nine lines in one
    plot crossed each other and could not be told apart by colour."""
    # "% o" would read as a placeholder: the page's own msgid, its "%%" made one "%".
    title = title or _("Execution %% of each practice over time") % {}
    labels, texts = labels_for(instrument), item_texts(instrument)
    keys = [i.key for i in instrument.items_of_type("practice")] if instrument else []
    rows = max(1, -(-len(keys) // PANEL_COLUMNS))
    figure = make_subplots(
        rows=rows,
        cols=PANEL_COLUMNS,
        shared_xaxes=True,
        shared_yaxes=True,
        subplot_titles=[labels.get(key, key) for key in keys] or None,
        horizontal_spacing=0.05,
        vertical_spacing=0.12,
    )
    x = [w.when for w in waves]  # a panel is narrow: the month; the title is in the hover
    wave_titles = [escape(isolate(w.label)) for w in waves]  # the hover: the whole title
    for n, key in enumerate(keys):
        figure.add_trace(
            go.Scatter(
                name=labels.get(key, key),
                x=x,
                y=[w.practices.get(key) for w in waves],
                mode="lines+markers",
                line={"color": BRAND, "width": 2},
                marker={"size": 6},
                showlegend=False,
                customdata=[[texts.get(key, key), t] for t in wave_titles],
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}, %{{x}}"
                f"{punctuation(':')} %{{y:.0f}}{percent_sign()}<extra></extra>",
            ),
            row=n // PANEL_COLUMNS + 1,
            col=n % PANEL_COLUMNS + 1,
        )
    figure.update_layout(**base_layout(title, height=140 + 120 * rows))
    figure.update_layout(margin={"l": 44})  # room for "100%" left of the first column
    figure.update_yaxes(
        range=[0, 105], tickvals=[0, 50, 100], ticksuffix=percent_sign(), gridcolor=GRID
    )
    figure.update_xaxes(type="category", tickfont={"color": MUTED, "size": 10})
    figure.update_annotations(font={"size": 12})
    return figure


def comparison_chart(
    rows: Sequence[tuple[str, str, float | None, float | None]],
    a_name: str,
    b_name: str,
    title: str,
    metric: str,
) -> go.Figure:
    """A dumbbell per row (short label, full text, value in A, value in B): grey dot for A,
    coloured dot for B, joined by a line; the first row is at the top."""
    rows = list(reversed(rows))
    y = [r[0] for r in rows]
    traces: list[go.BaseTraceType] = []
    for label, _full, a, b in rows:
        if a is not None and b is not None:
            traces.append(
                go.Scatter(
                    x=[a, b], y=[label, label], mode="lines", showlegend=False,
                    line={"color": GRID, "width": 6}, hoverinfo="skip",
                )
            )  # fmt: skip
    for name, idx, color in ((a_name, 2, "#9ca3af"), (b_name, 3, BRAND)):
        traces.append(
            go.Scatter(
                name=name,
                x=[r[idx] for r in rows],
                y=y,
                mode="markers",
                marker={"size": 12, "color": color, "line": {"width": 1, "color": "#fff"}},
                customdata=[r[1] for r in rows],
                hovertemplate=f"<b>%{{customdata}}</b><br>{name}{punctuation(':')} "
                f"%{{x:.0f}}{percent_sign()}<extra></extra>",
            )
        )
    layout = dict(
        **base_layout(title, height=130 + 30 * max(len(rows), 1)),
        xaxis=percent_axis(metric),
        yaxis={"automargin": True, "type": "category", "categoryorder": "array",
               "categoryarray": y},
    )  # fmt: skip
    return go.Figure(data=traces, layout=layout)


def compare_practices_chart(a: WavePoint, b: WavePoint, instrument: Instrument | None) -> go.Figure:
    """Execution % per practice in wave A and wave B."""
    labels, texts = labels_for(instrument), item_texts(instrument)
    keys = [i.key for i in instrument.items_of_type("practice")] if instrument else []
    rows = [(labels[k], texts[k], a.practices.get(k), b.practices.get(k)) for k in keys]
    return comparison_chart(
        rows,
        escape(user_label(a.label)),
        escape(user_label(b.label)),
        _("Execution %: A vs B"),
        _("Execution %"),
    )


def compare_enemies_chart(a: WavePoint, b: WavePoint, instrument: Instrument | None) -> go.Figure:
    """Prevalence per enemy in wave A and wave B, most prevalent in B first."""
    texts = item_texts(instrument)
    keys = [i.key for i in instrument.items_of_type("enemy")] if instrument else []
    keys.sort(key=lambda k: -(b.enemies.get(k) or 0))
    rows = [(texts[k], texts[k], a.enemies.get(k), b.enemies.get(k)) for k in keys]
    return comparison_chart(
        rows,
        escape(user_label(a.label)),
        escape(user_label(b.label)),
        _("Enemies of teamwork: A vs B"),
        _("Prevalence"),
    )
