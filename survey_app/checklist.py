"""A checklist sent with nothing ticked asks once whether that is right, before it is accepted.

On a form that is only a checklist (an Enemies-of-Teamwork survey on its own, the self-check),
nothing ticked is either the answer "none of these" or a press of the button before reading:
the two look the same. So the first such submission is refused with the question ("You ticked
none of the 20: is that right?") and the form comes back with a hidden ``none_ticked`` field
set; the next submission, ticked or not, is accepted. A form that also asks other questions
never asks this: its other answers show that it was read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext
from wtforms import BooleanField, HiddenField

CONFIRM_FIELD = "none_ticked"
CONFIRMED = "confirmed"


def none_ticked_question(boxes: int) -> str:
    # In the page's language (English everywhere but a survey page; Flask-Babel, survey_app/i18n)
    return gettext("You ticked none of the %(boxes)s: is that right?", boxes=boxes)


class AsksBeforeNoneTicked:
    """Mixin for a form class (before its form base): ``validate`` fails once when no box is
    ticked, with :attr:`none_question` set for the template and no field error."""

    none_ticked = HiddenField()
    none_question = ""

    def checklist_boxes(self) -> Sequence[BooleanField]:
        return [field for field in self if isinstance(field, BooleanField)]  # type: ignore[attr-defined]

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):  # type: ignore[misc]
            return False
        boxes = self.checklist_boxes()
        if any(box.data for box in boxes) or self.none_ticked.data == CONFIRMED:  # type: ignore[attr-defined]
            return True
        self.none_question = none_ticked_question(len(boxes))
        self.none_ticked.data = CONFIRMED  # type: ignore[attr-defined]  # the next press: accepted
        return False


def may_ask(formdata: Any, answer_marker: str = "__") -> bool:
    """Whether a posted form might have to be asked: it answers nothing (no field whose name
    holds ``answer_marker``, as every survey slot's does, has a value) and has not confirmed.
    A quick path that stores complete submissions without the form must leave these to it."""
    if formdata.get(CONFIRM_FIELD) == CONFIRMED:
        return False
    return not any(value for name, value in formdata.items() if answer_marker in name)
