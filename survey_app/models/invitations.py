"""Invitations and save-and-resume drafts.

Nothing here points at a stored response, and nothing in a response points here: that is the
anonymity promise. An invitation only knows whether its holder has finished.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ColumnElement, ForeignKey, Index, String, or_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .campaigns import Campaign
    from .companies import Team


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    """What is stored of a survey token: its SHA-256, in hex.

    A password needs a slow hash because people choose guessable ones; a survey token is 24
    random bytes (192 bits), which no dictionary or brute force can reach, so a fast digest
    protects it as well and lets a link be found by an index lookup on every request.
    """
    return hashlib.sha256(token.encode()).hexdigest()


_PLAINTEXT = "_plaintext_token"


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
    __table_args__ = (
        # The campaign page's counts in one pass that never reads the table itself (a covering
        # index): see survey_app/campaigns/progress.py.
        Index("ix_invitations_progress", "campaign_id", "team_id", "kind", "status"),
        # The opt-outs, counted on the campaign and invite pages: only those rows are indexed,
        # so the count reads as many entries as people declined, not the whole campaign. With
        # declined_at in it, SQLite prefers it to the plain campaign index even without
        # ANALYZE statistics (the migration d4b9f2a6c831).
        Index(
            "ix_invitations_declined",
            "campaign_id",
            "declined_at",
            sqlite_where=text("declined_at IS NOT NULL"),
            postgresql_where=text("declined_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[InvitationKind] = mapped_column(str_enum(InvitationKind))
    email: Mapped[str | None] = mapped_column(String(254))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus), default=InvitationStatus.PENDING
    )
    emailed: Mapped[bool] = mapped_column(default=False)
    # True once the respondent's first save replaced the link handed out with one of their own.
    private_link: Mapped[bool] = mapped_column(default=False)
    # When its person opted out by the mail's unsubscribe link: no more mail, and never a sign
    # of an answer (the status is left as it is).
    declined_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    campaign: Mapped[Campaign] = relationship(back_populates="invitations")
    team: Mapped[Team | None] = relationship()
    draft: Mapped[Draft | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", uselist=False
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if self.token_hash is None:
            self.issue_token()

    def issue_token(self) -> str:
        """A new link for this invitation: only its digest is stored, and the plaintext lives
        on this object (``token``) until it is shown, downloaded or mailed, once."""
        token = new_token()
        self.token_hash = token_digest(token)
        self.remember_token(token)
        return token

    def remember_token(self, token: str) -> None:
        """Keep a link just issued for this invitation on the object, in memory only."""
        self.__dict__[_PLAINTEXT] = token

    @property
    def token(self) -> str | None:
        """The plaintext of a link this object issued, else None: it is never stored."""
        return self.__dict__.get(_PLAINTEXT)


class UsedTokenReason(StrEnum):
    USED = "used"  # the respondent's first save gave them a private link in its place
    REPLACED = "replaced"  # a new link was sent by email in its place


class UsedToken(db.Model):  # type: ignore[name-defined]
    """The digest of a link that no longer opens its invitation, so that whoever still holds
    it is told why (and shown nothing of the invitation)."""

    __tablename__ = "used_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[UsedTokenReason] = mapped_column(str_enum(UsedTokenReason))

    invitation: Mapped[Invitation] = relationship()


class Draft(db.Model):  # type: ignore[name-defined]
    """Partial answers kept for save-and-resume; deleted in the submitting transaction."""

    __tablename__ = "drafts"

    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    saved_on: Mapped[date]

    invitation: Mapped[Invitation] = relationship(back_populates="draft")


def counts_as_invitation(
    kind: ColumnElement[Any] | None = None, status: ColumnElement[Any] | None = None
) -> ColumnElement[bool]:
    """Whether an invitation counts in the response rate: an open-link visitor only once they
    have submitted (one who started and left was never invited; shown apart). Of the
    invitations' own columns, or of another table's ``kind`` and ``status`` (the counts the
    triggers keep)."""
    return or_(
        (Invitation.kind if kind is None else kind) != InvitationKind.OPEN,
        (Invitation.status if status is None else status) == InvitationStatus.COMPLETED,
    )
