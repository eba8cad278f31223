"""The private self-check: "have I engaged in any of these?". Visible only to its author."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import utcnow


class SelfCheck(db.Model):  # type: ignore[name-defined]
    __tablename__ = "self_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[date]
    enemies_version: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(Text, default="")  # private: what I will do differently
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ticks: Mapped[list[SelfCheckTick]] = relationship(cascade="all, delete-orphan")

    @property
    def ticked(self) -> frozenset[str]:
        return frozenset(t.enemy_key for t in self.ticks)


class SelfCheckTick(db.Model):  # type: ignore[name-defined]
    __tablename__ = "self_check_ticks"

    self_check_id: Mapped[int] = mapped_column(
        ForeignKey("self_checks.id", ondelete="CASCADE"), primary_key=True
    )
    enemy_key: Mapped[str] = mapped_column(String(64), primary_key=True)
