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
from wtforms.validators import ValidationError

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less the angle brackets


def email_problem(address: str) -> str | None:
    """Why ``address`` cannot be an account's email, or None when it can."""
    text = address.strip()
    if not text:
        return "Enter an email address."
    if len(text) > MAX_LENGTH:
        return f"An email address has at most {MAX_LENGTH} characters."
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"“{text[:80]}” is not a valid email address: {exc}"
    return None


class AccountEmail:
    """A WTForms validator: :func:`email_problem` as a field error."""

    def __call__(self, _form: Any, field: Any) -> None:
        problem = email_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
