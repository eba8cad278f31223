"""The action form. Its choices (targets, owners) are set on each instance, per request."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..i18n import lazy_gettext
from ..input_guard import AppForm
from ..models import ACTION_STATUS_NAMES, ActionStatus, User
from .services import TITLE_MAX, ActionInput, Target
from .targets import target_value

# In the page's language (lazy: the action pages are translated, survey_app/i18n.py).
STATUS_CHOICES = [SelectChoice(s.value, ACTION_STATUS_NAMES[s]) for s in ActionStatus]
NOTES_MAX = 4000


class ActionForm(AppForm):
    target = SelectField(lazy_gettext("Practice or enemy it targets"), validators=[DataRequired()])
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=NOTES_MAX)])
    owner_id = SelectField(lazy_gettext("Owner"), validators=[Optional()])
    owner_name = StringField(
        lazy_gettext("Or the owner's name, if they have no account"),
        validators=[Optional(), Length(max=200)],
    )
    due_on = DateField(
        lazy_gettext("Due date"),
        validators=[DataRequired(message=lazy_gettext("Enter the due date."))],
    )
    status = SelectField(
        lazy_gettext("Status"), choices=STATUS_CHOICES, default=ActionStatus.PLANNED.value
    )

    def set_choices(self, targets: list[Target] | None, users: list[User]) -> None:
        """The targets to choose from (None: the target is fixed) and the users."""
        if targets is None:
            del self.target
        else:
            self.target.choices = [
                (target_value(t), f"{t.text} ({t.reason})" if t.reason else t.text) for t in targets
            ]
        self.owner_id.choices = [("", _("Someone without an account (type the name below)"))] + [
            (str(u.id), u.name) for u in users
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.owner_id.data and not (self.owner_name.data or "").strip():
            self.owner_name.errors = [*self.owner_name.errors, _("Choose an owner or type a name.")]
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
