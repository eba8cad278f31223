"""The verdicts' track record: the win rate per verdict band, with the deals it rests on."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..prospects.track_record import BandRecord
from ..scoring import RiskLevel
from .theme import MUTED, base_layout, percent_axis

# The verdicts' own colours (as the badges on the pipeline).
BAND_COLORS = {
    RiskLevel.HEALTHY: "#1e8449",
    RiskLevel.AT_RISK: "#b9770e",
    RiskLevel.TOXIC: "#c0392b",
}
NOT_ENOUGH = lazy_gettext("not enough deals yet")


def track_record_chart(rows: Sequence[BandRecord], title: str | None = None) -> go.Figure:
    """One bar per verdict band: the win rate where the band has at least MIN_DEALS closed
    deals; otherwise no bar, and the band's label says "not enough deals yet". Each label
    carries the band's count, so that a rate is never read without what it rests on."""
    bands = [r for r in rows if r.level is not None]
    labels = [r.label + "<br>(" + _("%(num)s closed", num=r.closed) + ")" for r in bands]
    rates = [r.win_rate if r.win_rate is not None else 0.0 for r in bands]
    texts = [
        _(
            "%(rate)s%% won (%(won)s of %(closed)s)",
            rate=format(r.win_rate, ".0f"),
            won=r.won,
            closed=r.closed,
        )
        if r.win_rate is not None
        else str(NOT_ENOUGH)
        for r in bands
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=rates,
            marker={"color": [BAND_COLORS[r.level] for r in bands if r.level is not None]},
            text=texts,
            textposition="outside",
            textfont={"color": [MUTED if r.win_rate is None else "#1f2937" for r in bands]},
            cliponaxis=False,
            hovertemplate="%{x}<br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(
            title or _("Win rate by verdict at the outcome date"),
            height=320,
            showlegend=False,
            bargap=0.45,
        ),
        yaxis=percent_axis(_("Deals won"), tickvals=[0, 25, 50, 75, 100], range=[0, 115]),
        xaxis={"automargin": True},
    )
    return fig
