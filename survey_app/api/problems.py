"""Every error of the API as RFC 9457 problem details (``application/problem+json``).

``type`` is ``about:blank`` (the status code says it all, RFC 9457 section 4.2.1), ``title`` the
status phrase, ``detail`` what happened and what to do; a refused body adds ``errors`` (field ->
messages). The API blueprint answers its own errors here, and the app's error pages hand any
address under ``/api/`` here too (an unknown route has no blueprint), so no HTML page is ever
the answer to an API call.
"""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"

DETAILS = {
    401: "Send a valid personal access token: Authorization: Bearer <token>. A revoked or "
    "expired token, or a session cookie, does not open the API.",
    403: "Your token's scope does not allow this. Make a token with the scope it needs on "
    "your account page.",
    404: "There is no such resource, or it belongs to another organisation.",
    405: "This method is not allowed on this address.",
    429: "Too many requests with this token. Wait a minute and try again.",
    500: "Something went wrong on the server. Nothing was changed by this request.",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, ""),
        **extra,
    }
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def _field_errors(error: HTTPException) -> dict[str, Any] | None:
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    if isinstance(messages, dict) and len(messages) == 1:
        only = next(iter(messages.values()))  # webargs nests by location: "json", "query"
        if isinstance(only, dict):
            return only
    return messages if isinstance(messages, dict) else None


def handle(error: Exception) -> Response:
    """An HTTP error, a webargs validation error or an unexpected exception, as a problem."""
    if not isinstance(error, HTTPException):
        error = InternalServerError()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    detail = data.get("message") or DETAILS.get(status) or error.description
    extra: dict[str, Any] = {}
    errors = _field_errors(error)
    if errors is not None:
        extra["errors"] = errors
        detail = data.get("message") or "The request body or its parameters are not valid."
    response = problem(status, detail, **extra)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    if status == 429 and hasattr(error, "get_response"):
        retry = error.get_response().headers.get("Retry-After")
        if retry:
            response.headers["Retry-After"] = retry
    return response
