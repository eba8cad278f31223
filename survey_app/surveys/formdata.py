"""The posted survey form read as it came, for the quick submission path.

:mod:`survey_app.surveys.submission` takes a clean, complete submission straight from the
posted fields; anything these functions refuse goes through the full WTForms form instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..instruments import Instrument
from .services import IncompleteAnswers

TEAM_FIELD = "team"
_FALSE = ("", "false")  # what an HTML checkbox (WTForms' BooleanField) reads as unticked


def answers_from_formdata(
    instruments: list[Instrument], formdata: Mapping[str, str]
) -> dict[str, int]:
    """The posted answers as integers; a flag is ticked unless blank or "false", as in WTForms.

    Unanswered questions are left out (``check_complete`` decides whether that is allowed).
    """
    answers: dict[str, int] = {}
    bad: dict[str, str] = {}
    for instrument in instruments:
        for slot in instrument.slots():
            # Not .get(): werkzeug's raises and catches an exception for each unticked flag.
            raw = formdata[slot.name] if slot.name in formdata else None  # noqa: SIM401
            if slot.kind == "flag":
                answers[slot.name] = 0 if raw is None or raw in _FALSE else 1
            elif raw:
                try:
                    answers[slot.name] = int(raw)
                except ValueError:
                    bad[slot.name] = "Please choose one of the answers shown."
    if bad:
        raise IncompleteAnswers(bad)
    return answers


def posted_team(formdata: Mapping[str, str]) -> int | None:
    """The team chosen in the posted form, if any (``check_complete`` does not see it)."""
    raw = formdata.get(TEAM_FIELD)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise IncompleteAnswers({TEAM_FIELD: "Please choose your team."}) from None
