"""How the app writes counts, dates, ranges and orders names: one function each, used by the
pages (as Jinja filters, see :func:`register`), the reports and the messages in Python.

- :func:`plural`: "1 person", "2 people", "1 response", "0 responses".
- :func:`day`: every date as "1 Dec 2026" (day without a leading zero, short month, year);
  :func:`moment` a date and time, "1 Dec 2026, 14:05 UTC".
- :func:`number`: a whole number with thousands separators, "1,000,000,000,000".
- :func:`range_message`: what a number field says when its value is out of range.
- :func:`sort_key`: the sort key of every list of names, so that "Ñandú" comes before "Zürich".

``sort_key`` does without a collation library: PyICU ships no wheels on PyPI (it builds against
the system's ICU and a C++ compiler), and the app must install with pip alone. Names are
compared by their letters with accents, case, compatibility forms and invisible characters set
aside (NFKD, combining marks and format characters dropped, case folded, spaces made single),
then, for names equal that way, with their accents, then as typed, so that the order is total
and stable. That is the primary and secondary strength of the Unicode Collation Algorithm for
the Latin script, Greek and Cyrillic; it does not know a language's own order (Swedish "Å"
after "Z"), which no single order could serve for an organisation's mixed names anyway.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no Flask at import: the pure scoring layer uses these too
    from flask import Flask

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"person": "people", "company": "companies", "enemy": "enemies", "reply": "replies"}


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and the noun that agrees with it: "1 person", "3 people", "0 responses"."""
    many = plural_form or _IRREGULAR.get(singular) or singular + "s"
    return f"{number(n)} {singular if n == 1 else many}"


def noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone that agrees with ``n`` ("person" or "people"), for a sentence that
    writes the number elsewhere."""
    return plural(n, singular, plural_form).split(" ", 1)[1]


# The same format for Plotly's hover labels and date axes (d3-time-format: "%-d" has no zero).
CHART_DAY = "%-d %b %Y"


def day(value: date | None, missing: str = "") -> str:
    """A date as every page and report writes it: "1 Dec 2026"; ``missing`` for none."""
    return missing if value is None else f"{value.day} {value:%b %Y}"


def moment(value: datetime | None, missing: str = "", seconds: bool = False) -> str:
    """A date and time as the pages write them: "1 Dec 2026, 14:05 UTC" (stored times are UTC);
    with ``seconds``, "1 Dec 2026, 14:05:09 UTC" (the audit log)."""
    if value is None:
        return missing
    return f"{day(value)}, {value:%H:%M:%S UTC}" if seconds else f"{day(value)}, {value:%H:%M} UTC"


def number(value: int) -> str:
    """A whole number with thousands separators: "1,000,000"."""
    return f"{value:,}"


def decimal(value: float, digits: int = 0) -> str:
    """A number with ``digits`` decimals: "0.52"."""
    return f"{value:.{digits}f}"


def range_message(low: int, high: int) -> str:
    """The message of a number field out of range, with numbers a person can read."""
    return f"Enter a number from {number(low)} to {number(high)}."


_DROPPED = frozenset({"Mn", "Cf"})  # combining marks; format characters (zero-width, bidi)


def _without(text: str, dropped: frozenset[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) not in dropped)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def sort_key(name: str) -> tuple[str, str, str]:
    """The sort key of a name: "Ñandú" before "Zürich", "émile" beside "Emile"."""
    letters = _without(_without(name, _DROPPED).casefold(), _DROPPED).casefold()
    accented = _without(name, frozenset({"Cf"})).casefold()
    return (_spaced(letters), _spaced(accented), name)


def in_name_order(names: Iterable[str]) -> list[str]:
    """Names sorted by :func:`sort_key` (the Jinja filter ``in_name_order``)."""
    return sorted(names, key=sort_key)


def register(app: Flask) -> None:
    """The Jinja filters: ``{{ n|plural('person') }}``, ``{{ d|day }}``, ``{{ n|number }}``,
    ``{{ x|decimal(2) }}``, ``{{ x|percent }}``, ``{{ names|in_name_order }}``; and
    ``{{ punctuation(':') }}``."""
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["noun"] = noun
    app.jinja_env.filters["day"] = page_day
    app.jinja_env.filters["moment"] = _page_moment
    app.jinja_env.filters["number"] = page_number
    app.jinja_env.filters["decimal"] = _page_decimal
    app.jinja_env.filters["in_name_order"] = in_name_order
    app.jinja_env.filters["percent"] = page_percent
    app.jinja_env.globals["punctuation"] = punctuation


# The filters write dates and numbers as the page's language does: English pages exactly as
# the functions above; a translated page (survey_app/i18n.py) as Babel's data for its language
# ("1 déc. 2026", "01.12.2026"; "1 000", "1.000"), never an English month inside French text.
def _in_english() -> bool:
    from .i18n import DEFAULT, current_language

    return current_language() == DEFAULT


def page_day(value: date | None, missing: str = "") -> str:
    if value is None or _in_english():
        return day(value, missing)
    from flask_babel import format_date

    return str(format_date(value, "medium"))


def _page_moment(value: datetime | None, missing: str = "", seconds: bool = False) -> str:
    if value is None or _in_english():
        return moment(value, missing, seconds)
    return (
        f"{page_day(value)}, {value:%H:%M:%S UTC}"
        if seconds
        else f"{page_day(value)}, {value:%H:%M} UTC"
    )


def page_number(value: int) -> str:
    if _in_english():
        return number(value)
    from flask_babel import format_decimal

    return str(format_decimal(value))


def _page_decimal(value: float, digits: int = 0) -> str:
    if _in_english():
        return decimal(value, digits)
    from flask_babel import format_decimal

    return str(format_decimal(value, format="0." + "0" * digits if digits else "0"))


# A sentence written in Python for a page, with a decimal as the page's language writes it.
page_decimal = _page_decimal


def percent_sign() -> str:
    """The percent sign as the page's language writes it after a number: "%" in English,
    with Babel's no-break space before it in French, Spanish and German ("58 %"). For a chart's
    hover template or tick suffix, where Plotly writes the number."""
    from .i18n import current_language

    return _percent_sign_in(current_language())


@cache  # asked for each label of a chart: Babel's formatting costs 10 µs a time
def _percent_sign_in(language: str) -> str:
    from babel.numbers import format_percent

    written = format_percent(1, locale=language)  # "100 %" in French, "100%" in English
    return written[written.index("100") + 3 :]


def page_percent(value: float | None, digits: int = 0, missing: str = "—") -> str:
    """A percentage as the page's language writes it: "58%", "58 %", "58,5 %"."""
    return missing if value is None else f"{_page_decimal(value, digits)}{percent_sign()}"


# French sets a no-break space before these marks (a narrow one before ; ! ?), so that the
# mark never starts a line; the other languages write them against the word.
_FRENCH_SPACE = {":": "\u00a0", ";": "\u202f", "!": "\u202f", "?": "\u202f"}


def punctuation(mark: str) -> str:
    """``mark`` (":", ";", "!" or "?") as the page's language writes it after a word that a
    template puts before it ("Équipe : Nord" in French)."""
    from .i18n import current_language

    return _FRENCH_SPACE.get(mark, "") + mark if current_language() == "fr" else mark
