"""The webhook endpoint form (``/admin/settings/webhooks``)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import SelectChoice, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from ..campaigns.forms import MultiCheckboxField
from ..i18n import lazy_gettext
from ..input_guard import AppForm
from ..webhooks import EVENTS
from ..webhooks.delivery import address_problem


def _callable_address(_form: Any, field: Any) -> None:
    problem = address_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _at_least_one(_form: Any, field: Any) -> None:
    if not field.data:
        raise ValidationError(_("Choose at least one event."))


class WebhookForm(AppForm):
    url = StringField(
        lazy_gettext("Endpoint address"),
        validators=[
            DataRequired(lazy_gettext("Enter the address to call.")),
            Length(max=500),
            _callable_address,
        ],
        render_kw={"inputmode": "url", "autocomplete": "url", "placeholder": "https://"},
    )
    events = MultiCheckboxField(
        lazy_gettext("Events"),
        choices=[SelectChoice(name, label) for name, label in EVENTS.items()],
        validators=[_at_least_one],
    )
