"""Cell values safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before reading a formula) would run as a formula when the file is
opened. Such text gets a leading single quote, so it is shown as text and never evaluated.
Numbers are left as numbers: they cannot carry a formula.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def neutralise(value: Cell) -> Cell:
    """``value`` with any text that a spreadsheet would read as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def number(value: float | None, digits: int = 1) -> float | None:
    """A score rounded for display; ``None`` stays an empty cell."""
    return None if value is None else round(value, digits)
