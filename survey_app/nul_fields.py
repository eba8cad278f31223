"""Requests that carry a NUL character (U+0000): refused, and a typed one shown on its form.

PostgreSQL cannot store U+0000 in a text column, nor compare one: the driver raises and the page
would be a 500, after the view had perhaps half-run. No form or link of this app has a use for
the character, and a browser does not send one from typed text (a paste can). So
:func:`refuse_nul_characters`, before any view runs, answers a NUL in the address, the query
string, a form field's name or an uploaded file's name with a 400 page that says what to do.

A NUL in what was typed into a field used to get that same bare page, and everything else the
person had typed was lost. Now such a request is **held**: the view sees the form with the NULs
taken out, every field of every :class:`~survey_app.input_guard.AppForm` that held one fails
with :data:`NUL_FIELD_MESSAGE` (:func:`refuse_held_nul`, which the forms' ``Meta`` puts first
on every field), and the page re-shows the form with that error and the rest as typed, with
status 400. What holds the promise that nothing is stored:

* every view that stores typed text validates it through an ``AppForm`` first
  (``tests/test_form_control_characters.py`` walks them all), and the field fails there;
* :func:`_refuse_writes`: while a held request runs, any INSERT, UPDATE or DELETE through the
  engine raises :class:`NulCharacter` (the 400 page, the transaction rolled back), should a view
  write anyway;
* :func:`answer_held_requests`: a held request whose page did not show the field's error (a
  NUL in a field no form has, or a view that redirects) gets the 400 page after all.

The respondent's survey (:data:`RAW_FORM_BLUEPRINTS`) keeps the bare page: its answers are
choices, nobody types them, and its quick submission path reads the posted form directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response
from wtforms import Field
from wtforms.validators import StopValidation

from .extensions import db

NUL = "\x00"
NUL_FIELD_MESSAGE = (
    "This held an invisible NUL character, which cannot be saved, so nothing was saved. It has "
    "been taken out: check the text and send the form again."
)
RAW_FORM_BLUEPRINTS = frozenset({"surveys"})
_HELD = "survey_app.nul_fields"  # request.environ key: {"fields": set[str], "shown": bool}


class NulCharacter(BadRequest):
    """A request carrying U+0000; ``explain`` is shown on the error page."""

    description = "The request contains a NUL character (U+0000)."
    explain = (
        "The form contained an invisible NUL character, which cannot be saved, so nothing was "
        "saved. Go back, type or paste the text again without it, and send the form again."
    )


def _has_nul(pairs: Iterable[tuple[str | None, str | None]]) -> bool:
    return any(NUL in (text or "") for pair in pairs for text in pair)


def refuse_nul_characters() -> None:
    """``before_request``: raise :class:`NulCharacter` for a NUL anywhere but in typed values,
    and hold the request (see the module) for a NUL in those."""
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        raise NulCharacter()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return  # no body worth parsing
    posted = list(request.form.items(multi=True))
    if any(NUL in (name or "") for name, _ in posted):  # a part named "\n" parses as None
        raise NulCharacter()
    if _has_nul((name, upload.filename) for name, upload in request.files.items(multi=True)):
        raise NulCharacter()
    fields = {name for name, value in posted if NUL in (value or "")}
    if not fields:
        return
    if request.blueprint in RAW_FORM_BLUEPRINTS:
        raise NulCharacter()
    request.environ[_HELD] = {"fields": fields, "shown": False}
    cleaned = ImmutableMultiDict([(name, value.replace(NUL, "")) for name, value in posted])
    request.form = cleaned  # type: ignore[misc]  # werkzeug caches it: the views read this one
    request.__dict__.pop("values", None)


def _held() -> dict[str, Any] | None:
    return request.environ.get(_HELD) if has_request_context() else None


def refuse_held_nul(_form: Any, field: Field) -> None:
    """A validator, first on every field of every app form: the field held a NUL."""
    held = _held()
    if held is not None and field.name in held["fields"]:
        held["shown"] = True
        raise StopValidation(NUL_FIELD_MESSAGE)


def answer_held_requests(response: Response) -> Response:
    """``after_request``: a held request is a 400, its form shown if it was, else the page."""
    held = _held()
    if held is None or response.status_code == 400:
        return response
    if held["shown"] and response.status_code == 200:
        response.status_code = 400
        return response
    if held["shown"] and 400 <= response.status_code < 500:
        return response  # the form again, with the view's own refusal status
    return current_app.make_response(current_app.handle_http_exception(NulCharacter()))


def _refuse_writes(
    _conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
) -> None:
    writes = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    if writes and _held() is not None:
        raise NulCharacter()


def _nothing_stored(error: NulCharacter) -> tuple[str, int]:
    """The 400 page, after rolling back whatever the write guard stopped halfway."""
    db.session.rollback()
    return render_template("errors/error.html", error=error, code=400), 400


def install_nul_guard(app: Flask) -> None:
    """The hooks, the page, and the write guard (once per process, for every engine)."""
    app.before_request(refuse_nul_characters)
    app.after_request(answer_held_requests)
    app.register_error_handler(NulCharacter, _nothing_stored)
    if not event.contains(Engine, "before_cursor_execute", _refuse_writes):
        event.listen(Engine, "before_cursor_execute", _refuse_writes)
