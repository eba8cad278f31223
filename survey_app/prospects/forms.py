"""Prospect forms. The assessment form is built per request from the instruments."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import LazyString, lazy_gettext
from flask_babel import gettext as _
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..input_guard import AppForm
from ..instruments import Instrument
from ..models import EvidenceSource, User
from ..text import page_number
from .services import NOTE_MAX
from .verdict import Confidence

# In the page's language (lazy: the prospect pages are translated, survey_app/i18n.py).
SOURCE_LABELS = {
    EvidenceSource.MEETING: lazy_gettext("Meeting"),
    EvidenceSource.CALL: lazy_gettext("Call"),
    EvidenceSource.REFERENCE: lazy_gettext("Reference (someone who knows them)"),
    EvidenceSource.PUBLIC: lazy_gettext("Public information"),
}
CONFIDENCE_LABELS = {
    Confidence.LOW: lazy_gettext("Low: an impression, second hand"),
    Confidence.MEDIUM: lazy_gettext("Medium: seen once, or heard from a reliable source"),
    Confidence.HIGH: lazy_gettext("High: seen it myself, more than once"),
}
DEAL_SIZE_MAX = 10**12


def range_error(low: int, high: int) -> LazyString:
    """:func:`survey_app.text.range_message` in the page's language, when the form shows."""
    return LazyString(
        lambda: _(
            "Enter a number from %(low)s to %(high)s.", low=page_number(low), high=page_number(high)
        )
    )


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProspectForm(AppForm):
    name = StringField(lazy_gettext("Company name"), validators=[DataRequired(), Length(max=200)])
    industry = StringField(lazy_gettext("Industry"), validators=[Optional(), Length(max=120)])
    deal_size = IntegerField(
        lazy_gettext("Estimated deal size"),
        validators=[
            Optional(),
            NumberRange(min=0, max=DEAL_SIZE_MAX, message=range_error(0, DEAL_SIZE_MAX)),
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    owner = SelectField(lazy_gettext("Owner"), coerce=int)
    shared_with = CheckboxListField(lazy_gettext("Share with"), coerce=int)
    notes = TextAreaField(
        lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    # The prospect's version when the edit page was loaded (survey_app/editing.py).
    version = HiddenField()

    def set_users(self, users: list[User], me: User) -> None:
        """The owner may be anyone, ``me`` included; sharing lists everyone else (sharing with
        oneself means nothing: a rep who hands a deal over keeps sight of it anyway)."""
        self.owner.choices = [SelectChoice(u.id, _named(u)) for u in users]
        self.shared_with.choices = [SelectChoice(u.id, _named(u)) for u in users if u.id != me.id]


def _named(user: User) -> str:
    """A user and their role, as the owner and sharing choices list them: "Ana (rep)"."""
    from ..navigation import role_name

    return f"{user.name} ({role_name(user.role)})"


def _not_in_future(form: Any, field: Field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_("The date of the observation cannot be in the future."))


class _AssessmentBase(AppForm):
    observed_on = DateField(
        lazy_gettext("Date of the observation"),
        validators=[DataRequired(), _not_in_future],
        default=date.today,
    )
    source = SelectField(
        lazy_gettext("Source"),
        choices=[SelectChoice(s.value, label) for s, label in SOURCE_LABELS.items()],
        validators=[DataRequired()],
    )
    confidence = RadioField(
        lazy_gettext("How confident are you?"),
        choices=[SelectChoice(c.value, label) for c, label in CONFIDENCE_LABELS.items()],
        validators=[DataRequired(message=lazy_gettext("Choose how confident you are."))],
    )
    summary = TextAreaField(
        lazy_gettext("Overall note (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"rows": 2},
    )


def enemy_field(key: str) -> str:
    return f"enemy_{key}"


def evidence_field(key: str) -> str:
    return f"evidence_{key}"


def execution_field(key: str) -> str:
    return f"execution_{key}"


def importance_field(key: str) -> str:
    return f"importance_{key}"


def make_assessment_form(
    enemies: Instrument, scorecard: Instrument, **kwargs: Any
) -> _AssessmentBase:
    """A new form class per request (never ``setattr`` on a shared class)."""
    fields: dict[str, Any] = {}
    for item in enemies.items_of_type("enemy"):
        fields[enemy_field(item.key)] = BooleanField(item.text)
        fields[evidence_field(item.key)] = StringField(
            _("Evidence for “%(enemy)s”", enemy=item.text),
            validators=[Optional(), Length(max=NOTE_MAX)],
            render_kw={"placeholder": _("What did you see or hear? (optional)")},
        )
    execution = scorecard.scales["execution"]
    for item in scorecard.items_of_type("practice"):
        fields[execution_field(item.key)] = RadioField(
            item.text,
            choices=[
                SelectChoice("", _("Not observed")),
                *(SelectChoice(str(c.value), c.label) for c in execution.choices),
            ],
            default="",
            # No Optional(): "" is already the "Not observed" choice, and Optional() would clear
            # the "Not a valid choice" error of a blank-looking " ", which then reached int().
        )
        fields[importance_field(item.key)] = IntegerField(
            _("Importance of “%(practice)s” (1-10, optional)", practice=item.text),
            validators=[Optional(), NumberRange(min=1, max=10, message=range_error(1, 10))],
            render_kw={"inputmode": "numeric", "min": 1, "max": 10},
        )
    form_class = type("AssessmentForm", (_AssessmentBase,), fields)
    return form_class(**kwargs)  # type: ignore[no-any-return]
