"""The deck's layout, as rendering it with LibreOffice and looking at it found it wanting: every
shape on its slide, every text within its box however long the actions' titles, sizes on the
runs, no bullet before the agenda's own numbers, charts undistorted at the height their builder
chose, a change that agrees with its rounded before and after, and the session's new actions on
its Decisions slide."""

from __future__ import annotations

import math
from datetime import date, timedelta
from io import BytesIO

import pytest
from pptx import Presentation
from pptx.util import Emu

from survey_app.actions.services import ActionInput, Target, create_action
from survey_app.models import ActionStatus, TargetKind
from survey_app.strategy_sessions.agenda import ChangeItem

from .test_strategy_sessions import _created, waves  # noqa: F401 - the fixture, shared

PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE
LONG_TITLE = "Hold a thirty-minute strategy review before every trip to the account " * 2


def _deck(client, session, language: str = "en") -> Presentation:
    response = client.get(f"/sessions/{session.id}/deck.pptx?lang={language}")
    assert response.status_code == 200
    return Presentation(BytesIO(response.data))


def _needed_pt(frame, width: int) -> float:
    """A rough height of a text frame's text: 0.5 em a character (Calibri's is less), lines of
    1.2 em, each paragraph's space after; independent of the deck's own estimate."""
    usable = (width - Emu(182880)) / 12700  # the frame's left and right insets, 0.1 in each
    total = 0.0
    for para in frame.paragraphs:
        if not para.text:
            continue
        size = para.runs[0].font.size.pt
        per_line = max(1, int(usable / (size * 0.5)))
        total += math.ceil(len(para.text) / per_line) * size * 1.2
        total += para.space_after.pt if para.space_after is not None else 0
    return total


def _many_long_actions(campaign, leader, n: int = 9) -> None:
    target = Target(TargetKind.PRACTICE, "strategy_reviews", "", "", "")
    for i in range(n):
        title = f"{LONG_TITLE[:190]} {i}"
        data = ActionInput(title, "", leader.id, "", date.today(), ActionStatus.PLANNED)
        create_action(campaign.company, target, data, date.today() - timedelta(days=1), campaign)


# What did not fit, counted, in each language (German is the longest).
MORE = {
    "en": "more on the session page",
    "fr": "de plus sur la page de la session",
    "de": "weitere auf der Seite der Sitzung",
}


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_every_shape_and_text_fits_its_slide_even_with_long_actions(
    leader_client,
    waves,  # noqa: F811
    leader,
    language,
):
    before, campaign = waves
    _many_long_actions(before, leader)  # nine open actions of 190 characters and more
    deck = _deck(leader_client, _created(leader_client, campaign, leader), language)
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            where = f"slide {number}, {shape.name}"
            assert shape.left >= 0, where
            assert shape.top >= 0, where
            assert shape.left + shape.width <= width, where
            assert shape.top + shape.height <= height, where
            if not shape.has_text_frame:
                continue
            for para in shape.text_frame.paragraphs:
                for run in para.runs:  # on the run, where PowerPoint keeps it when edited
                    assert run.font.size is not None, where
            room = (shape.height - Emu(91440)) / 12700  # top and bottom insets, 0.05 in each
            assert _needed_pt(shape.text_frame, shape.width) <= room, where
    first = deck.slides[3].shapes[1].text_frame.text
    assert LONG_TITLE[:40] in first
    assert MORE[language] in first  # what did not fit is counted, not cut


def test_the_agenda_slide_numbers_without_bullets(leader_client, waves, leader):  # noqa: F811
    _, campaign = waves
    deck = _deck(leader_client, _created(leader_client, campaign, leader))
    paragraphs = deck.slides[2].placeholders[1].text_frame.paragraphs
    assert [p.text[:2] for p in paragraphs] == ["1.", "2.", "3.", "4.", "5."]
    for para in paragraphs:
        assert (
            para._p.pPr.find(  # noqa: SLF001
                "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone"
            )
            is not None
        )


def test_charts_keep_their_shape_and_the_builders_height(leader_client, waves, leader):  # noqa: F811
    _, campaign = waves
    deck = _deck(leader_client, _created(leader_client, campaign, leader))
    pictures = {s.name: s for slide in deck.slides for s in slide.shapes if s.shape_type == PICTURE}
    assert set(pictures) == {"chart-ipa", "chart-enemies", "chart-change"}
    for name, picture in pictures.items():
        pixels_w, pixels_h = picture.image.size
        assert pixels_w == 720 * 3, name  # the report's width, drawn at 3x
        assert abs(picture.width / picture.height - pixels_w / pixels_h) < 0.01, name
    # The enemies chart at its builder's height (120 + 26 px a row), not squashed to one size.
    assert pictures["chart-enemies"].image.size[1] > pictures["chart-ipa"].image.size[1]


def test_a_change_is_the_difference_of_what_is_shown():
    change = ChangeItem(TargetKind.ENEMY, "silos", "Silos", "Seen by", 67.5, 52.5)
    assert change.delta == -16  # "68% -> 52% (-16)", never (-15)
    assert ChangeItem(TargetKind.PRACTICE, "x", "X", "Execution %", 18.3, 29.2).delta == 11
    assert ChangeItem(TargetKind.PRACTICE, "x", "X", "Execution %", None, 29.2).delta is None


def test_the_decisions_slide_holds_the_sessions_new_actions(leader_client, waves, leader):  # noqa: F811
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    leader_client.post(f"/sessions/{session.id}/decisions", data={"decision": "Review Mondays"})
    leader_client.post(
        f"/sessions/{session.id}/actions",
        data={
            "target": "practice:strategy_reviews",
            "title": "Book the Monday slot",
            "owner_name": "Kim Guest",
            "due_on": "2027-01-15",
            "status": "planned",
        },
    )
    deck = _deck(leader_client, session)
    decisions = deck.slides[7].shapes[1].text_frame.text
    assert "Review Mondays" in decisions
    assert "New action: Book the Monday slot \u2014 Kim Guest, due 15 Jan 2027" in decisions
    changes = deck.slides[6].shapes[1].text_frame.text
    assert "Execution %" not in changes  # "execution 30% -> 45%", inside the sentence
