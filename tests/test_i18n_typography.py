"""Each language's typography, in the catalogues and in what Python writes beside them.

French sets a no-break space before « : » and a narrow one before « ; ! ? », inside « … », and
before "%"; its apostrophe is ’. Spanish quotes with « … », and Spanish and German, like French,
keep "58 %" on one line with a no-break space, as Babel's data writes a percentage.

Each rule holds twice: in the message catalogues, and in the versioned wording beside the
definitions (the instruments' translations and the playbook), which a respondent and a report
read as much as any page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from flask_babel import force_locale

from survey_app.instruments.loader import DEFINITIONS_DIR
from survey_app.scoring.recommendations import playbook_file
from survey_app.text import page_percent, percent_sign, punctuation

CATALOGUES = Path(__file__).resolve().parent.parent / "survey_app" / "translations"


def _catalogue(language: str) -> list[tuple[str, str]]:
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(str(message.id), s) for s in strings if s]
    return found


def _texts(data: object, where: str) -> list[tuple[str, str]]:
    if isinstance(data, str):
        return [(where, data)]
    if isinstance(data, dict):
        return [t for key, value in data.items() for t in _texts(value, f"{where}.{key}")]
    return []


def _wording(language: str) -> list[tuple[str, str]]:
    """Every text of the language's instrument translations and playbook, by file and key."""
    files = [*sorted(DEFINITIONS_DIR.glob(f"*.v*.{language}.yaml")), playbook_file(language)]
    assert len(files) == 3  # two instruments and the playbook: a renamed file is not skipped
    return [
        text
        for path in files
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    ]


SOURCES = {"catalogue": _catalogue, "wording": _wording}


# (what is wrong, the pattern that finds it) in every French string.
FRENCH = (
    ("a plain space before : ; ! ? or »", re.compile(r" [:;!?»]")),
    ("a mark glued to its word", re.compile(r"(\w|\)s|</\w+>)[;!?](?=\s|$)")),
    ("a plain space after «", re.compile(r"« ")),
    ("a typewriter apostrophe", re.compile(r"\w'\w")),
    ("a percent sign glued or after a plain space", re.compile(r"(\d|\)s) ?%")),
)


@pytest.mark.parametrize("source", SOURCES)
def test_french_keeps_french_typography(source):
    wrong = [
        (problem, where, string)
        for where, string in SOURCES[source]("fr")
        for problem, pattern in FRENCH
        if pattern.search(string)
    ]
    assert wrong == []


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("language", ["es", "de"])
def test_spanish_and_german_keep_a_percentage_on_one_line(language, source):
    split = [s for _, s in SOURCES[source](language) if re.search(r"(\d|\)s) %", s)]
    assert split == []


@pytest.mark.parametrize("source", SOURCES)
def test_spanish_quotes_with_angle_quotes(source):
    assert [s for _, s in SOURCES[source]("es") if "“" in s or "”" in s] == []


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
