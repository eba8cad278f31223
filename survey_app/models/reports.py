"""Stored PDF renders: a report rendered on the job consumer, kept until what it shows changes.

One row per *slot*: a report kind (a campaign's report, a company's trends), its subject, a
paper size and the viewer scope it was rendered for (``all``, or a team-scoped leader's
teams). The slot holds the latest render. ``fingerprint`` is the digest of everything the PDF
prints (survey_app/reports/store.py), so a PDF is served only while it still matches what the
report would show now: a new response published, a closed campaign, a renamed company or new
branding each make it stale.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from ._types import str_enum, utcnow


class RenderStatus(StrEnum):
    QUEUED = "queued"  # waiting for the consumer
    RENDERING = "rendering"  # on the consumer now; ``stage`` and ``progress`` say how far
    READY = "ready"  # ``pdf`` holds the render of ``fingerprint``
    FAILED = "failed"  # ``error`` says why; the leader may try again


class ReportKind(StrEnum):
    CAMPAIGN = "campaign"
    COMPANY = "company"


class ReportRender(db.Model):  # type: ignore[name-defined]
    __tablename__ = "report_renders"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "paper", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind))
    subject_id: Mapped[int]  # the campaign's or the company's id, as ``kind`` says
    paper: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(400))  # "all", or "teams:3,7" (sorted ids)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[RenderStatus] = mapped_column(str_enum(RenderStatus))
    stage: Mapped[str] = mapped_column(String(80), default="")
    progress: Mapped[int] = mapped_column(default=0)  # percent
    error: Mapped[str | None] = mapped_column(Text)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
