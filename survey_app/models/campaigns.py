"""Campaigns: one run of the instruments on a company."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Column, ColumnElement, ForeignKey, String, Table, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..instruments import Instrument, get_instrument
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .companies import Company, Team
    from .invitations import Invitation

MIN_K, MAX_K, DEFAULT_K = 3, 10, 5

campaign_teams = Table(
    "campaign_teams",
    db.metadata,
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
)


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Campaign(db.Model):  # type: ignore[name-defined]
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(f"min_group_size BETWEEN {MIN_K} AND {MAX_K}", name="k_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[CampaignStatus] = mapped_column(
        str_enum(CampaignStatus), default=CampaignStatus.DRAFT
    )
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    min_group_size: Mapped[int] = mapped_column(default=DEFAULT_K)
    # The open link: anyone holding it may answer, up to the cap.
    open_link_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    open_link_cap: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Optimistic locking: an edit form carries the version it showed, and a save from an older
    # one is refused (see survey_app/editing.py). Bumped by each edit and status change; the
    # ORM adds "AND version = <loaded>" to every UPDATE of the row.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    company: Mapped[Company] = relationship(back_populates="campaigns")
    instruments: Mapped[list[CampaignInstrument]] = relationship(
        order_by="CampaignInstrument.position", cascade="all, delete-orphan"
    )
    teams: Mapped[list[Team]] = relationship(secondary=campaign_teams, order_by="Team.name")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )

    def pinned_instruments(self) -> list[Instrument]:
        return [ci.definition for ci in self.instruments]

    def is_accepting(self, today: date) -> bool:
        """Whether respondents may answer today."""
        return accepting_on(self.status, self.opens_on, self.closes_on, today)


def accepting_on(
    status: CampaignStatus, opens_on: date | None, closes_on: date | None, today: date
) -> bool:
    """Whether a campaign with these settings takes answers on ``today``."""
    if status != CampaignStatus.OPEN:
        return False
    if opens_on and today < opens_on:
        return False
    return not (closes_on and today > closes_on)


def accepting_clause(today: Any) -> ColumnElement[bool]:
    """:func:`accepting_on` as SQL on the campaigns table, for a guarded write."""
    c = Campaign.__table__.c
    return and_(
        c.status == CampaignStatus.OPEN,
        or_(c.opens_on.is_(None), c.opens_on <= today),
        or_(c.closes_on.is_(None), c.closes_on >= today),
    )


class CampaignInstrument(db.Model):  # type: ignore[name-defined]
    """An instrument pinned by version, so editing a definition never changes old results."""

    __tablename__ = "campaign_instruments"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    instrument_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    instrument_version: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument_key, self.instrument_version)
