from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from ..i18n import lazy_gettext
from ..input_guard import AppForm
from .emails import AccountEmail


class LoginForm(AppForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), AccountEmail()])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(lazy_gettext("Keep me signed in on this device"))
    submit = SubmitField(lazy_gettext("Sign in"))


class SsoForm(AppForm):
    """The sign-in page's "Sign in with single sign-on": the email's domain picks the
    organisation's provider (survey_app/auth/sso.py). Its field is ``sso_email``, apart from the
    password form's ``email``, so that the page's two forms keep their own ids and errors."""

    # Not labelled "email": the password form's field is, and a label is looked up by its words.
    sso_email = EmailField(
        lazy_gettext("Work address"),
        validators=[DataRequired(), AccountEmail()],
        render_kw={"autocomplete": "email", "placeholder": "you@company.com"},
    )
    submit = SubmitField(lazy_gettext("Continue with single sign-on"))
