"""Role checks and organisation-scoped lookups used by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select

from ..extensions import db
from ..models import Role

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Signed in and holding one of ``roles``; otherwise the login page or a 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def one_or_404(query: Select[tuple[T]]) -> T:
    """Run an organisation-scoped query: someone else's id looks exactly like a missing one."""
    obj = db.session.scalar(query)
    if obj is None:
        abort(404)
    return obj


def org_id() -> int:
    return int(current_user.organization_id)
