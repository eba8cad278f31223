"""Failed sign-in attempts, for a lock that holds across every app worker and server.

Each row is one failed attempt, keyed by an HMAC (with the app's SECRET_KEY) of either the
normalised email or the client address: no raw address and no email is stored, and nothing
here relates to surveys or their responses. Rows older than the window are deleted as new
attempts arrive.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import utcnow


class LoginFailure(db.Model):  # type: ignore[name-defined]
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email:" or "addr:" + hex HMAC-SHA256 of the value.
    key: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
