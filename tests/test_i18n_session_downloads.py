"""A strategy session's pre-read and deck in English, Spanish, French or German (?lang= on
their downloads, the picker beside them on the session page, the leader's own language by
default; the command line's --lang): the seeds' sentences as the session page shows them, the
practices and enemies in the instruments' own translations, the dates as the language writes
them, the pre-read on two pages."""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO

import pytest
from flask_babel import gettext
from pptx import Presentation
from pypdf import PdfReader

from survey_app.extensions import db
from survey_app.i18n import rendering_in
from survey_app.instruments import ENEMIES, latest_versions
from survey_app.instruments.translations import in_language
from survey_app.reports.formatting import day
from survey_app.strategy_sessions import wording

from .test_strategy_sessions import _created, waves  # noqa: F401 - the fixture, shared

# English that a translated pre-read or deck must not print.
ENGLISH = (
    "Strategy session pre-read", "Date and horizon", "Results from", "Roles", " Owner ",
    "not assigned", "Best practice", "Misaligned goals", "Cynicism", "Enemy of teamwork",
    "Seen by", "of the raters",
    "Recorded by the scribe", "How we run this session", "Attendees", "due ", "gap ",
)  # fmt: skip


def _expected(language: str) -> dict[str, object]:
    with rendering_in(language):
        enemies = in_language(latest_versions()[ENEMIES], language)
        return {
            "items": [gettext(item) for item in wording.AGENDA_ITEMS],
            "no_review": gettext(wording.NO_REVIEW),
            "growth": gettext(wording.GROWTH),
            "moderator": gettext("%(role)s: %(name)s", role=gettext("Moderator"), name=""),
            "enemy": next(i.text for i in enemies.items if i.key == "misaligned_goals"),
            "today": day(date.today()),
        }


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_the_pre_read_is_two_pages_in_each_language(leader_client, waves, leader, language):  # noqa: F811
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    leader_client.post(f"/sessions/{session.id}/decisions", data={"decision": "Review Mondays"})
    response = leader_client.get(f"/sessions/{session.id}/pre-read.pdf?lang={language}")
    assert response.status_code == 200
    assert len(PdfReader(BytesIO(response.data)).pages) == 2
    text = _pdf_text(response.data)
    want = _expected(language)
    # The PDF's text comes back with its no-break spaces as plain ones.
    items = [" ".join(item.split()) for item in want["items"]]
    positions = [text.index(f"{n}. {item}") for n, item in enumerate(items, 1)]
    assert positions == sorted(positions)
    for sentence in (want["no_review"], want["growth"], want["enemy"], want["today"]):
        assert " ".join(str(sentence).split()) in text
    assert " ".join(str(want["moderator"]).split()) + " " + leader.name in text
    assert "Hold the Monday reviews" in text
    assert "Review Mondays" in text
    for english in ENGLISH:
        assert english not in text, english


def test_the_downloads_default_to_the_leaders_language(leader_client, waves, leader):  # noqa: F811
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    leader.language = "fr"
    db.session.commit()
    page = leader_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'id="report-language"' in page
    assert '<option value="fr" lang="fr" selected>' in page
    assert "Présentation dans cette langue" in page
    assert "PDF dans cette langue" in page
    text = _pdf_text(leader_client.get(f"/sessions/{session.id}/pre-read.pdf").data)
    assert _expected("fr")["no_review"] in text
    english = _pdf_text(leader_client.get(f"/sessions/{session.id}/pre-read.pdf?lang=en").data)
    assert wording.NO_REVIEW in english
    assert "Strategy session pre-read" in english


def _deck_text(data: bytes) -> list[str]:
    deck = Presentation(BytesIO(data))
    return [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_deck_in_each_language(leader_client, waves, leader, language):  # noqa: F811
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    response = leader_client.get(f"/sessions/{session.id}/deck.pptx?lang={language}")
    assert response.status_code == 200
    slides = _deck_text(response.data)
    want = _expected(language)
    titles = [Presentation(BytesIO(response.data)).slides[n].shapes.title.text for n in range(8)]
    assert titles[3:] == [f"{n}. {item}" for n, item in enumerate(want["items"], 1)]
    assert want["no_review"] in slides[0]
    assert want["today"] in slides[0]
    assert want["growth"] in slides[1]
    assert want["enemy"] in slides[5]
    whole = " ".join(slides)
    for english in ENGLISH:
        assert english not in whole, english


def test_the_command_line_writes_a_deck_in_the_language_asked(app, waves, tmp_path):  # noqa: F811
    _, campaign = waves
    out = tmp_path / "deck.pptx"
    args = ["session-deck", str(campaign.id), "-o", str(out), "--lang", "de"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert _expected("de")["items"][0] in _deck_text(out.read_bytes())[3]
    wrong = app.test_cli_runner().invoke(args=[*args[:-1], "xx"])
    assert wrong.exit_code != 0


def test_a_french_pre_read_page_draws(leader_client, waves, leader, tmp_path):  # noqa: F811
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    for n in range(7):  # more actions than fit: counted, never onto a third page
        leader_client.post(
            f"/sessions/{session.id}/decisions", data={"decision": f"Décision numéro {n}"}
        )
    response = leader_client.get(f"/sessions/{session.id}/pre-read.pdf?lang=fr")
    pdf = tmp_path / "pre-read.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    assert sorted(p.name for p in tmp_path.glob("p-*.png")) == ["p-1.png", "p-2.png"]
    assert "et 2 de plus sur la page de la session." in _pdf_text(response.data)
