"""The action form. Its choices (targets, owners) are set on each instance, per request."""

from __future__ import annotations

from typing import Any

from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..input_guard import AppForm
from ..models import ActionStatus, User
from .services import TITLE_MAX, ActionInput, Target
from .targets import target_value

STATUS_CHOICES = [SelectChoice(s.value, s.label) for s in ActionStatus]
NOTES_MAX = 4000


class ActionForm(AppForm):
    target = SelectField("Practice or enemy it targets", validators=[DataRequired()])
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=NOTES_MAX)])
    owner_id = SelectField("Owner", validators=[Optional()])
    owner_name = StringField(
        "Or the owner's name, if they have no account", validators=[Optional(), Length(max=200)]
    )
    due_on = DateField("Due date", validators=[DataRequired(message="Enter the due date.")])
    status = SelectField("Status", choices=STATUS_CHOICES, default=ActionStatus.PLANNED.value)

    def set_choices(self, targets: list[Target] | None, users: list[User]) -> None:
        """The targets to choose from (None: the target is fixed) and the users."""
        if targets is None:
            del self.target
        else:
            self.target.choices = [
                (target_value(t), f"{t.text} ({t.reason})" if t.reason else t.text) for t in targets
            ]
        self.owner_id.choices = [("", "Someone without an account (type the name below)")] + [
            (str(u.id), u.name) for u in users
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.owner_id.data and not (self.owner_name.data or "").strip():
            self.owner_name.errors = [*self.owner_name.errors, "Choose an owner or type a name."]
            ok = False
        return ok

    def to_input(self) -> ActionInput:
        owner = int(self.owner_id.data) if self.owner_id.data else None
        return ActionInput(
            title=self.title.data.strip(),
            notes=(self.notes.data or "").strip(),
            owner_id=owner,
            owner_name=(self.owner_name.data or "").strip(),
            due_on=self.due_on.data,
            status=ActionStatus(self.status.data),
        )
