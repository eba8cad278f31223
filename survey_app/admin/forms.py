"""The users page's forms."""

from __future__ import annotations

from wtforms import EmailField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..auth.emails import AccountEmail
from ..input_guard import AppForm
from ..models import Role

ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.LEADER: "Sales leader",
    Role.REP: "Sales rep",
}
ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class InviteForm(AppForm):
    email = EmailField("Email", validators=[DataRequired(), AccountEmail()])
    name = StringField("Name", validators=[Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.LEADER.value)
    submit = SubmitField("Send invitation")


class RoleForm(AppForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
