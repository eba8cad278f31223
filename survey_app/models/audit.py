"""The audit log: who did what to which object, when, and from which address.

An entry copies what it needs (the actor's email, the object's label) instead of pointing at
rows that may be deleted later: a deleted campaign or an erased account still has its history.
It never holds a survey, reset or invitation token, an answer, or anything a respondent did
(survey_app/audit/service.py is the only writer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import utcnow


class AuditEntry(db.Model):  # type: ignore[name-defined]
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_org_at", "organization_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # UTC
    # Who: the user's id (no foreign key: the entry outlives an erased account) and their
    # email as it was then. Both empty for the command line.
    actor_id: Mapped[int | None]
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40))
    # What: the kind of object, its id and a short label as it was then.
    object_kind: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(String(200), default="")
    # Which fields changed (names, never values), or a count: never a secret or an answer.
    details: Mapped[str] = mapped_column(String(500), default="")
    # request.remote_addr as the app sees it (behind TRUSTED_PROXIES): IPv6 fits in 45.
    address: Mapped[str | None] = mapped_column(String(45))
