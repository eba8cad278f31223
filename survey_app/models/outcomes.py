"""Deal outcomes: how a prospect's deal ended, recorded by the deal team.

One outcome per prospect (recording it again corrects it). The track record on the pipeline
reads these beside the verdict the prospect had on the outcome date, so that a team can see
whether *Walk away* really loses more often than *Pursue* (survey_app/prospects/track_record.py).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .companies import Company
    from .org import User


class Outcome(StrEnum):
    WON = "won"
    LOST = "lost"
    NO_DECISION = "no_decision"


# In the page's language (lazy: the prospect pages are translated, survey_app/i18n.py).
OUTCOME_LABELS = {
    Outcome.WON: lazy_gettext("Won"),
    Outcome.LOST: lazy_gettext("Lost"),
    Outcome.NO_DECISION: lazy_gettext("No decision"),
}


class DealOutcome(db.Model):  # type: ignore[name-defined]
    __tablename__ = "deal_outcomes"
    __table_args__ = (CheckConstraint("deal_size >= 0", name="deal_size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome))
    closed_on: Mapped[date]
    # The size the deal closed at (won) or was worth (lost, no decision), whole currency units.
    deal_size: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[Outcome(self.outcome)])
