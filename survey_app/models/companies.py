"""Companies assessed by an organisation (its own, customers, prospects) and their teams."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..names import name_key, same_name
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
    # One company or prospect per name in an organisation, as survey_app/names.py compares
    # names: enforced here, so that two saves at the same moment cannot both take a name.
    # (A unique index rather than a constraint: SQLite adds one without rebuilding the table.)
    __table_args__ = (Index("uq_companies_name_key", "organization_id", "name_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # survey_app.names.name_key of the name, kept in step by _keep_name_key.
    name_key: Mapped[str] = mapped_column(String(64))
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

    @validates("name")
    def _keep_name_key(self, _field: str, name: str) -> str:
        """Set the key with the name. A name that stays the same name keeps its stored key,
        so that a record stored before the rule, as a duplicate, can still be saved."""
        if self.name is None or self.name_key is None or not same_name(self.name, name):
            self.name_key = name_key(name)
        return name

    @property
    def active_teams(self) -> list[Team]:
        """The company's teams today; removed ones stay only in the campaigns that used them."""
        return [team for team in self.teams if team.removed_on is None]


class Team(db.Model):  # type: ignore[name-defined]
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # Removed from the company, kept for the campaigns that ran with it (see update_company).
    removed_on: Mapped[date | None]

    company: Mapped[Company] = relationship(back_populates="teams")
