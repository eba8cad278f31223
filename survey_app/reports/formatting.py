"""How numbers, dates and user text look in a report: the same as on the dashboard.

The dashboard rounds indices and percentages to whole numbers, so the PDF does too: a leader
comparing the two sees the same figures.
"""

from __future__ import annotations

from datetime import date

DASH = "—"


def one(value: float | None) -> str:
    """An index (0-100), rounded like the dashboard; a dash for no value."""
    return DASH if value is None else f"{value:.0f}"


def pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}%"


def signed(value: float | None) -> str:
    """A change or a gap in points with its sign, e.g. "+4" or "−3"."""
    return DASH if value is None else f"{value:+.0f}".replace("-", "\u2212")


def day(value: date | None) -> str:
    return "not set" if value is None else f"{value.day} {value:%b %Y}"
