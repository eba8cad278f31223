"""Recurring pulses: a campaign that repeats every N weeks makes its next wave when it closes.

The next wave is a campaign of its own: the same company, instruments, teams, k, reminder
schedule and repetition, and the same people invited by email (less those who opted out), as
a draft that opens on its date (:func:`open_due_waves`, run by the queue's schedule). It pins
the newest version of each instrument on the day it is made, as every new campaign does, so the
wave before keeps the versions it ran with. Anonymous links handed out by hand and the open link
are not carried over: the leader hands out new ones.

Idempotent by the database: ``previous_wave_id`` is unique, so a second close, a reopen and
close, or a second consumer finds the next wave there and makes none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..clock import today
from ..extensions import db
from ..instruments import latest_versions
from ..models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Invitation,
    InvitationKind,
    campaign_teams,
)
from ..models._types import utcnow
from ..models.campaigns import freeze_team_names
from ..org_settings import stamp_campaign
from ..results.tallies import publish_all

_WAVE_SUFFIX = re.compile(r"\s*\(wave \d+\)$")
TITLE_MAX = 200


def wave_number(campaign: Campaign) -> int:
    """1 for a first wave, 2 for the one after it, and so on."""
    number, seen = 1, {campaign.id}
    previous = campaign.previous_wave_id
    while previous is not None and previous not in seen:
        seen.add(previous)
        number += 1
        previous = db.session.scalar(
            select(Campaign.previous_wave_id).where(Campaign.id == previous)
        )
    return number


def next_wave_dates(wave: Campaign, on: date) -> tuple[date, date | None]:
    """When the next wave opens and closes: N weeks after this one opened (never before
    ``on``), for as many days as this one was planned to run."""
    weeks = timedelta(weeks=wave.repeat_weeks or 1)
    start = wave.opens_on or wave.created_at.date()
    opens = max(start + weeks, on)
    if wave.closes_on is None:
        return opens, None
    return opens, opens + (wave.closes_on - start)


def next_title(wave: Campaign, number: int) -> str:
    base = _WAVE_SUFFIX.sub("", wave.title)
    suffix = f" (wave {number})"
    return base[: TITLE_MAX - len(suffix)] + suffix


def next_wave_of(campaign_id: int) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.previous_wave_id == campaign_id))


@dataclass(frozen=True)
class WaveLinks:
    """The waves either side of one, for its campaign page."""

    previous: Campaign | None
    next: Campaign | None
    number: int


def wave_links(campaign: Campaign) -> WaveLinks:
    previous = (
        db.session.get(Campaign, campaign.previous_wave_id) if campaign.previous_wave_id else None
    )
    return WaveLinks(previous, next_wave_of(campaign.id), wave_number(campaign))


def create_next_wave(campaign_id: int) -> int | None:
    """Make the next wave of a closed recurring campaign, once; its id, or None when it does
    not repeat, is not closed, or has its next wave already."""
    wave = db.session.get(Campaign, campaign_id)
    if (
        wave is None
        or wave.status != CampaignStatus.CLOSED
        or not wave.repeat_weeks
        or next_wave_of(wave.id) is not None
    ):
        db.session.rollback()
        return None
    opens, closes = next_wave_dates(wave, today())
    newest = latest_versions()
    teams = [team for team in wave.teams if team.removed_on is None]
    kept = {team.id for team in teams}
    # Every read before the new wave joins the session: a query after it would flush it early,
    # outside the claim below.
    title = next_title(wave, wave_number(wave) + 1)
    invitees = db.session.execute(
        select(Invitation.email, Invitation.team_id)
        .where(
            Invitation.campaign_id == wave.id,
            Invitation.kind == InvitationKind.EMAIL,
            Invitation.email.is_not(None),
            Invitation.declined_at.is_(None),  # who opted out is not mailed again
        )
        .order_by(Invitation.id)
    ).all()
    nxt = Campaign(
        organization_id=wave.organization_id,
        company_id=wave.company_id,
        title=title,
        status=CampaignStatus.DRAFT,
        opens_on=opens,
        closes_on=closes,
        min_group_size=wave.min_group_size,
        reminder_days=list(wave.reminder_days or []),
        reminder_message=wave.reminder_message,
        repeat_weeks=wave.repeat_weeks,
        previous_wave_id=wave.id,
        languages=list(wave.languages),  # the same languages offered
    )
    nxt.instruments = [
        CampaignInstrument(instrument_key=key, instrument_version=newest[key].version, position=n)
        for n, key in enumerate(
            ci.instrument_key for ci in wave.instruments if ci.instrument_key in newest
        )
    ]
    nxt.teams = teams
    stamp_campaign(nxt)
    nxt.invitations = [
        Invitation(kind=InvitationKind.EMAIL, email=email, team_id=team if team in kept else None)
        for email, team in invitees
    ]
    db.session.add(nxt)
    try:
        db.session.flush()  # the claim: previous_wave_id is unique
    except IntegrityError:
        db.session.rollback()
        return None
    made = nxt.id  # read before the commit expires it
    db.session.commit()
    return made


def close_due_campaigns(on: date | None = None) -> list[int]:
    """Close every open campaign whose closing date has passed (nothing else closes them):
    answers stopped at its date, and its results then show every response. Each is claimed by
    a conditional UPDATE, so two consumers close it once. Returns the ids this call closed."""
    on = on or today()
    due = db.session.scalars(
        select(Campaign.id).where(Campaign.status == CampaignStatus.OPEN, Campaign.closes_on < on)
    ).all()
    closed = []
    for campaign_id in due:
        claimed = db.session.execute(
            update(Campaign)
            .where(
                Campaign.id == campaign_id,
                Campaign.status == CampaignStatus.OPEN,
                Campaign.closes_on < on,
            )
            .values(status=CampaignStatus.CLOSED, version=Campaign.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            continue
        publish_all(campaign_id)  # as a leader's close: every response is shown from now on
        db.session.commit()
        closed.append(campaign_id)
    db.session.rollback()
    return closed


def open_due_waves(on: date | None = None) -> list[int]:
    """Open every next wave whose opening day has come (a leader's drafts are theirs to open:
    only waves made by a repetition open by themselves). Claimed by a conditional UPDATE."""
    on = on or today()
    due = db.session.scalars(
        select(Campaign.id).where(
            Campaign.status == CampaignStatus.DRAFT,
            Campaign.previous_wave_id.is_not(None),
            Campaign.opens_on <= on,
        )
    ).all()
    opened = []
    for campaign_id in due:
        claimed = db.session.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id, Campaign.status == CampaignStatus.DRAFT)
            .values(status=CampaignStatus.OPEN, version=Campaign.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            continue
        campaign = db.session.get(Campaign, campaign_id)
        if campaign is not None:
            db.session.refresh(campaign)
            stamp_campaign(campaign)
        freeze_team_names(campaign_teams.c.campaign_id == campaign_id)
        db.session.commit()
        opened.append(campaign_id)
    db.session.rollback()
    return opened


@dataclass(frozen=True)
class NewWave:
    """A wave made by a repetition, for the leader's home page."""

    campaign_id: int
    title: str
    status: CampaignStatus
    opens_on: date | None
    previous_id: int
    previous_title: str
    invitations: int  # people invited by email, carried over from the wave before


def recent_waves(organization_id: int, days: int = 14) -> list[NewWave]:
    """Waves a repetition made in the last ``days`` days, newest first (for the home page)."""
    since = utcnow() - timedelta(days=days)
    previous = Campaign.__table__.alias("previous")
    invited = (
        select(func.count(Invitation.id))
        .where(Invitation.campaign_id == Campaign.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Campaign, previous.c.title, invited)
        .join(previous, previous.c.id == Campaign.previous_wave_id)
        .where(Campaign.organization_id == organization_id, Campaign.created_at >= since)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    ).all()
    return [
        NewWave(
            campaign.id,
            campaign.title,
            campaign.status,
            campaign.opens_on,
            int(campaign.previous_wave_id or 0),
            previous_title,
            int(count or 0),
        )
        for campaign, previous_title, count in rows
    ]
