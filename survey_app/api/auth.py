"""Bearer tokens, and only bearer tokens, open the API.

Before any view of the API runs, :func:`authenticate` reads ``Authorization: Bearer <token>``
and makes the token's owner the request's user (Flask-Login's ``g._login_user``), so that the
services' organisation scoping (:func:`survey_app.auth.access.org_id`) and the audit log's
actor work as on the pages. The session cookie is never read here: setting the user first
means Flask-Login never loads one from the cookie, so a signed-in browser (or a page of
another site making it send its cookie) without a token gets 401, and no CSRF token is
needed because no cookie can act (the blueprint is exempt from CSRFProtect).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, request
from flask_limiter.util import get_remote_address

from ..account import tokens
from ..models import ApiToken, TokenScope, token_digest
from ..results.scope import Viewer, viewer_of

F = TypeVar("F", bound=Callable[..., Any])
# request.environ's key for the request's token: per request, never in g (an app context can
# outlive a request, and a token revoked since must not stay cached).
_TOKEN = "survey_app.api_token"  # noqa: S105 - a key's name, not a secret
_BEARER = re.compile(r"Bearer\s+(\S{1,200})\Z", re.IGNORECASE)


def _presented() -> str | None:
    match = _BEARER.match(request.headers.get("Authorization", "").strip())
    return match.group(1) if match else None


def _identify() -> ApiToken | None:
    """The request's token (looked up once per request) made the request's user."""
    from ..extensions import login_manager

    if _TOKEN not in request.environ:
        plaintext = _presented()
        request.environ[_TOKEN] = tokens.authenticate(plaintext) if plaintext else None
    token: ApiToken | None = request.environ[_TOKEN]
    if token is None:
        g._login_user = login_manager.anonymous_user()
    else:
        token.user.session_key = None
        g._login_user = token.user
    return token


def identify() -> None:
    """``before_request`` of the app, first of all: on an API address the user is the token's
    owner (or nobody) before any other hook can ask Flask-Login, which would read the cookie."""
    if request.blueprint == "api":
        _identify()


def authenticate() -> None:
    """``before_request`` of the API blueprint: the token's owner, or 401."""
    if _identify() is None:
        abort(401)


def current_token() -> ApiToken:
    token: ApiToken | None = request.environ.get(_TOKEN)
    if token is None:
        abort(401)
    return token


def current_org_id() -> int:
    return current_token().organization_id


def current_viewer() -> Viewer:
    """The teams the token's owner may see (a team-scoped leader's, or all)."""
    return viewer_of(current_token().user)


def rate_key() -> str:
    """Flask-Limiter's key: the token (its digest), or the address for a call without one.
    Read from the header, since the limit is checked before the token is looked up."""
    plaintext = _presented()
    return (
        "api-token:" + token_digest(plaintext)
        if plaintext
        else "api-addr:" + (get_remote_address() or "")
    )


def require(scope: TokenScope) -> None:
    """403 unless the token has ``scope``. Call it after the object was found in the
    organisation, so that another organisation's id is a 404 for every scope. A team-scoped
    leader's token only reads (campaigns, invitations and their counts show every team of a
    company, which the pages refuse them too: survey_app/auth/scope.py)."""
    if current_token().scope != scope:
        abort(403)
    if scope == TokenScope.MANAGE_INVITATIONS and current_viewer().scoped:
        abort(403)


def scoped(scope: TokenScope) -> Callable[[F], F]:
    """For views that name no object: the token must have ``scope``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(scope)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
