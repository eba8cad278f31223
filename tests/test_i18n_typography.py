"""Each language's typography, in the catalogues and in what Python writes beside them.

French sets a no-break space before « : » and a narrow one before « ; ! ? », inside « … », and
before "%"; its apostrophe is ’. Spanish quotes with « … », and Spanish and German, like French,
keep "58 %" on one line with a no-break space, as Babel's data writes a percentage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from survey_app.text import page_percent, percent_sign, punctuation

CATALOGUES = Path(__file__).resolve().parent.parent / "survey_app" / "translations"


def _strings(language: str) -> list[tuple[str, str]]:
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(str(message.id), s) for s in strings if s]
    return found


# (what is wrong, the pattern that finds it) in every French string.
FRENCH = (
    ("a plain space before : ; ! ? or »", re.compile(r" [:;!?»]")),
    ("a mark glued to its word", re.compile(r"(\w|\)s|</\w+>)[;!?](?=\s|$)")),
    ("a plain space after «", re.compile(r"« ")),
    ("a typewriter apostrophe", re.compile(r"\w'\w")),
    ("a percent sign glued or after a plain space", re.compile(r"(\d|\)s) ?%")),
)


def test_the_french_catalogue_keeps_french_typography():
    wrong = [
        (problem, string)
        for _msgid, string in _strings("fr")
        for problem, pattern in FRENCH
        if pattern.search(string)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["es", "de"])
def test_spanish_and_german_keep_a_percentage_on_one_line(language):
    split = [s for _, s in _strings(language) if re.search(r"(\d|\)s) %", s)]
    assert split == []


def test_spanish_quotes_with_angle_quotes():
    assert [s for _, s in _strings("es") if "“" in s or "”" in s] == []


@pytest.mark.parametrize(
    ("language", "written", "with_one_decimal", "colon", "question"),
    [
        ("en", "58%", "58.5%", ":", "?"),
        ("fr", "58\u00a0%", "58,5\u00a0%", "\u00a0:", "\u202f?"),
        ("es", "58\u00a0%", "58,5\u00a0%", ":", "?"),
        ("de", "58\u00a0%", "58,5\u00a0%", ":", "?"),
    ],
)
def test_percentages_and_marks_as_each_language_writes_them(
    app, language, written, with_one_decimal, colon, question
):
    with app.test_request_context(), force_locale(language):
        assert page_percent(58) == written
        assert page_percent(58.5, 1) == with_one_decimal
        assert page_percent(None) == "—"
        assert f"58{percent_sign()}" == written
        assert punctuation(":") == colon
        assert punctuation("?") == question
