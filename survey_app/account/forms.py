"""The account forms: the same password rule everywhere (survey_app/auth/passwords.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext, lazy_ngettext
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..auth.emails import AccountEmail
from ..auth.passwords import MAX_LENGTH, password_problem
from ..i18n import LANGUAGES
from ..input_guard import AppForm
from .tokens import LIFETIMES_DAYS, SCOPE_LABELS


class NewPassword:
    """A WTForms validator: the app's password rule, as a field error."""

    def __call__(self, _form: Any, field: Any) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    new = PasswordField(
        lazy_gettext("New password"),
        validators=[DataRequired(lazy_gettext("Choose a password.")), NewPassword()],
        render_kw={"autocomplete": "new-password"},
    )
    again = PasswordField(
        lazy_gettext("New password again"),
        validators=[
            DataRequired(lazy_gettext("Type the password again.")),
            EqualTo("password", lazy_gettext("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return new, again


class NameForm(AppForm):
    name = StringField(
        lazy_gettext("Name"),
        validators=[DataRequired(lazy_gettext("Enter your name.")), Length(max=200)],
    )
    submit = SubmitField(lazy_gettext("Save name"))


class LanguageForm(AppForm):
    """The user's own language: their navigation, home page and first report language."""

    language = SelectField(
        lazy_gettext("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validators=[DataRequired()],
    )
    submit = SubmitField(lazy_gettext("Save language"))


class ChangePasswordForm(AppForm):
    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[
            DataRequired(lazy_gettext("Enter your current password.")),
            Length(max=MAX_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(lazy_gettext("Change password"))


class SetPasswordForm(AppForm):
    token = HiddenField()
    password, confirm = _new_password_fields()
    submit = SubmitField(lazy_gettext("Set password and sign in"))


class ForgotPasswordForm(AppForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), AccountEmail()])
    submit = SubmitField(lazy_gettext("Send me a reset link"))


# The account page's other forms have a "name" field too: this one's are "token-name", ...
TOKEN_PREFIX = "token"  # noqa: S105 - a form prefix, not a secret


class TokenForm(AppForm):
    """A new personal access token for the REST API (survey_app/account/tokens.py), built with
    ``prefix=TOKEN_PREFIX``."""

    name = StringField(
        lazy_gettext("Token name"),
        validators=[
            DataRequired(lazy_gettext("Name the token, say after what will use it.")),
            Length(max=80),
        ],
    )
    scope = RadioField(
        lazy_gettext("What it may do"),
        choices=[SelectChoice(scope.value, label) for scope, label in SCOPE_LABELS.items()],
        validators=[DataRequired(lazy_gettext("Choose what the token may do."))],
    )
    days = SelectField(
        lazy_gettext("Expires after"),
        choices=[
            SelectChoice(str(d), lazy_ngettext("%(num)s day", "%(num)s days", d))
            for d in LIFETIMES_DAYS
        ],
        default="90",
        validators=[DataRequired()],
    )
