"""Before and after, where the leaders acted: one builder for the dashboard, the PDF and the
deck (survey_app/actions/effect.py gives the rows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
from flask_babel import gettext as _

from .theme import user_label
from .trends import comparison_chart, escape

if TYPE_CHECKING:
    from ..actions.effect import WaveEffect
    from ..models.actions import TargetKind

ACTED_MARK = "\u25cf "  # a dot before the label: this one had an action


def action_effect_chart(effect: WaveEffect, kind: TargetKind) -> go.Figure:
    """A dumbbell per practice (or enemy): the previous wave in grey, this one in colour; the
    ones with an action first, marked with a dot, then the others."""
    acted, others = effect.of(kind, acted=True), effect.of(kind, acted=False)
    had = [_("%(text)s (had an action)", text=r.text) for r in acted]
    rows = [(ACTED_MARK + r.label, h, r.before, r.after) for r, h in zip(acted, had, strict=True)]
    rows += [(r.label, r.text, r.before, r.after) for r in others]
    mark = ACTED_MARK.strip()
    if kind.value == "practice":
        metric = _("Execution %")
        title = _(
            "Execution %%: previous wave and this one (%(mark)s practices with an action)",
            mark=mark,
        )
    else:
        metric = _("Prevalence")
        title = _(
            "Prevalence: previous wave and this one (%(mark)s enemies with an action)", mark=mark
        )
    figure = comparison_chart(
        rows,
        escape(user_label(effect.before.label)),
        escape(user_label(effect.after.label)),
        title,
        metric,
    )
    return figure
