"""What every form refuses, and the body limit.

NUL characters (U+0000) are refused for the whole request by :mod:`survey_app.nul_fields`; one
typed into a field fails that field of the form, through :func:`~survey_app.nul_fields.
refuse_held_nul`, which the forms' ``Meta`` below puts first on every field. File contents are
left to their reader: the CSV import refuses a file with NUL bytes with its own message (a
UTF-16 file, a spreadsheet saved in the wrong format).

Single-line fields refuse every control character, at the form layer, for all forms at once:
a line break in a campaign title would end up in an email's Subject header, a tab in a name in
a CSV export. Every form of the app derives from :class:`AppForm` (or, nested in a
``FormField``, :class:`AppSubForm`), whose ``Meta.bind_field`` puts
:func:`refuse_control_characters` first on every single-line field: every ``StringField`` but a
``TextAreaField`` (``EmailField``, ``PasswordField``, ``HiddenField``, ``SearchField``, ...).
Multi-line fields keep their line breaks. ``tests/test_form_control_characters.py`` walks every
form class of the package, so a new form that forgets the base class fails there.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from typing import Any

from flask import Flask, request
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import Field, Form, HiddenField, StringField
from wtforms.validators import StopValidation
from wtforms.widgets import TextArea

from .nul_fields import refuse_held_nul

# C0 and C1 controls (CR, LF, tab, ESC, NEL, DEL, ...) and the Unicode line and paragraph
# separators, which some readers also take for a line break.
_NOT_ON_ONE_LINE = frozenset({"Cc", "Zl", "Zp"})
CONTROL_CHARACTER_MESSAGE = (
    "Remove the line break, tab or other control character: this field takes one line of text."
)


def has_control_character(text: str) -> bool:
    return any(unicodedata.category(char) in _NOT_ON_ONE_LINE for char in text)


class CheckedByViewField(HiddenField):
    """A hidden value the view checks and replaces itself (the survey's nonce): any text is
    accepted, so that it can never become a form error a respondent cannot see or fix."""


def is_single_line(field: Field) -> bool:
    """A text field of one line: any ``StringField`` that is not a ``TextAreaField`` (nor a
    :class:`CheckedByViewField`)."""
    return (
        isinstance(field, StringField)
        and not isinstance(field.widget, TextArea)
        and not isinstance(field, CheckedByViewField)
    )


def refuse_control_characters(_form: Any, field: Field) -> None:
    """A validator: stop at the first control character in what was posted for the field."""
    posted = [value for value in (field.raw_data or ()) if isinstance(value, str)]
    if isinstance(field.data, str):
        posted.append(field.data)
    if any(has_control_character(value) for value in posted):
        raise StopValidation(CONTROL_CHARACTER_MESSAGE)


class _SingleLineMeta:
    """Put :func:`refuse_control_characters` first on every single-line field of the form, and
    :func:`~survey_app.nul_fields.refuse_held_nul` before it on every field the view does not
    check itself (first, and stopping the chain, so that ``Optional`` cannot clear the error)."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
        if is_single_line(field):
            field.validators = [refuse_control_characters, *field.validators]
        if not isinstance(field, CheckedByViewField):
            field.validators = [refuse_held_nul, *field.validators]
        return field


class AppForm(FlaskForm):
    """The base of every form of the app (CSRF from Flask-WTF, one-line fields on one line)."""

    class Meta(_SingleLineMeta):
        pass


class AppSubForm(Form):
    """The base of a form nested in another through ``FormField`` (no CSRF token of its own)."""

    class Meta(_SingleLineMeta):
        pass


# -- the body limit, for chunked bodies too -------------------------------------------------------
_TOO_LARGE = "survey_app.body_too_large"
_READ_SIZE = 64 * 1024


def _chunked(environ: dict[str, Any]) -> bool:
    return "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()


class BodyLimit:
    """WSGI middleware: ``MAX_CONTENT_LENGTH`` holds for a body sent without Content-Length.

    A plain body over the limit is refused by werkzeug from its Content-Length. A chunked one
    has none: werkzeug then reads it up to the limit and silently stops there, so a 10 MB post
    was parsed from its first 2 MB and accepted. Here such a body is read first, at most one
    byte past the limit: within it, the view gets it whole with its length set; past it, the
    view gets an empty body and :func:`refuse_oversized_body` answers 413 before any other
    hook (the CSRF check would otherwise answer 400 for the missing token).
    """

    def __init__(self, wsgi_app: Callable[..., Any], app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if limit is not None and not environ.get("CONTENT_LENGTH") and _chunked(environ):
            stream, chunks, size = environ["wsgi.input"], [], 0
            while size <= limit:
                chunk = stream.read(min(_READ_SIZE, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            body = b"" if size > limit else b"".join(chunks)
            if size > limit:
                environ[_TOO_LARGE] = True
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.wsgi_app(environ, start_response)


def refuse_oversized_body() -> None:
    """``before_request``, first of all: the 413 for a chunked body over the limit."""
    if request.environ.get(_TOO_LARGE):
        raise RequestEntityTooLarge()


def install_body_limit(app: Flask) -> None:
    app.wsgi_app = BodyLimit(app.wsgi_app, app)  # type: ignore[method-assign]
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_body)
