"""A campaign's reminder schedule as the form writes it: days before closing, e.g. "7, 2"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask_babel import gettext

MAX_DAYS_BEFORE = 60
MAX_SCHEDULED = 5
DEFAULT_SCHEDULE = (7, 2)  # what a new campaign's form proposes


def parse_schedule(text: str) -> list[int]:
    """``"7, 2"`` as ``[7, 2]`` (largest first, each once); raises ValueError with the
    sentence to show beside the field."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if any(not p.isdigit() for p in parts):
        raise ValueError(
            gettext("Enter whole numbers of days, separated by commas, for example 7, 2.")
        )
    days = sorted({int(p) for p in parts}, reverse=True)
    if any(not 1 <= d <= MAX_DAYS_BEFORE for d in days):
        raise ValueError(
            gettext("Each number of days must be from 1 to %(num)s.", num=MAX_DAYS_BEFORE)
        )
    if len(days) > MAX_SCHEDULED:
        raise ValueError(gettext("Enter at most %(num)s reminders.", num=MAX_SCHEDULED))
    return days


def format_schedule(days: Sequence[int] | None) -> str:
    return ", ".join(str(d) for d in days or ())
