"""Use cases of the users page. Each commits once; each is scoped to the admin's organisation.

**The last active admin.** An organisation must keep at least one active admin, or nobody can
manage it again without a shell. Every change that could remove one (a role change, a
deactivation) first locks the organisation's row (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite a POST's transaction holds the write lock from its start), then counts the other active
admins. Two admins demoting each other at the same moment are therefore serialised: the second
one counts after the first has committed, and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..account import links
from ..account.sessions import forget_all_devices
from ..auth.access import one_or_404
from ..auth.emails import email_problem
from ..auth.services import AccountError, normalise_email
from ..extensions import db
from ..models import LinkPurpose, Organization, Role, User

PER_PAGE = 25


class LastAdminError(AccountError):
    pass


def status(user: User) -> str:
    """What the list shows: Deactivated, Invited (no password chosen yet) or Active."""
    if not user.active:
        return "Deactivated"
    return "Invited" if not user.password_hash else "Active"


def users_query(org_id: int, search: str = "") -> Select[tuple[User]]:
    """The organisation's users by name; ``search`` matches a part of the name or email."""
    query = select(User).where(User.organization_id == org_id)
    text = search.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    return query.order_by(func.lower(User.name), User.id)


@dataclass(frozen=True)
class Issued:
    """A user and the plaintext of the set-password link just made for them (shown once)."""

    user: User
    token: str
    purpose: LinkPurpose


def invite(org: Organization, email: str, name: str, role: Role) -> Issued:
    """A new account with no password yet, and its 72-hour invitation link."""
    problem = email_problem(email)
    if problem:
        raise AccountError(problem)
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(_("An account with the email %(email)s already exists.", email=email))
    name = name.strip() or email
    user = User(organization=org, email=email, name=name, password_hash="", role=role)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # the same address invited at the same moment
        db.session.rollback()
        raise AccountError(
            _("An account with the email %(email)s already exists.", email=email)
        ) from None
    token = links.issue_link(user, LinkPurpose.INVITE)
    audit.record(audit.actions.INVITATION_SENT, user)
    db.session.commit()
    return Issued(user, token, LinkPurpose.INVITE)


def find_user(org_id: int, user_id: int) -> User:
    """A user of the organisation, or a 404 (exactly as for a missing id)."""
    return one_or_404(select(User).where(User.id == user_id, User.organization_id == org_id))


def _lock_organization(org_id: int) -> None:
    db.session.execute(select(Organization.id).where(Organization.id == org_id).with_for_update())


def _user(org_id: int, user_id: int) -> User:
    """The user, read again after the lock (never a copy loaded earlier), or a 404."""
    query = select(User).where(User.id == user_id, User.organization_id == org_id)
    user = db.session.scalar(query.execution_options(populate_existing=True))
    if user is None:
        abort(404)
    return user


def _refuse_if_last_admin(org_id: int, user: User) -> None:
    if user.role != Role.ADMIN or not user.active:
        return
    others = db.session.scalar(
        select(func.count()).where(
            User.organization_id == org_id,
            User.role == Role.ADMIN,
            User.active.is_(True),
            User.id != user.id,
        )
    )
    if not others:
        name = user.name
        db.session.rollback()
        raise LastAdminError(
            _(
                "%(name)s is the last active admin of your organisation: make another user an "
                "admin first.",
                name=name,
            )
        )


def change_role(org_id: int, user_id: int, role: Role) -> User:
    _lock_organization(org_id)
    user = _user(org_id, user_id)
    if role != Role.ADMIN:
        _refuse_if_last_admin(org_id, user)
    if role != Role.LEADER:  # a team scope is a leader's: an admin or a rep starts afresh
        user.team_scoped, user.scope_teams = False, []
    user.role = role
    db.session.commit()
    return user


def set_active(org_id: int, actor_id: int, user_id: int, active: bool) -> User:
    """Deactivation signs the user out everywhere at once (a new session token, no devices)
    and retires their links; reactivation does not bring old sessions back."""
    _lock_organization(org_id)
    user = _user(org_id, user_id)
    if not active:
        if user.id == actor_id:
            db.session.rollback()
            raise AccountError(_("You cannot deactivate your own account."))
        _refuse_if_last_admin(org_id, user)
        forget_all_devices(user)
        links.retire_links(user)
    user.active = active
    db.session.commit()
    return user


def send_link(org_id: int, user_id: int) -> Issued:
    """A new invitation (no password yet) or reset link for an active user, in place of the
    earlier ones of its kind."""
    user = _user(org_id, user_id)
    if not user.active:
        raise AccountError(_("Reactivate this account first."))
    purpose = LinkPurpose.INVITE if not user.password_hash else LinkPurpose.RESET
    token = links.issue_link(user, purpose)
    audit.record(audit.actions.LINK_SENT[purpose], user)
    db.session.commit()
    return Issued(user, token, purpose)
