"""Refuse requests that carry a NUL character, before any view reads them.

PostgreSQL cannot store U+0000 in a text column, nor compare one: the driver raises and the page
would be a 500, after the view had perhaps half-run. No form or link of this app has a use for
the character, and a browser does not send one from typed text. So a request with a NUL in its
address, query string, form field names or values, or uploaded file names is answered with a
400 page that says what to do, and nothing is stored, on every database engine alike.

File contents are left to their reader: the CSV import refuses a file with NUL bytes with its
own message (a UTF-16 file, a spreadsheet saved in the wrong format).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from werkzeug.exceptions import BadRequest

NUL = "\x00"


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
    """``before_request``: raise :class:`NulCharacter` when the request carries a NUL."""
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        raise NulCharacter()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return  # no body worth parsing
    if _has_nul(request.form.items(multi=True)):
        raise NulCharacter()
    if _has_nul((name, upload.filename) for name, upload in request.files.items(multi=True)):
        raise NulCharacter()
