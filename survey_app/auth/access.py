"""Role checks and organisation-scoped lookups used by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, select

from ..extensions import db
from ..models import (
    Action,
    Campaign,
    Company,
    ProspectAssessment,
    Role,
    StrategySession,
    User,
    WebhookEndpoint,
)

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


# URL arguments that name an object of an organisation, and the table that holds it.
OBJECT_ARGS: dict[str, type[Any]] = {
    "campaign_id": Campaign,
    "company_id": Company,
    "prospect_id": Company,
    "assessment_id": ProspectAssessment,
    "user_id": User,
    "action_id": Action,
    "session_id": StrategySession,
    "endpoint_id": WebhookEndpoint,
}


def _names_only_own_objects(view_args: dict[str, Any]) -> bool:
    """Whether every object id in the URL is one of the signed-in user's organisation."""
    for name, value in view_args.items():
        model = OBJECT_ARGS.get(name)
        if model is None:
            continue
        query = select(model.id).where(model.id == value, model.organization_id == org_id())
        if db.session.scalar(query) is None:
            return False
    return True


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Signed in and holding one of ``roles``; otherwise the login page, a 403 or a 404.

    The wrong role gets a 403 only on the organisation's own objects: another organisation's
    id (or a missing one) is a 404 for every role, so a 403 never tells that an id exists.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403 if _names_only_own_objects(kwargs) else 404)
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
