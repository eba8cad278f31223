"""How numbers, dates and user text look in a report: the same as on the dashboard.

The dashboard rounds indices and percentages to whole numbers, so the PDF does too: a leader
comparing the two sees the same figures, whatever the report's language (only the words and
the dates' month names change with it).
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, lazy_gettext
from flask_babel import gettext as _

from .. import text
from ..charts.theme import quadrant_name
from ..i18n import DEFAULT, current_language
from ..scoring import Quadrant
from ..scoring import change as shown_change
from ..scoring.bands import Audience, Band, RiskLevel
from ..text import page_percent

DASH = "—"

# The bands' names as the report prints them (the band's label is the English the rest of the
# app shows).
BANDS = {
    RiskLevel.HEALTHY: lazy_gettext("Healthy"),
    RiskLevel.AT_RISK: lazy_gettext("At risk"),
    RiskLevel.TOXIC: lazy_gettext("Toxic"),
}
VERDICTS = {  # a prospect's, named in the methodology
    RiskLevel.HEALTHY: lazy_gettext("Pursue"),
    RiskLevel.AT_RISK: lazy_gettext("Pursue with caution"),
    RiskLevel.TOXIC: lazy_gettext("Walk away"),
}


def one(value: float | None) -> str:
    """An index (0-100), rounded like the dashboard; a dash for no value."""
    return DASH if value is None else f"{value:.0f}"


def pct(value: float | None) -> str:
    return page_percent(value, missing=DASH)


def signed(value: float | None) -> str:
    """A change or a gap in points with its sign, e.g. "+4" or "−3"."""
    return DASH if value is None else f"{value:+.0f}".replace("-", "\u2212")


def day(value: date | None) -> str:
    """A date as the pages write it (:func:`survey_app.text.day`); in another language, as
    that language writes a date ("1 déc. 2026")."""
    if current_language() == DEFAULT:
        return text.day(value, missing="not set")
    return _("not set") if value is None else str(format_date(value, "medium"))


def change(before: float | None, after: float | None, digits: int = 0) -> float | None:
    """A change of two numbers printed with ``digits`` decimals, of the two as printed."""
    return shown_change(before, after, digits)


def quadrant(value: Quadrant | str) -> str:
    """A quadrant's name in the report's language."""
    return quadrant_name(value)


def band_label(band: Band) -> str:
    """A campaign's band (or a prospect's verdict) in the report's language."""
    return str((BANDS if band.audience is Audience.OWN else VERDICTS)[band.level])


def css_string(value: str) -> str:
    """Our own text as a CSS string literal (a page margin's ``content``): quoted, with its
    backslashes, quotes and line ends escaped, so no translation can end the rule."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    escaped = escaped.replace("<", "\\3c ")  # never a "</style>"
    return f'"{escaped}"'


def page_margins_css() -> str:
    """The page margins' fixed words in the report's language (report.css has the English)."""
    if current_language() == DEFAULT:
        return ""
    before, _mark, after = _(
        "Confidential: for the strategy session. Groups under %(k)s are never shown.", k="\x00"
    ).partition("\x00")
    page, _mark, of = _("Page %(page)s of %(pages)s", page="\x00", pages="\x00").partition("\x00")
    of = of.partition("\x00")[0]
    return (
        "@page { @bottom-left { content: " + css_string(before) + " string(k-value) "
        + css_string(after) + "; } @bottom-right { content: " + css_string(page)
        + " counter(page) " + css_string(of) + " counter(pages); } }"
        "@page cover { @bottom-left { content: none; } @bottom-right { content: none; } }"
    )  # fmt: skip
