"""The session form and the scribe's decision form. Choices are set per request."""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import DateField, IntegerField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..input_guard import AppForm
from ..models import User
from ..models.actions import ROLE_ORDER
from ..prospects.forms import CheckboxListField
from ..text import range_message
from .services import DECISION_MAX, Person, SessionInput, resolve_person

HORIZON_MIN, HORIZON_MAX = 1, 8
ROLE_HELP = {
    "moderator": "Keeps the conversation on point.",
    "timekeeper": "Keeps it from going too long.",
    "scribe": "Captures the key points, goals and action, on this session's page.",
}


def _horizon(label: str, default: int) -> IntegerField:
    return IntegerField(
        label,
        default=default,
        validators=[
            DataRequired(message="Enter a number of quarters."),
            NumberRange(HORIZON_MIN, HORIZON_MAX, range_message(HORIZON_MIN, HORIZON_MAX)),
        ],
        render_kw={"inputmode": "numeric", "min": HORIZON_MIN, "max": HORIZON_MAX},
    )


class SessionForm(AppForm):
    held_on = DateField("Date", validators=[DataRequired(message="Enter the session's date.")])
    horizon_from = _horizon("Horizon: from (quarters out)", 2)
    horizon_to = _horizon("to (quarters out)", 3)
    attendee_ids = CheckboxListField("Attendees with an account", choices=[], coerce=str)
    other_attendees = TextAreaField(
        "Other attendees, one name per line", validators=[Optional(), Length(max=4000)]
    )
    moderator = StringField("Moderator", validators=[DataRequired(), Length(max=200)])
    timekeeper = StringField("Timekeeper", validators=[DataRequired(), Length(max=200)])
    scribe = StringField("Scribe", validators=[DataRequired(), Length(max=200)])

    def set_users(self, users: list[User]) -> None:
        self.users = users
        self.attendee_ids.choices = [SelectChoice(str(u.id), u.name) for u in users]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        low, high = self.horizon_from.data, self.horizon_to.data
        if low is not None and high is not None and high < low:
            self.horizon_to.errors = [*self.horizon_to.errors, "Must not be before the start."]
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
        "Decision",
        validators=[
            DataRequired(message="Write the decision first."),
            Length(max=DECISION_MAX),
        ],
        render_kw={"rows": 2},
    )
