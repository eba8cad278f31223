"""The one rule for an account's email address, shared by the sign-in form and every way of
creating a user (``flask create-user``, the services behind it).

``flask create-user`` used to store any text, so an address the sign-in form then refused (a
``.test`` domain, which email_validator reserves) made an account nobody could sign in to.
The rule is email_validator's, as WTForms' ``Email()`` applies it, without DNS: the app runs
offline.
"""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from wtforms.validators import ValidationError

from ..i18n import DEFAULT, current_language

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less the angle brackets


def email_problem(address: str) -> str | None:
    """Why ``address`` cannot be an account's email, or None when it can."""
    text = address.strip()
    if not text:
        return _("Enter an email address.")
    if len(text) > MAX_LENGTH:
        return _("An email address has at most %(num)s characters.", num=MAX_LENGTH)
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        if current_language() != DEFAULT:  # the library's reason is English only
            return _("“%(address)s” is not a valid email address.", address=text[:80])
        return f"“{text[:80]}” is not a valid email address: {exc}"
    return None


class AccountEmail:
    """A WTForms validator: :func:`email_problem` as a field error."""

    def __call__(self, _form: Any, field: Any) -> None:
        problem = email_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
