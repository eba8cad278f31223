"""Creates, changes and deletes, recorded by a session hook rather than by every service.

Every flush made for a signed-in user (outside the survey pages) is read once: each audited
object that is new, changed or deleted (see :mod:`.kinds`) gets an entry, added to the same
transaction (:func:`survey_app.audit.service.record`). So a new service is audited without
anyone remembering to, and a rolled-back change leaves no entry.

A change names the fields that changed, never their values, except for the few changes that
are actions of their own: a campaign's status (open, close), a user's role (role change) and
active flag (deactivate, reactivate), and any change of the organisation (settings change).
Invitations are counted per campaign (invitation sent), never listed: an entry holds neither
an address nor a link.

Bulk ``DELETE`` statements do not pass through the session: a service that deletes that way
(survey_app/campaigns/deletion.py, companies/deletion.py) calls ``record`` itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import RelationshipProperty, Session
from sqlalchemy.orm.interfaces import MANYTOMANY

from ..models import Campaign, CampaignStatus, Invitation, InvitationKind, Organization, User
from . import actions
from .kinds import kind_of
from .service import current_actor, forget_seen, record

_PENDING = "audit_pending_creates"


def _told_elsewhere(prop: object) -> bool:
    """A relationship whose change another entry tells: a one-to-many's children are rows of
    their own, a many-to-one's foreign key is a column of this object. A many-to-many (a
    campaign's teams, a prospect's sharing) is a change of this object."""
    return isinstance(prop, RelationshipProperty) and prop.direction is not MANYTOMANY


def changed_fields(obj: object) -> list[str]:
    """The names of the attributes of ``obj`` changed in this flush (none is loaded for it)."""
    kind = kind_of(obj)
    state = inspect(obj)
    names = []
    for attr in state.attrs:
        if kind is not None and attr.key in kind.skipped:
            continue
        if _told_elsewhere(state.mapper.attrs[attr.key]):
            continue
        if attr.history.has_changes():
            names.append(kind.shown_as.get(attr.key, attr.key) if kind else attr.key)
    return names


def _old_and_new(obj: object, key: str) -> tuple[Any, Any]:
    history = inspect(obj).attrs[key].history
    old = history.deleted[0] if history.deleted else None
    new = history.added[0] if history.added else None
    return old, new


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


def _changes(obj: object) -> list[tuple[str, str]]:
    """The entries a changed object makes: (action, details)."""
    fields = changed_fields(obj)
    if not fields:
        return []
    if isinstance(obj, Organization):
        return [(actions.SETTINGS_CHANGE, "fields: " + ", ".join(fields))]
    entries = []
    special: dict[str, str] = {}
    if isinstance(obj, Campaign) and "status" in fields:
        _, new = _old_and_new(obj, "status")
        if new in (CampaignStatus.OPEN, CampaignStatus.CLOSED):
            special["status"] = actions.OPEN if new == CampaignStatus.OPEN else actions.CLOSE
    if isinstance(obj, User):
        if "role" in fields:
            old, new = _old_and_new(obj, "role")
            entries.append((actions.ROLE_CHANGE, f"{_value(old)} → {_value(new)}"))
            special["role"] = ""
        if "active" in fields:
            special["active"] = actions.REACTIVATE if obj.active else actions.DEACTIVATE
    entries += [(action, "") for action in special.values() if action]
    rest = [name for name in fields if name not in special]
    if rest:
        entries.append((actions.CHANGE, "fields: " + ", ".join(rest)))
    return entries


def _invitations_sent(session: Session) -> None:
    """One entry per campaign for the links made or sent again in this flush: counts only."""
    made: Counter[tuple[Campaign | None, str]] = Counter()
    for obj in session.new:
        if isinstance(obj, Invitation) and obj.kind != InvitationKind.OPEN:
            way = "by email" if obj.kind == InvitationKind.EMAIL else "as links"
            made[(obj.campaign or session.get(Campaign, obj.campaign_id), way)] += 1
    for obj in session.dirty:
        if isinstance(obj, Invitation) and inspect(obj).attrs["token_hash"].history.deleted:
            made[(obj.campaign or session.get(Campaign, obj.campaign_id), "sent again")] += 1
    for (campaign, way), count in made.items():
        if campaign is not None:
            record(actions.INVITATION_SENT, campaign, details=f"{count} {way}")


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if current_actor() is None:
        return
    for obj in list(session.deleted):
        if kind_of(obj) is not None:
            record(actions.DELETE, obj)
    for obj in list(session.dirty):
        if kind_of(obj) is not None and session.is_modified(obj):
            for action, details in _changes(obj):
                record(action, obj, details=details)
    _invitations_sent(session)
    new = [obj for obj in session.new if kind_of(obj) is not None]
    if new:  # recorded once the flush has given them their ids
        session.info.setdefault(_PENDING, []).extend(new)


def _after_flush(session: Session, _context: object) -> None:
    for obj in session.info.pop(_PENDING, []):
        record(actions.CREATE, obj)  # flushed by the commit's next flush


def _transaction_ended(session: Session) -> None:
    session.info.pop(_PENDING, None)
    forget_seen(session)


def install(session_class: type[Session]) -> None:
    """Listen on the app's session class, once however many apps are made."""
    hooks: dict[str, Callable[..., None]] = {
        "before_flush": _before_flush,
        "after_flush": _after_flush,
        "after_commit": _transaction_ended,
        "after_rollback": _transaction_ended,
    }
    for name, hook in hooks.items():
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)
