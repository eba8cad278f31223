"""Personal access tokens for the REST API (``/api/v1``, survey_app/api/).

Only the SHA-256 digest of a token is stored, like survey tokens and set-password links
(:func:`survey_app.models.invitations.token_digest`): the plaintext is shown once, on the
account page, when the token is made. ``prefix`` (the first characters) lets its owner tell
tokens apart in the list and in their own configuration, and opens nothing.
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


class TokenScope(StrEnum):
    READ_RESULTS = "read_results"  # companies, teams, campaigns and their results: reads only
    MANAGE_INVITATIONS = "manage_invitations"  # campaigns (create, open, close), invitations


class ApiToken(db.Model):  # type: ignore[name-defined]
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[TokenScope] = mapped_column(str_enum(TokenScope))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now
