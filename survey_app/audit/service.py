"""The one writer of the audit log.

:func:`record` adds an entry to the current transaction and never commits: the entry is
committed with the change it records, and a rolled-back change leaves none. The session hook
(:mod:`.tracking`) calls it for every create, change and delete of an audited kind of object;
the few things that are not a row change (a sign-in, a download, an invitation sent) call it,
or :func:`record_now` for a read, which commits its own small transaction.

Who is the signed-in user of the request. A respondent is never anyone: nothing is recorded on
the survey pages, even for a signed-in leader who answers a survey in the same browser, so no
entry can ever be matched to a response.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request
from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, User
from . import actions
from .kinds import describe

# Blueprints whose visitors are respondents: nothing done there is ever recorded.
RESPONDENT_BLUEPRINTS = frozenset({"surveys"})
_SEEN = "audit_seen"  # session.info: what this transaction has recorded already


@dataclass(frozen=True)
class Actor:
    """Who did it, copied: the entry keeps the email the account had then."""

    id: int | None
    email: str
    organization_id: int

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.email, user.organization_id)


def current_actor() -> Actor | None:
    """The signed-in user of this request, unless it is a respondent's page (or no request)."""
    if not has_request_context() or request.blueprint in RESPONDENT_BLUEPRINTS:
        return None
    # Only a user this request has loaded already: loading one here, inside a flush, would
    # flush again (every view that can change anything has loaded its user first).
    user = g.get("_login_user")
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Actor.of(user)


def _address() -> str | None:
    return (request.remote_addr or None) if has_request_context() else None


def record(
    action: str,
    obj: object | None = None,
    *,
    details: str = "",
    actor: Actor | User | None = None,
    organization_id: int | None = None,
    kind: str = "",
    label: str = "",
) -> AuditEntry | None:
    """Add an entry for ``action`` on ``obj`` (an audited model, or ``kind``/``label`` for
    something else, like the audit log itself) to the current transaction. No commit.

    Without a signed-in user (or ``actor``) it records only when ``organization_id`` is
    given: the command line's own work, shown as done by the command line. The same action on
    the same object is recorded once per transaction, so an explicit call and the session
    hook never both write it.
    """
    if action not in actions.ALL:
        raise ValueError(f"unknown audit action {action!r}")
    who = Actor.of(actor) if isinstance(actor, User) else actor or current_actor()
    org = who.organization_id if who is not None else organization_id
    if org is None:
        return None
    object_id: int | None = None
    if obj is not None:
        kind, object_id, label = describe(obj)
    seen: set[tuple[str, str, int | None, str]] = db.session.info.setdefault(_SEEN, set())
    key = (action, kind, object_id, details)
    if object_id is not None and key in seen:
        return None
    seen.add(key)
    entry = AuditEntry(
        organization_id=org,
        actor_id=who.id if who is not None else None,
        actor_email=who.email if who is not None else "",
        action=action,
        object_kind=kind,
        object_id=object_id,
        object_label=label[:200],
        details=details[:500],
        address=_address() if who is not None else None,
    )
    db.session.add(entry)
    return entry


def record_now(action: str, obj: object | None = None, **kwargs: object) -> None:
    """Record a read (an export, a PDF) in a small transaction of its own."""
    if record(action, obj, **kwargs) is not None:  # type: ignore[arg-type]
        db.session.commit()


def failed_sign_in(email: str, details: str = "") -> None:
    """A refused sign-in, recorded only when the email is an existing account's: then the
    attempt belongs to that account's organisation, whose admins see it. Anything else typed
    into the email field (a mistyped address, or a password typed in the wrong field) is
    stored nowhere. Never the password. Its own transaction."""
    account = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if account is None:
        return
    who = Actor(None, account.email, account.organization_id)
    record(actions.FAILED_SIGN_IN, account, actor=who, details=details)
    db.session.commit()


def forget_seen(session: object) -> None:
    """A transaction ended: the next one records afresh."""
    getattr(session, "info", {}).pop(_SEEN, None)
