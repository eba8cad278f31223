"""The session form and the scribe's decision form. Choices are set per request."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from wtforms import DateField, IntegerField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..i18n import lazy_gettext
from ..input_guard import AppForm
from ..models import User
from ..models.actions import ROLE_ORDER
from ..prospects.forms import CheckboxListField, range_error
from .services import DECISION_MAX, Person, SessionInput, resolve_person

HORIZON_MIN, HORIZON_MAX = 1, 8


def _horizon(label: object, default: int) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            DataRequired(message=lazy_gettext("Enter a number of quarters.")),
            NumberRange(HORIZON_MIN, HORIZON_MAX, range_error(HORIZON_MIN, HORIZON_MAX)),
        ],
        render_kw={"inputmode": "numeric", "min": HORIZON_MIN, "max": HORIZON_MAX},
    )


class SessionForm(AppForm):
    held_on = DateField(
        lazy_gettext("Date"),
        validators=[DataRequired(message=lazy_gettext("Enter the session's date."))],
    )
    horizon_from = _horizon(lazy_gettext("Horizon: from (quarters out)"), 2)
    horizon_to = _horizon(lazy_gettext("to (quarters out)"), 3)
    attendee_ids = CheckboxListField(
        lazy_gettext("Attendees with an account"), choices=[], coerce=str
    )
    other_attendees = TextAreaField(
        lazy_gettext("Other attendees, one name per line"),
        validators=[Optional(), Length(max=4000)],
    )
    moderator = StringField(lazy_gettext("Moderator"), validators=[DataRequired(), Length(max=200)])
    timekeeper = StringField(
        lazy_gettext("Timekeeper"), validators=[DataRequired(), Length(max=200)]
    )
    scribe = StringField(lazy_gettext("Scribe"), validators=[DataRequired(), Length(max=200)])

    def set_users(self, users: list[User]) -> None:
        self.users = users
        self.attendee_ids.choices = [SelectChoice(str(u.id), u.name) for u in users]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        low, high = self.horizon_from.data, self.horizon_to.data
        if low is not None and high is not None and high < low:
            self.horizon_to.errors = [*self.horizon_to.errors, _("Must not be before the start.")]
            ok = False
        return ok

    def to_input(self) -> SessionInput:
        by_id = {str(u.id): u for u in self.users}
        people = [Person(by_id[i].id, by_id[i].name) for i in self.attendee_ids.data or []]
        lines = (self.other_attendees.data or "").splitlines()
        people += [resolve_person(line, self.users) for line in lines if line.strip()]
        roles = {role: resolve_person(self[role.value].data, self.users) for role in ROLE_ORDER}
        return SessionInput(
            held_on=self.held_on.data or date.today(),
            horizon_from=self.horizon_from.data,
            horizon_to=self.horizon_to.data,
            attendees=people,
            roles=roles,
        )


class DecisionForm(AppForm):
    decision = TextAreaField(
        lazy_gettext("Decision"),
        validators=[
            DataRequired(message=lazy_gettext("Write the decision first.")),
            Length(max=DECISION_MAX),
        ],
        render_kw={"rows": 2},
    )
