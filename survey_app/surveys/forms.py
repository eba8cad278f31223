"""The respondent's form, made from the campaign's pinned instruments.

As in indico's survey module, a registry maps each slot kind to a WTForms field factory, and a
form class is made with ``type()`` per set of pinned instruments and team choices. It is built
once and shared (a burst of respondents would otherwise rebuild the same class on every
request); it holds unbound fields only, so nothing a respondent types is ever kept on it.
Field names are the slot names (``<item_key>__<dimension>``), the names the answer store and
the scoring use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectField
from wtforms.fields.core import UnboundField
from wtforms.validators import InputRequired, Optional, ValidationError

from ..checklist import AsksBeforeNoneTicked
from ..i18n import current_language
from ..input_guard import AppForm, CheckedByViewField
from ..instruments import Instrument, in_language
from ..instruments.item_types import Slot
from ..models import Campaign, Invitation

TEAM_FIELD = "team"
NONCE_FIELD = "nonce"
# Up to this many teams are shown as radio buttons; more become a drop-down list.
MAX_TEAM_RADIOS = 8


class _Accepts:
    """The value is one the slot allows (a guard against edited or stale form posts)."""

    def __init__(self, slot: Slot, message: str) -> None:
        self.slot = slot
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is not None and not self.slot.accepts(int(field.data)):
            raise ValidationError(self.message)


class AnswerField(RadioField):
    """A radio question whose message for a value that is not a number is the question's own
    ("Please choose…"), not WTForms' "Invalid Choice: could not coerce"."""

    def __init__(self, *args: Any, message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None


def _presence(slot: Slot, message: str) -> list[Any]:
    return [InputRequired(message) if slot.required else Optional(), _Accepts(slot, message)]


def rating_field(slot: Slot) -> UnboundField:
    message = gettext(
        "Please choose a number from %(low)s to %(high)s.", low=slot.min, high=slot.max
    )
    return AnswerField(
        slot.label,
        message=message,
        choices=[SelectChoice(v, str(v)) for v in range(slot.min, slot.max + 1)],
        coerce=int,
        validate_choice=False,
        validators=_presence(slot, message),
    )


def choice_field(slot: Slot) -> UnboundField:
    message = gettext("Please choose one of the answers.")
    return AnswerField(
        slot.label,
        message=message,
        choices=[SelectChoice(c.value, c.label) for c in slot.choices],
        coerce=int,
        validate_choice=False,
        validators=_presence(slot, message),
    )


def flag_field(slot: Slot) -> UnboundField:
    return BooleanField(slot.label)


# Slot kind -> field factory. A new kind of slot is one new entry here and one macro in
# templates/surveys/_questions.html.
FIELD_FACTORIES: dict[str, Callable[[Slot], UnboundField]] = {
    "rating": rating_field,
    "choice": choice_field,
    "flag": flag_field,
}


def flag_value(data: Any) -> int:
    return 1 if data else 0


# How a valid field's data becomes the stored integer, per slot kind.
ANSWER_VALUES: dict[str, Callable[[Any], int]] = {
    "rating": int,
    "choice": int,
    "flag": flag_value,
}


class SurveyFormBase(AppForm):
    """Fields every survey form has; the questions are added per request."""

    # Any value: the view keeps a well-formed nonce and replaces anything else with a new one.
    nonce = CheckedByViewField()


class ChecklistSurveyForm(AsksBeforeNoneTicked, SurveyFormBase):
    """A survey that is a checklist only (Enemies of Teamwork on its own): sent with nothing
    ticked, it asks once whether that is right (:mod:`survey_app.checklist`)."""


@dataclass(frozen=True)
class SlotView:
    slot: Slot
    low_label: str = ""  # for ratings: what the ends of the scale mean
    high_label: str = ""


@dataclass(frozen=True)
class ItemView:
    key: str
    type: str
    text: str
    slots: tuple[SlotView, ...]

    @property
    def is_single_flag(self) -> bool:
        return len(self.slots) == 1 and self.slots[0].slot.kind == "flag"


@dataclass(frozen=True)
class CategoryView:
    key: str
    title: str
    items: tuple[ItemView, ...]

    @property
    def is_checklist(self) -> bool:
        return all(item.is_single_flag for item in self.items)


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    description: str
    categories: tuple[CategoryView, ...]


@dataclass(frozen=True)
class TeamQuestion:
    label: str
    choices: tuple[tuple[int, str], ...]

    @property
    def as_select(self) -> bool:
        return len(self.choices) > MAX_TEAM_RADIOS


@dataclass
class SummaryEntry:
    """A line of the error summary: a link to the question and what is missing."""

    anchor: str  # the id of the first input, which the link focuses
    question: str  # the id of the question's block, scrolled into view
    label: str
    parts: list[str]  # e.g. ["importance", "execution"]; [""] for a single question
    message: str

    @property
    def detail(self) -> str:
        parts = [str(DIMENSIONS.get(p, p)) for p in self.parts if p]
        if not parts:
            return self.message
        if len(parts) == 1:
            return gettext("answer %(part)s", part=parts[0])
        return gettext("answer %(first)s and %(second)s", first=parts[0], second=parts[1])


# What the error summary calls each rating of a practice, in the page's language.
DIMENSIONS = {"importance": lazy_gettext("importance"), "execution": lazy_gettext("execution")}


@dataclass(frozen=True)
class SurveySpec:
    """What one respondent's form is made of: the class, the layout and the questions."""

    form_class: type[SurveyFormBase]
    sections: tuple[SectionView, ...]
    slots: dict[str, Slot]
    team: TeamQuestion | None
    # Every question that must be answered, by field name (as counted by the progress bar).
    required: tuple[str, ...]
    # What the error summary calls each field's question: (group key, group label).
    questions: dict[str, tuple[str, str]]

    @property
    def field_names(self) -> list[str]:
        return [*([TEAM_FIELD] if self.team else []), *self.slots]

    def error_summary(self, form: SurveyFormBase) -> list[SummaryEntry]:
        """One line per question with errors (a practice's two ratings share one), in page order."""
        entries: dict[str, SummaryEntry] = {}
        for name in self.field_names:
            field = form[name]
            if not field.errors:
                continue
            group, label = self.questions[name]
            slot = self.slots.get(name)
            part = slot.dimension.replace("_", " ") if slot and slot.kind != "flag" else ""
            if group in entries:
                entries[group].parts.append(part)
                continue
            anchor = f"{field.id}-0" if isinstance(field, RadioField) else field.id
            entries[group] = SummaryEntry(anchor, f"q-{field.id}", label, [part], field.errors[0])
        return list(entries.values())

    def answered(self, form: SurveyFormBase) -> int:
        return sum(1 for name in self.required if form[name].data is not None)

    def answers(self, form: SurveyFormBase) -> dict[str, int]:
        """The valid answers on the form, as the stored integers; unanswered slots left out."""
        out: dict[str, int] = {}
        for name, slot in self.slots.items():
            field = form[name]
            if field.data is None or field.errors:
                continue
            out[name] = ANSWER_VALUES[slot.kind](field.data)
        return out

    def team_id(self, form: SurveyFormBase) -> int | None:
        if self.team is None or form[TEAM_FIELD].errors:
            return None
        return form[TEAM_FIELD].data

    def draft(self, formdata: Mapping[str, str]) -> dict[str, str]:
        """The raw answers worth keeping in a draft: known fields only, blanks dropped."""
        return {name: formdata[name] for name in self.field_names if formdata.get(name)}


def _slot_view(slot: Slot, instrument: Instrument) -> SlotView:
    scale = instrument.scales.get(slot.dimension)
    if slot.kind == "rating" and scale is not None:
        return SlotView(slot, scale.low_label, scale.high_label)
    return SlotView(slot)


def _section(instrument: Instrument) -> SectionView:
    slots_by_item: dict[str, list[Slot]] = {}
    for slot in instrument.slots():
        slots_by_item.setdefault(slot.item_key, []).append(slot)
    categories = tuple(
        CategoryView(
            category.key,
            category.title,
            tuple(
                ItemView(
                    item.key,
                    item.type,
                    item.text,
                    tuple(_slot_view(s, instrument) for s in slots_by_item[item.key]),
                )
                for item in category.items
            ),
        )
        for category in instrument.categories
    )
    return SectionView(instrument.key, instrument.title, instrument.description, categories)


def _short_label(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Built specs, by (pinned instrument versions, team choices). Pinned versions never change and
# the team choices are part of the key, so a cached spec is always the one a fresh build would
# give; the form class holds unbound fields only, which WTForms binds anew for every form.
_SPECS: dict[tuple[Any, ...], SurveySpec] = {}
_MAX_SPECS = 512


def build_survey(campaign: Campaign, invitation: Invitation | None) -> SurveySpec:
    """The form class and layout for this campaign's pinned instruments, in the page's
    language (built once per language, shared)."""
    pinned = tuple((ci.instrument_key, ci.instrument_version) for ci in campaign.instruments)
    fixed_team = invitation is not None and invitation.team_id is not None
    teams = None if fixed_team else tuple(campaign.team_labels.items())
    language = current_language()
    key = (pinned, teams, language)
    spec = _SPECS.get(key)
    if spec is None:
        if len(_SPECS) >= _MAX_SPECS:
            _SPECS.clear()
        instruments = [in_language(i, language) for i in campaign.pinned_instruments()]
        spec = _SPECS[key] = _build_spec(instruments, teams or ())
    return spec


def _build_spec(instruments: list[Instrument], teams: tuple[tuple[int, str], ...]) -> SurveySpec:
    attrs: dict[str, Any] = {}
    slots: dict[str, Slot] = {}
    questions: dict[str, tuple[str, str]] = {}
    team: TeamQuestion | None = None

    if teams:
        team = TeamQuestion(gettext("Which team are you in?"), teams)
        factory = SelectField if team.as_select else RadioField
        attrs[TEAM_FIELD] = factory(
            team.label,
            choices=[
                *([SelectChoice("", gettext("Choose your team"))] if team.as_select else []),
                *(SelectChoice(value, label) for value, label in team.choices),
            ],
            coerce=lambda v: int(v) if v not in (None, "") else None,
            validate_choice=False,
            validators=[InputRequired(gettext("Please choose your team."))],
        )
        questions[TEAM_FIELD] = (TEAM_FIELD, gettext("Your team"))

    for instrument in instruments:
        texts = {item.key: item.text for item in instrument.items}
        for slot in instrument.slots():
            attrs[slot.name] = FIELD_FACTORIES[slot.kind](slot)
            slots[slot.name] = slot
            questions[slot.name] = (slot.item_key, _short_label(texts[slot.item_key]))

    checklist_only = bool(slots) and all(s.kind == "flag" for s in slots.values())
    base = ChecklistSurveyForm if checklist_only else SurveyFormBase
    form_class = type("SurveyForm", (base,), attrs)
    return SurveySpec(
        form_class=form_class,
        sections=tuple(_section(i) for i in instruments),
        slots=slots,
        team=team,
        required=tuple(
            [TEAM_FIELD] * (team is not None) + [n for n, s in slots.items() if s.required]
        ),
        questions=questions,
    )
