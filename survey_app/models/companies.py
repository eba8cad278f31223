"""Companies assessed by an organisation (its own, customers, prospects) and their teams."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .campaigns import Campaign
    from .org import Organization


class CompanyKind(StrEnum):
    OWN = "own"
    CUSTOMER = "customer"
    PROSPECT = "prospect"


class Company(db.Model):  # type: ignore[name-defined]
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CompanyKind] = mapped_column(str_enum(CompanyKind))
    industry: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="companies")
    teams: Mapped[list[Team]] = relationship(
        back_populates="company", order_by="Team.name", cascade="all, delete-orphan"
    )
    campaigns: Mapped[list[Campaign]] = relationship(back_populates="company")


class Team(db.Model):  # type: ignore[name-defined]
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    company: Mapped[Company] = relationship(back_populates="teams")
