"""Invitations and save-and-resume drafts.

Nothing here points at a stored response, and nothing in a response points here: that is the
anonymity promise. An invitation only knows whether its holder has finished.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .campaigns import Campaign
    from .companies import Team


def new_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationKind(StrEnum):
    EMAIL = "email"  # addressed to a person
    LINK = "link"  # an anonymous single-use link handed out by the leader
    OPEN = "open"  # made when someone starts through the campaign's open link


class InvitationStatus(StrEnum):
    PENDING = "pending"
    STARTED = "started"
    COMPLETED = "completed"


class Invitation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    kind: Mapped[InvitationKind] = mapped_column(str_enum(InvitationKind))
    email: Mapped[str | None] = mapped_column(String(254))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus), default=InvitationStatus.PENDING
    )
    emailed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    campaign: Mapped[Campaign] = relationship(back_populates="invitations")
    team: Mapped[Team | None] = relationship()
    draft: Mapped[Draft | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", uselist=False
    )


class Draft(db.Model):  # type: ignore[name-defined]
    """Partial answers kept for save-and-resume; deleted in the submitting transaction."""

    __tablename__ = "drafts"

    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    saved_on: Mapped[date]

    invitation: Mapped[Invitation] = relationship(back_populates="draft")
