"""What an account needs besides its row: set-password links and signed-in devices.

Both store only SHA-256 digests of random secrets, like survey tokens
(:func:`survey_app.models.invitations.token_digest`): the plaintext of a link lives in the
email (or on the admin's screen, once), the plaintext of a device's key in its signed cookie.
Neither table relates to surveys, invitations or responses.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .org import User


class LinkPurpose(StrEnum):
    INVITE = "invite"  # a new account's first password (72 hours)
    RESET = "reset"  # a forgotten password (1 hour)


class AccountLink(db.Model):  # type: ignore[name-defined]
    """A single-use, expiring link that lets its holder set the account's password."""

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(str_enum(LinkPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set when the link is used, or when a newer link or a new password replaces it.
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class UserSession(db.Model):  # type: ignore[name-defined]
    """One signed-in device. The device's cookie carries the key; a missing row is a session
    that was signed out, so deleting rows signs devices out one by one."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A short description of the browser ("Firefox on Linux"), so the owner can tell devices
    # apart; never the raw user agent, never an address.
    device: Mapped[str] = mapped_column(String(80), default="")
