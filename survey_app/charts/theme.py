"""Shared look of every chart: colours, fonts, short labels and the base layout.

Nothing here needs a browser: the same figures are drawn by Plotly.js on the page and exported
to SVG through Kaleido for the PDF, so styling lives in the figure itself.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext

from ..bidi import clip, isolate
from ..instruments.loader import Instrument
from ..scoring import Quadrant
from ..text import page_percent, percent_sign

# Inter and Droid Sans Fallback (CJK) are shipped in static/fonts: the PDF's Chromium (Kaleido)
# measures with them and WeasyPrint draws with them. A page falls back to the system font.
FONT = (
    "Inter, 'Droid Sans Fallback', system-ui, -apple-system, 'Segoe UI', Roboto, "
    "'Helvetica Neue', Arial, sans-serif"
)
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
BRAND = "#0a3a75"
ACCENT = "#2a9d8f"
WARN = "#c0392b"
NEUTRAL = "#94a3b8"
HIDDEN_FILL = "#e5e7eb"

QUADRANT_COLORS: dict[Quadrant, str] = {
    Quadrant.CONCENTRATE_HERE: "#c0392b",
    Quadrant.KEEP_UP_THE_GOOD_WORK: "#1e8449",
    Quadrant.LOW_PRIORITY: "#7f8c8d",
    Quadrant.POSSIBLE_OVERKILL: "#d68910",
}

# Execution answers 1-4: two reds left of zero, two blues right of it.
EXECUTION_COLORS = {1: "#b03a2e", 2: "#f1948a", 3: "#85c1e9", 4: "#1f618d"}

# Short labels for the chart axes and markers; the full wording is on hover and in the tables.
# In the page's language (a report may be in another: survey_app/i18n.py), English elsewhere.
SHORT_LABELS: dict[str, Any] = {
    "recognized_rewarded": lazy_gettext("Teamwork rewarded"),
    "support_people": lazy_gettext("Support on the team"),
    "org_chart_mapping": lazy_gettext("Org chart mapping"),
    "strategy_reviews": lazy_gettext("Strategy reviews"),
    "clear_owner": lazy_gettext("Clear account owner"),
    "split_credits": lazy_gettext("Split credits settled"),
    "global_coverage": lazy_gettext("Global coverage"),
    "sales_culture": lazy_gettext("Strong sales culture"),
    "selling_skills": lazy_gettext("Selling skills rewarded"),
}
# The quadrants' names as charts and reports print them (the enum's values are the English).
QUADRANT_NAMES: dict[Quadrant, Any] = {
    Quadrant.CONCENTRATE_HERE: lazy_gettext("Concentrate here"),
    Quadrant.KEEP_UP_THE_GOOD_WORK: lazy_gettext("Keep up the good work"),
    Quadrant.LOW_PRIORITY: lazy_gettext("Low priority"),
    Quadrant.POSSIBLE_OVERKILL: lazy_gettext("Possible overkill"),
}


def quadrant_name(quadrant: Quadrant | str) -> str:
    """A quadrant's name in the page's language."""
    return str(QUADRANT_NAMES[Quadrant(quadrant)])
MAX_SHORT = 30


def short_label(key: str, text: str) -> str:
    """A chart-sized label: the curated one, else the wording cut at a word boundary."""
    if key in SHORT_LABELS:
        return str(SHORT_LABELS[key])
    if len(text) <= MAX_SHORT:
        return text
    cut = text[:MAX_SHORT].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


MAX_NAME = 40  # a team's or a wave's name on an axis or in a legend; whole in the tables


def user_label(name: str, limit: int = MAX_NAME) -> str:
    """A name people typed, as a chart label: cut to ``limit`` characters so that a long one
    cannot push the plot off its page, and isolated (FSI/PDI) so that its direction cannot
    reorder the label around it. Not escaped: the builders escape every label for Plotly."""
    return isolate(clip(name, limit))


def item_texts(instrument: Instrument | None) -> dict[str, str]:
    """Item key -> full wording (empty when the instrument is missing)."""
    return {} if instrument is None else {i.key: i.text for i in instrument.items}


def labels_for(instrument: Instrument | None) -> dict[str, str]:
    """Item key -> short label."""
    return {key: short_label(key, text) for key, text in item_texts(instrument).items()}


def category_titles(instrument: Instrument | None) -> dict[str, str]:
    return {} if instrument is None else {c.key: c.title for c in instrument.categories}


def pct(value: float | None, digits: int = 0) -> str:
    """A percentage for labels, hover text and tables, as the chart's language writes it
    ("58%", "58 %"); a dash when there is no value."""
    return page_percent(value, digits, missing="–")


def base_layout(title: str, height: int = 420, **extra: Any) -> dict[str, Any]:
    """The layout every figure starts from: title, fonts, margins, a white plot."""
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16, "color": INK}},
        "font": {"family": FONT, "size": 12, "color": INK},
        "height": height,
        "margin": {"l": 16, "r": 32, "t": 56, "b": 48, "pad": 4},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT, "size": 12}, "align": "left"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        "template": "none",  # everything is styled here; keeps the JSON small
    }
    layout.update(extra)
    return layout


def percent_axis(title: str, **extra: Any) -> dict[str, Any]:
    """A 0-100 % axis with light grid lines."""
    axis: dict[str, Any] = {
        "title": {"text": title},
        "range": [0, 100],
        "ticksuffix": percent_sign(),
        "gridcolor": GRID,
        "zeroline": False,
        "automargin": True,
    }
    axis.update(extra)
    if "tickvals" in axis and "ticktext" not in axis:
        # Plotly.js drops ticksuffix on explicit tick values: write the labels out.
        axis["ticktext"] = [f"{v:g}{axis['ticksuffix']}" for v in axis["tickvals"]]
    return axis
