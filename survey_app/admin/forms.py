"""The users page's forms."""

from __future__ import annotations

from wtforms import EmailField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..auth.emails import AccountEmail
from ..i18n import lazy_gettext
from ..i18n import lazy_pgettext as pgettext  # lazy: pybabel reads its context
from ..input_guard import AppForm
from ..models import Role

ROLE_LABELS = {
    Role.ADMIN: pgettext("role", "Admin"),
    Role.LEADER: lazy_gettext("Sales leader"),
    Role.REP: lazy_gettext("Sales rep"),
}
ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class InviteForm(AppForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), AccountEmail()])
    name = StringField(lazy_gettext("Name"), validators=[Length(max=200)])
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES, default=Role.LEADER.value)
    submit = SubmitField(lazy_gettext("Send invitation"))


class RoleForm(AppForm):
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES)
