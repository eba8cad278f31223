"""Campaigns: one run of the instruments on a company."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ColumnElement,
    ForeignKey,
    String,
    Table,
    Text,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..instruments import Instrument, get_instrument
from ..text import sort_key
from ._types import str_enum, utcnow
from .settings import DEFAULT_BANDS_SQL, default_bands

if TYPE_CHECKING:
    from .companies import Company, Team
    from .invitations import Invitation

MIN_K, MAX_K, DEFAULT_K = 3, 10, 5
MAX_REPEAT_WEEKS = 52

campaign_teams = Table(
    "campaign_teams",
    db.metadata,
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    # The team's name as the campaign ran with it, set when it opens (None while a draft: a
    # draft follows its company's teams). Renaming a team later changes new campaigns only.
    Column("name", String(120)),
)


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


REMINDER_MESSAGE_MAX = 1000  # characters of the leader's words in a reminder
SURVEY_LANGUAGES = ("en", "es", "fr", "de")
SURVEY_LANGUAGES_SQL = '["en", "es", "fr", "de"]'


class Campaign(db.Model):  # type: ignore[name-defined]
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(f"min_group_size BETWEEN {MIN_K} AND {MAX_K}", name="k_range"),
        CheckConstraint(
            f"repeat_weeks IS NULL OR repeat_weeks BETWEEN 1 AND {MAX_REPEAT_WEEKS}",
            name="repeat_weeks_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[CampaignStatus] = mapped_column(
        str_enum(CampaignStatus), default=CampaignStatus.DRAFT
    )
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]  # the planned closing date
    closed_on: Mapped[date | None]  # the day it was closed, when a leader closed it
    min_group_size: Mapped[int] = mapped_column(default=DEFAULT_K)
    # Comments are shown from this many responses on (never below k): stamped from the
    # organisation's settings like the bands, so a closed campaign keeps what it ran with.
    comment_threshold: Mapped[int] = mapped_column(default=8, server_default="8")
    # The Culture Risk bands it runs with (models/settings.py), copied from the organisation's
    # settings when it is created and when it opens: a later change applies to new campaigns.
    band_thresholds: Mapped[dict[str, int]] = mapped_column(
        JSON, default=default_bands, server_default=DEFAULT_BANDS_SQL
    )
    # The open link: anyone holding it may answer, up to the cap.
    open_link_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    open_link_cap: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Automatic reminders, in days before the closing date (e.g. [7, 2]): sent by the queue's
    # schedule (survey_app/campaigns/schedule.py) to invitations not yet answered.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    # The leader's own words, put at the top of every reminder (plain text; "" for none).
    # About mail, not about what answers mean: it may change while the campaign is open.
    reminder_message: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The languages respondents may answer in (survey_app/i18n.py LANGUAGES), all four unless
    # the leader restricts them; results pool every language.
    languages: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(SURVEY_LANGUAGES), server_default=SURVEY_LANGUAGES_SQL
    )
    # A recurring pulse: when this wave closes, the next one is made to open this many weeks
    # after this one opened (survey_app/campaigns/recurrence.py). None: it does not repeat.
    repeat_weeks: Mapped[int | None]
    # The wave this one follows; unique, so that closing twice (or two consumers) never makes
    # two next waves of one wave.
    previous_wave_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), unique=True
    )
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

    @property
    def team_labels(self) -> dict[int, str]:
        """Each team's name as this campaign shows it (frozen when it opened), by name."""
        from .companies import Team  # noqa: PLC0415 - companies imports this module

        rows = db.session.execute(
            select(campaign_teams.c.team_id, campaign_teams.c.name, Team.name)
            .join(Team, Team.id == campaign_teams.c.team_id)
            .where(campaign_teams.c.campaign_id == self.id)
        )
        labels = {team_id: frozen or live for team_id, frozen, live in rows}
        return dict(sorted(labels.items(), key=lambda item: sort_key(item[1])))

    def last_day(self) -> date | None:
        """The day answers stopped or will stop: the real closing day once closed early."""
        return self.closed_on or self.closes_on

    def pinned_instruments(self) -> list[Instrument]:
        return [ci.definition for ci in self.instruments]

    @property
    def comment_prompts(self) -> dict[str, str]:
        """instrument key -> the question of its comment box, for those that have one."""
        return {c.instrument_key: c.comment_prompt for c in self.instruments if c.comment_prompt}

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
    # The optional comment box after this instrument: its question, or None for no box.
    comment_prompt: Mapped[str | None] = mapped_column(String(300))

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument_key, self.instrument_version)


def freeze_team_names(*where: ColumnElement[bool]) -> None:
    """Campaigns that have opened show these teams by today's names from now on (no commit).

    Done when a campaign opens, and again before any team is renamed or removed, so that a
    campaign made open by any path keeps the names it ran with.
    """
    from .companies import Team  # noqa: PLC0415 - companies imports this module

    names = select(Team.name).where(Team.id == campaign_teams.c.team_id).scalar_subquery()
    opened = select(Campaign.id).where(Campaign.status != CampaignStatus.DRAFT)
    db.session.execute(
        campaign_teams.update()
        .where(campaign_teams.c.name.is_(None), campaign_teams.c.campaign_id.in_(opened), *where)
        .values(name=names)
    )
