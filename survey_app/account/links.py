"""Set-password links: an invitation (72 hours) or a password reset (1 hour).

A link is 24 random bytes; only its SHA-256 is stored (``account_links.token_hash``), so a
copy of the database opens no account. A link works once: :func:`redeem` claims it with a
conditional UPDATE (``used_at IS NULL AND expires_at > now``), so two submissions of the same
link cannot both set a password. A new link retires the open ones of its kind; a new password
retires them all. The plaintext is returned to the caller once, to be mailed or shown, and
never logged (survey_app/account/logs.py keeps it out of the request logs too).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select, update

from ..campaigns.web import base_url
from ..extensions import db
from ..i18n import LazyText, lazy_gettext
from ..models import AccountLink, LinkPurpose, User, token_digest
from ..models._types import utcnow

LIFETIMES = {LinkPurpose.INVITE: timedelta(hours=72), LinkPurpose.RESET: timedelta(hours=1)}
CONFIG_KEYS = {LinkPurpose.INVITE: "INVITATION_LINK_HOURS", LinkPurpose.RESET: "RESET_LINK_HOURS"}


def lifetime(purpose: LinkPurpose) -> timedelta:
    hours = current_app.config.get(CONFIG_KEYS[purpose])
    return timedelta(hours=float(hours)) if hours else LIFETIMES[purpose]


def retire_links(user: User, purpose: LinkPurpose | None = None) -> None:
    """Every open link of ``user`` (of ``purpose``, if given) stops working. No commit."""
    where = [AccountLink.user_id == user.id, AccountLink.used_at.is_(None)]
    if purpose is not None:
        where.append(AccountLink.purpose == purpose)
    db.session.execute(update(AccountLink).where(*where).values(used_at=utcnow()))


def issue_link(user: User, purpose: LinkPurpose) -> str:
    """A new link for ``user``, in place of earlier ones of the same purpose (a stranger asking
    for a reset does not spend someone's invitation); its plaintext, once. No commit."""
    retire_links(user, purpose)
    token = secrets.token_urlsafe(24)
    db.session.add(
        AccountLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_digest(token),
            expires_at=utcnow() + lifetime(purpose),
        )
    )
    return token


def link_url(token: str) -> str:
    """The absolute address of a link (PUBLIC_BASE_URL, else the address the admin used). The
    token is in the query string, which no access log of the app keeps (see logs.py)."""
    return base_url().rstrip("/") + url_for("password.set_password", token=token)


@dataclass(frozen=True)
class LinkState:
    """What a link is today: usable (with its account), or why not."""

    link: AccountLink | None
    problem: LazyText | None  # None when usable; in the language of the page that shows it

    @property
    def user(self) -> User | None:
        return self.link.user if self.link is not None and self.problem is None else None


# Shown on the set-password page, in its language (translated when shown).
NOT_VALID = lazy_gettext(
    "This link is not valid. Check that you copied all of it, or ask for a new one."
)
USED = lazy_gettext("This link has already been used. Sign in, or ask for a new link.")
EXPIRED = lazy_gettext("This link has expired. Ask for a new one.")
INACTIVE = lazy_gettext("This account is deactivated. Ask an admin of your organisation.")


def look_up(token: str) -> LinkState:
    """The state of a link, reading only (the form's GET)."""
    link = db.session.scalar(
        select(AccountLink).where(AccountLink.token_hash == token_digest(token or ""))
    )
    if link is None:
        return LinkState(None, NOT_VALID)
    if link.used_at is not None:
        return LinkState(link, USED)
    if link.expires_at <= utcnow():
        return LinkState(link, EXPIRED)
    if not link.user.active:
        return LinkState(link, INACTIVE)
    return LinkState(link, None)


def redeem(token: str) -> LinkState:
    """Claim a usable link for this request alone, or say why it cannot be used. No commit:
    the claim and the new password are one transaction."""
    state = look_up(token)
    if state.link is None or state.problem is not None:
        return state
    claimed = db.session.execute(
        update(AccountLink)
        .where(
            AccountLink.id == state.link.id,
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return LinkState(state.link, USED)
    return state
