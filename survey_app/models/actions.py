"""Action plans and strategy sessions: what a leader decided to do about a recommendation.

An action targets one practice or enemy of a company (its own, a customer or a prospect) and
remembers the campaign or prospect it came from, so that the next wave can show the before and
after of what was acted on. A strategy session is held on a campaign or a prospect; its agenda is
computed from the data each time (never stored), its decisions and new actions are stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .campaigns import Campaign
    from .companies import Company
    from .org import User


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The status's name in the page's language ("In progress" in English)."""
        return str(ACTION_STATUS_NAMES[self])

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


ACTION_STATUS_NAMES = {
    ActionStatus.PLANNED: lazy_gettext("Planned"),
    ActionStatus.IN_PROGRESS: lazy_gettext("In progress"),
    ActionStatus.DONE: lazy_gettext("Done"),
    ActionStatus.DROPPED: lazy_gettext("Dropped"),
}
OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class TargetKind(StrEnum):
    PRACTICE = "practice"
    ENEMY = "enemy"


class Action(db.Model):  # type: ignore[name-defined]
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    # Where the recommendation was read: a campaign (own company, customer) or none (a
    # prospect's deal advice, whose company is the prospect). Deleting the campaign keeps the
    # action on its company.
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    # The strategy session it was recorded in, if any.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_sessions.id", ondelete="SET NULL"), index=True
    )
    target_kind: Mapped[TargetKind] = mapped_column(str_enum(TargetKind))
    target_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    # The owner: a user of the organisation, or a name typed in (someone without an account).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus), default=ActionStatus.PLANNED
    )
    # The day it was last marked done or dropped (None while open): the wave after it is the
    # "after" of its before and after.
    finished_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    session: Mapped[StrategySession | None] = relationship(back_populates="actions")

    @property
    def owner_label(self) -> str:
        if self.owner is not None:
            return self.owner.name
        return self.owner_name or gettext("No owner")

    def overdue(self, today: date) -> bool:
        return self.status.is_open and self.due_on < today


class SessionRole(StrEnum):
    MODERATOR = "moderator"
    TIMEKEEPER = "timekeeper"
    SCRIBE = "scribe"


ROLE_ORDER = (SessionRole.MODERATOR, SessionRole.TIMEKEEPER, SessionRole.SCRIBE)


class StrategySession(db.Model):  # type: ignore[name-defined]
    __tablename__ = "strategy_sessions"
    __table_args__ = (
        CheckConstraint(
            "horizon_from BETWEEN 1 AND 8 AND horizon_to BETWEEN horizon_from AND 8",
            name="session_horizon_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    # A campaign's session reads that campaign's results; a prospect's has none (its company
    # is the prospect).
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date]
    # Seed 002: "SAM reviews should be framed by a longer horizon such as 2-3 quarters out."
    horizon_from: Mapped[int] = mapped_column(default=2)
    horizon_to: Mapped[int] = mapped_column(default=3)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    attendees: Mapped[list[SessionAttendee]] = relationship(
        cascade="all, delete-orphan", order_by="SessionAttendee.position"
    )
    decisions: Mapped[list[SessionDecision]] = relationship(
        cascade="all, delete-orphan", order_by="SessionDecision.id"
    )
    actions: Mapped[list[Action]] = relationship(back_populates="session", order_by="Action.id")

    def holder(self, role: SessionRole) -> SessionAttendee | None:
        return next((a for a in self.attendees if role in a.role_set), None)

    @property
    def horizon_label(self) -> str:
        if self.horizon_from == self.horizon_to:
            return ngettext("%(num)s quarter out", "%(num)s quarters out", self.horizon_from)
        return gettext(
            "%(low)s\u2013%(high)s quarters out", low=self.horizon_from, high=self.horizon_to
        )


class SessionAttendee(db.Model):  # type: ignore[name-defined]
    """Someone at the session: a user, or a name typed in; with the roles they hold."""

    __tablename__ = "session_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), default="")
    # Space-separated SessionRole values: one person may moderate and keep time in a small team.
    roles: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return self.user.name if self.user is not None else self.name

    @property
    def role_set(self) -> list[SessionRole]:
        held = set(self.roles.split())
        return [role for role in ROLE_ORDER if role.value in held]


class SessionDecision(db.Model):  # type: ignore[name-defined]
    """A decision the scribe recorded during the session."""

    __tablename__ = "session_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("strategy_sessions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActionDigest(db.Model):  # type: ignore[name-defined]
    """A weekly digest claimed for one owner: every consumer runs the periodic task, and the
    first to insert the row for that week sends it (the primary key refuses the others)."""

    __tablename__ = "action_digests"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    week_of: Mapped[date] = mapped_column(primary_key=True)  # the Monday of the week
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
