"""Observer assessments: a rep's named judgement of a prospect's culture, from the outside.

Never mixed into campaign answers: they live in their own tables and are read only by the
prospects pages, which show them to the author, the leaders of the organisation, the
prospect's owner and the users it is shared with.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..prospects.verdict import Confidence
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .companies import Company
    from .org import User


class EvidenceSource(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    REFERENCE = "reference"
    PUBLIC = "public"


class ProspectAssessment(db.Model):  # type: ignore[name-defined]
    __tablename__ = "prospect_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    observed_on: Mapped[date]
    source: Mapped[EvidenceSource] = mapped_column(str_enum(EvidenceSource))
    confidence: Mapped[Confidence] = mapped_column(str_enum(Confidence))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The instrument versions the rep answered, as a campaign pins them.
    enemies_version: Mapped[int] = mapped_column(default=1)
    scorecard_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    author: Mapped[User] = relationship()
    enemies: Mapped[list[ObservedEnemy]] = relationship(cascade="all, delete-orphan")
    practices: Mapped[list[ObservedPractice]] = relationship(cascade="all, delete-orphan")


class ObservedEnemy(db.Model):  # type: ignore[name-defined]
    """An enemy the rep ticked, or left unticked but wrote a note about."""

    __tablename__ = "observed_enemies"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("prospect_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    enemy_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    present: Mapped[bool]
    evidence: Mapped[str] = mapped_column(Text, default="")


class ObservedPractice(db.Model):  # type: ignore[name-defined]
    __tablename__ = "observed_practices"
    __table_args__ = (
        CheckConstraint("execution BETWEEN 1 AND 4", name="observed_execution_range"),
        CheckConstraint(
            "importance IS NULL OR importance BETWEEN 1 AND 10", name="observed_importance_range"
        ),
    )

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("prospect_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    practice_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    execution: Mapped[int] = mapped_column(SmallInteger)
    importance: Mapped[int | None] = mapped_column(SmallInteger)
