"""Date axes in the page's language. Plotly writes month names in English only ("1 Sep 2026"),
so on a page in another language the ticks and the hover text are spelled by Babel instead
("1 sept. 2026", "01.09.2026"); English keeps Plotly's own ticks, written as every page writes a
day (``text.CHART_DAY``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..i18n import DEFAULT, current_language
from ..text import CHART_DAY, page_day


def day_axis(first: date, last: date, ticks: int = 6) -> dict[str, Any]:
    """The tick settings of a date axis from ``first`` to ``last``: month starts, at most
    ``ticks`` of them, in the page's language."""
    if current_language() == DEFAULT:
        return {"tickformat": CHART_DAY, "nticks": ticks}
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    inside = [d for d in months if first <= d <= last] or [first]
    step = -(-len(inside) // ticks)  # ceiling: no more than ``ticks`` labels
    shown = inside[::step]
    return {
        "tickmode": "array",
        "tickvals": [d.isoformat() for d in shown],
        "ticktext": [page_day(d) for d in shown],
    }


def hover_days(days: Sequence[date]) -> list[str]:
    """Each point's day as the page writes it, for a trace's ``customdata`` (``%{customdata}``
    in its hover template)."""
    return [page_day(d) for d in days]
