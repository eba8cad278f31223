"""Bar charts: execution answers per practice, category scores, enemies prevalence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from flask_babel import gettext as _

from ..instruments.loader import Instrument
from ..scoring import CategoryScore, EnemiesResult
from ..text import percent_sign, punctuation
from .theme import (
    ACCENT,
    BRAND,
    EXECUTION_COLORS,
    GRID,
    INK,
    MUTED,
    NEUTRAL,
    WARN,
    base_layout,
    category_titles,
    item_texts,
    labels_for,
    pct,
    percent_axis,
)

ONE_THIRD = 100 / 3
# The distribution's segment labels: only segments of at least 10 % get one (at the report's
# width a 10 % segment is about 27 px, just enough for "10%" at 11 px); the page's Plotly.js
# also hides any label that does not fit its segment at full size (``uniformtext``).
MIN_LABELLED = 10
SEGMENT_FONT = 11
DEFAULT_EXECUTION_LABELS = {
    1: "Agree, but we never do this",
    2: "We sometimes do this",
    3: "We often do this",
    4: "We do this consistently",
}


def execution_labels(instrument: Instrument | None) -> dict[int, str]:
    """The four execution answers' wording from the instrument (the seed's labels)."""
    scale = instrument.scales.get("execution") if instrument else None
    if scale is None or not scale.choices:
        return dict(DEFAULT_EXECUTION_LABELS)
    return {c.value: c.label for c in scale.choices}


def execution_shares(counts: Mapping[int, int]) -> dict[int, float]:
    """Answer value -> share of the respondents in % (all zero when nobody answered)."""
    n = sum(counts.values())
    return {v: (counts.get(v, 0) / n * 100 if n else 0.0) for v in (1, 2, 3, 4)}


def execution_distribution_chart(
    execution: Mapping[str, Mapping[int, int]],
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """A diverging stacked bar per practice: answers 1-2 left of zero, 3-4 right of it.

    ``execution`` maps practice key -> answer counts. Values are shares of respondents in %,
    negative for answers 1 and 2; the hover and the labels show them as positive numbers.
    """
    keys = [i.key for i in instrument.items_of_type("practice")] if instrument else []
    keys += [k for k in execution if k not in keys]
    keys = list(reversed(keys))  # first practice at the top
    labels, texts, answers = (
        labels_for(instrument),
        item_texts(instrument),
        execution_labels(instrument),
    )
    shares = {k: execution_shares(execution.get(k, {})) for k in keys}
    traces: list[go.BaseTraceType] = []
    # Stacking order away from zero: 2 then 1 on the left, 3 then 4 on the right.
    for value in (2, 1, 3, 4):
        sign = -1 if value <= 2 else 1
        values = [shares[k][value] for k in keys]
        traces.append(
            go.Bar(
                name=f"{value} · {answers.get(value, value)}",
                y=[labels.get(k, k) for k in keys],
                x=[sign * v for v in values],
                orientation="h",
                marker={"color": EXECUTION_COLORS[value], "line": {"width": 0}},
                text=[pct(v) if v >= MIN_LABELLED else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,  # never turned sideways to squeeze into a thin segment
                constraintext="inside",
                textfont={
                    "color": "#ffffff" if value in (1, 4) else "#1f2937",
                    "size": SEGMENT_FONT,
                },
                customdata=[[texts.get(k, k), v] for k, v in zip(keys, values, strict=True)],
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{answers.get(value, value)}{punctuation(':')} "
                    f"%{{customdata[1]:.0f}}{percent_sign()}<extra></extra>"
                ),
                legendrank=value,
            )
        )
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    layout = dict(
        **base_layout(
            title or _("How often each practice happens"),
            height=120 + 44 * max(len(keys), 1),
            barmode="relative",
            bargap=0.28,
            # A label that would have to shrink below its size to fit is left out instead.
            uniformtext={"mode": "hide", "minsize": SEGMENT_FONT},
            legend={
                "orientation": "h",
                "yanchor": "top",
                "y": -0.08,
                "x": 0,
                "traceorder": "normal",
            },
            margin={"l": 16, "r": 32, "t": 56, "b": 24, "pad": 4},
        ),
        xaxis={
            "range": [-100, 100],
            "tickvals": ticks,
            "ticktext": [pct(abs(t)) for t in ticks],
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": "#374151",
            "zerolinewidth": 1.5,
            "tickfont": {"color": MUTED},
        },
        yaxis={"automargin": True},
    )
    return go.Figure(data=traces, layout=layout)


def category_chart(
    categories: Sequence[CategoryScore],
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """Execution % and Importance % per category, side by side; the gap is in the hover."""
    titles = category_titles(instrument)
    names = [
        titles.get(c.key, c.key).replace("/", "/<br>").replace(" ", "<br>") for c in categories
    ]
    gaps = [c.gap for c in categories]
    traces: list[go.BaseTraceType] = []
    for label, attr, color in ((_("Execution %"), "execution_pct", BRAND), (_("Importance %"),
                               "importance_pct", "#a9c5e8")):  # fmt: skip
        values = [getattr(c, attr) for c in categories]
        traces.append(
            go.Bar(
                name=label,
                x=names,
                y=values,
                marker={"color": color},
                text=[pct(v) if v is not None else "" for v in values],
                textposition="outside",
                cliponaxis=False,
                customdata=[[g if g is not None else 0] for g in gaps],
                hovertemplate=(
                    f"<b>%{{x}}</b><br>{label[:-2]}{punctuation(':')} %{{y:.0f}}{percent_sign()}"
                    f"<br>{_('Gap %(gap)s points', gap='%{customdata[0]:+.0f}')}<extra></extra>"
                ),
            )
        )
    layout = dict(
        **base_layout(
            title or _("Category scores"), height=380, barmode="group", bargap=0.3,
            bargroupgap=0.08,
        ),  # fmt: skip
        yaxis=percent_axis("", range=[0, 108], tickvals=[0, 25, 50, 75, 100]),
        xaxis={"automargin": True},
    )
    return go.Figure(data=traces, layout=layout)


def _under_the_line(value: float) -> bool:
    """A bar whose outside label would run across the one-third line (labels take ~8 points)."""
    return ONE_THIRD - 9 <= value < ONE_THIRD


def enemies_chart(
    enemies: EnemiesResult,
    instrument: Instrument | None,
    title: str | None = None,
) -> go.Figure:
    """Prevalence per enemy, most prevalent at the top, with a dashed line at one third.

    Enemies above one third (the ones that get a recommendation) are drawn in red.
    """
    texts = item_texts(instrument)
    rows = list(reversed(enemies.prevalences))  # most prevalent at the top
    values = [r.prevalence_pct or 0.0 for r in rows]
    traces = [
        go.Bar(
            x=values,
            y=[texts.get(r.key, r.key) for r in rows],
            orientation="h",
            marker={"color": [WARN if r.above_one_third else NEUTRAL for r in rows]},
            text=[pct(v) for v in values],
            # A bar ending just short of the one-third line puts its label inside, at its end:
            # outside, the label would sit across the dashed line.
            textposition=["inside" if _under_the_line(v) else "outside" for v in values],
            insidetextanchor="end",
            insidetextfont={"color": INK},
            textangle=0,
            cliponaxis=False,
            customdata=[[r.ticked, r.raters] for r in rows],
            hovertemplate=(
                f"<b>%{{y}}</b><br>{_('%(share)s of raters', share='%{x:.0f}' + percent_sign())}"
                "<extra></extra>"
            ),
            name=_("Prevalence"),
        )
    ]
    layout = dict(
        **base_layout(
            title or _("Enemies of teamwork: how many see each one"),
            height=120 + 26 * max(len(rows), 1),
            showlegend=False,
            bargap=0.25,
            shapes=[
                {
                    # Behind the bars and their labels ("between" needs both axes): drawn
                    # over them, it struck through the label of a bar just short of it.
                    "type": "line",
                    "xref": "x",
                    "yref": "y",
                    "x0": ONE_THIRD,
                    "x1": ONE_THIRD,
                    "y0": -0.5,
                    "y1": max(len(rows), 1) - 0.5,
                    "line": {"color": ACCENT, "width": 1.5, "dash": "dash"},
                    "layer": "between",
                }
            ],
            annotations=[
                {
                    "x": ONE_THIRD,
                    "y": 1,
                    "xref": "x",
                    "yref": "paper",
                    "yanchor": "bottom",
                    "xanchor": "left",
                    "showarrow": False,
                    "text": " " + _("1 in 3 raters"),
                    "font": {"size": 11, "color": ACCENT},
                }
            ],
        ),  # fmt: skip
        xaxis=percent_axis(_("Share of raters"), tickvals=[0, 25, 50, 75, 100]),
        yaxis={"automargin": True},
    )
    return go.Figure(data=traces, layout=layout)
