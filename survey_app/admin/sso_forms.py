"""The single sign-on form (``/admin/sso``): the provider, the allowed domain, the default role,
and password sign-in turned off except for one break-glass admin."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import BooleanField, PasswordField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from ..auth.sso import issuer_problem
from ..i18n import lazy_gettext
from ..input_guard import AppForm
from .forms import ROLE_CHOICES

NO_ADMIN = ""


def _issuer(_form: Any, field: Any) -> None:
    problem = issuer_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _domain(_form: Any, field: Any) -> None:
    domain = (field.data or "").strip().lower().lstrip("@")
    labels = domain.split(".")
    if len(labels) < 2 or not all(lab and lab.replace("-", "").isalnum() for lab in labels):
        raise ValidationError(_("Enter a domain like example.com, without the @."))
    field.data = domain


class SsoForm(AppForm):
    enabled = BooleanField(lazy_gettext("Offer single sign-on on the sign-in page"))
    issuer = StringField(
        lazy_gettext("Issuer"),
        validators=[
            DataRequired(lazy_gettext("Enter the issuer's address.")),
            Length(max=500),
            _issuer,
        ],
        render_kw={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"},
    )
    client_id = StringField(
        lazy_gettext("Client ID"),
        validators=[DataRequired(lazy_gettext("Enter the client ID.")), Length(max=255)],
        render_kw={"autocomplete": "off"},
    )
    # Never filled in from what is stored: left empty, the stored secret stays.
    client_secret = PasswordField(
        lazy_gettext("Client secret"),
        validators=[Optional(), Length(max=500)],
        render_kw={"autocomplete": "new-password"},
    )
    email_domain = StringField(
        lazy_gettext("Allowed email domain"),
        validators=[
            DataRequired(lazy_gettext("Enter the domain of your people's email.")),
            Length(max=253),
            _domain,
        ],
        render_kw={"autocomplete": "off", "placeholder": "example.com"},
    )
    default_role = SelectField(
        lazy_gettext("Role of people who sign in for the first time"), choices=ROLE_CHOICES
    )
    password_off = BooleanField(lazy_gettext("Turn password sign-in off (single sign-on only)"))
    break_glass = SelectField(
        lazy_gettext("Break-glass admin (may still sign in with a password)"),
        choices=[],
        validate_choice=True,
    )

    def validate_password_off(self, field: Any) -> None:
        if not field.data:
            return
        if not self.enabled.data:
            raise ValidationError(_("Offer single sign-on before turning password sign-in off."))
        if self.break_glass.data == NO_ADMIN:
            raise ValidationError(
                _("Choose a break-glass admin first: the way in if the provider fails.")
            )
