"""Companies assessed by an organisation (its own, customers, prospects) and their teams."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .campaigns import Campaign
    from .org import Organization, User


# Users a prospect is shared with (besides its owner and the organisation's leaders).
prospect_shares = Table(
    "prospect_shares",
    db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


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
    # Prospects only: the rep who owns the deal and its estimated size (whole currency units).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    deal_size: Mapped[int | None] = mapped_column(BigInteger)
    # Optimistic locking for the company and prospect edit forms (see survey_app/editing.py).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    organization: Mapped[Organization] = relationship(back_populates="companies")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    shared_with: Mapped[list[User]] = relationship(secondary=prospect_shares, order_by="User.name")
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
