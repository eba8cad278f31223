"""Mail deliveries: one row per email the queue sends for an invitation (invitation or reminder).

The row is written (queued) in the request that decides the mail, and the queue's task claims
it, renews the invitation's link, sends, and marks it sent right after the mail server accepts
it, so a task run again after a crash sends only what is not marked sent. A delivery knows only
its invitation's mail state, never anything about answers.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .invitations import Invitation


class MailKind(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"


class MailState(StrEnum):
    QUEUED = "queued"  # waiting for the consumer
    SENDING = "sending"  # claimed by a task (its claimed_at tells a stale claim from a live one)
    SENT = "sent"  # accepted by the mail server
    FAILED = "failed"  # refused or unreachable; ``reason`` says why, the leader can retry
    SKIPPED = "skipped"  # not sent on purpose (the person opted out, the campaign closed)


UNSENT = (MailState.QUEUED, MailState.SENDING, MailState.FAILED)


class MailDelivery(db.Model):  # type: ignore[name-defined]
    __tablename__ = "mail_deliveries"
    __table_args__ = (
        Index("ix_mail_deliveries_campaign_kind_state", "campaign_id", "kind", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MailKind] = mapped_column(str_enum(MailKind))
    state: Mapped[MailState] = mapped_column(str_enum(MailState), default=MailState.QUEUED)
    reason: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(default=0)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    # "host:pid" of the consumer that claimed it: a consumer starting on the same host takes
    # over at once what a killed one held, without waiting for the claim to go stale.
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None]

    invitation: Mapped[Invitation] = relationship()
