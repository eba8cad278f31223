"""Reminder rounds: one row each time a campaign's unanswered invitations were reminded.

A round holds counts and days only, never who: the mails themselves are mail deliveries of
the kind "reminder" (models/mail.py). A scheduled round is unique per campaign and due day,
which is how two consumers running the same schedule send it once: the one whose insert
succeeds sends it, the other finds the row there.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import str_enum, utcnow


class ReminderTrigger(StrEnum):
    MANUAL = "manual"  # a leader pressed "Remind everyone who has not answered"
    SCHEDULED = "scheduled"  # the campaign's automatic schedule (days before closing)


class ReminderRound(db.Model):  # type: ignore[name-defined]
    __tablename__ = "reminder_rounds"
    __table_args__ = (
        # NULL for manual rounds (any number of them); one scheduled round per due day.
        UniqueConstraint("campaign_id", "scheduled_for", name="uq_reminder_rounds_due_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    trigger: Mapped[ReminderTrigger] = mapped_column(str_enum(ReminderTrigger))
    scheduled_for: Mapped[date | None]  # the due day of a scheduled round
    days_before: Mapped[int | None]  # which entry of the schedule it was
    sent_on: Mapped[date]  # the day it went to the queue (the app's clock)
    recipients: Mapped[int] = mapped_column(default=0)  # reminders queued
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
