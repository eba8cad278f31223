"""Every download a signed-in user takes is recorded: exports and PDFs, found by what they are.

A response that is a file to save (``Content-Disposition: attachment``, which every download
gets from survey_app/downloads.py) is a read of the object its URL names. Finding downloads by
their answer rather than by a list of views means a new download is recorded without anyone
remembering to. A refusal or an error is not a download and records nothing.
"""

from __future__ import annotations

from flask import Response, request

from ..auth.access import OBJECT_ARGS
from ..extensions import db
from . import actions
from .service import current_actor, record_now


def _object_named() -> object | None:
    for name, value in (request.view_args or {}).items():
        model = OBJECT_ARGS.get(name)
        if model is not None:
            return db.session.get(model, value)
    return None


def record_download(response: Response) -> Response:
    """``after_request``: an export or PDF download of the object in the URL."""
    if request.method != "GET" or response.status_code != 200:
        return response
    if not response.headers.get("Content-Disposition", "").startswith("attachment"):
        return response
    actor = current_actor()
    if actor is None:
        return response
    action = actions.PDF_DOWNLOAD if response.mimetype == "application/pdf" else actions.EXPORT
    obj = _object_named()
    details = response.mimetype
    if obj is None:  # a page of its own, like the audit log's CSV
        kind = "audit log" if (request.endpoint or "").startswith("audit.") else "download"
        record_now(action, actor=actor, kind=kind, label=request.path, details=details)
    else:
        record_now(action, obj, actor=actor, details=details)
    return response
