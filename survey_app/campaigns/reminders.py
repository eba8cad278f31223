"""Reminders: who gets one, the leader's button, the automatic schedule, and what the page shows.

A reminder goes to an email invitation whose status is still pending or started, that was
mailed its invitation and whose person has not opted out. That is the invitation's own status,
which the links need anyway; nothing here reads a response. A leader sees how many reminders
went out and when, never to whom: whoever has not answered gets the same mail, and a round
records only its day and its count.

Every consumer runs the schedule (:func:`run_schedule`), so a scheduled round is claimed by
inserting its row, unique per campaign and due day: the consumer whose insert succeeds queues
the mails, any other finds the row there and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit import actions, record
from ..clock import today
from ..editing import lock
from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationKind,
    InvitationStatus,
    MailKind,
    ReminderRound,
    ReminderTrigger,
)
from ..text import plural
from .mail_jobs import queue_mail
from .mail_status import MailProgress, mail_progress

# A scheduled round missed (no consumer that day) is still sent this many days late, no more:
# a reminder a week late would say nothing useful.
CATCH_UP = timedelta(days=2)


class ReminderError(ValueError):
    """The reminder cannot go now; the message says why, for the page."""


def _remindable(campaign_id: int) -> list:  # type: ignore[type-arg]
    return [
        Invitation.campaign_id == campaign_id,
        Invitation.kind == InvitationKind.EMAIL,
        Invitation.email.is_not(None),
        Invitation.status.in_([InvitationStatus.PENDING, InvitationStatus.STARTED]),
        Invitation.emailed.is_(True),  # a person not yet mailed gets the invitation instead
        Invitation.declined_at.is_(None),
    ]


def remindable_count(campaign: Campaign) -> int:
    """How many would get a reminder now (the confirmation says it before anything is sent)."""
    total = db.session.scalar(select(func.count(Invitation.id)).where(*_remindable(campaign.id)))
    return int(total or 0)


def remindable_ids(campaign_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Invitation.id).where(*_remindable(campaign_id)).order_by(Invitation.id)
        )
    )


def check_can_remind(campaign: Campaign, on: date, count: int | None = None) -> None:
    """Raise :class:`ReminderError` unless a reminder can go now (``count``: how many would
    get one, when the caller knows)."""
    if campaign.status != CampaignStatus.OPEN:
        raise ReminderError(_("Reminders go out only while the campaign is open."))
    if not campaign.is_accepting(on):
        raise ReminderError(
            _("Nobody can answer today (outside the campaign's dates): no reminder.")
        )
    if count == 0:
        raise ReminderError(
            _(
                "Nobody is left to remind: everyone invited by email has answered, opted out, or"
                " not been mailed their invitation yet."
            )
        )


def remind_now(campaign: Campaign, base_url: str | None = None) -> ReminderRound:
    """The leader's "Remind everyone who has not answered": one round, audited, its mails
    queued (after the commit). Raises :class:`ReminderError` when it does not apply now."""
    lock(campaign)
    on = today()
    ids = remindable_ids(campaign.id)
    check_can_remind(campaign, on, len(ids))
    reminder = ReminderRound(
        campaign_id=campaign.id, trigger=ReminderTrigger.MANUAL, sent_on=on, recipients=len(ids)
    )
    db.session.add(reminder)
    record(actions.REMINDER_SENT, campaign, details=plural(len(ids), "reminder"))
    _queue(campaign, ids, base_url)
    return reminder


def due_day(campaign: Campaign, on: date) -> tuple[date, int] | None:
    """The scheduled round due on ``on`` (its day and its days-before), if any: the latest
    schedule day that has come, no more than :data:`CATCH_UP` late, and not before the
    campaign opened."""
    if not campaign.closes_on or not campaign.reminder_days:
        return None
    come = [
        (campaign.closes_on - timedelta(days=d), d)
        for d in campaign.reminder_days
        if campaign.closes_on - timedelta(days=d) <= on
    ]
    if not come:
        return None
    day, days_before = max(come)
    start = campaign.opens_on or campaign.created_at.date()
    if day < start or on - day > CATCH_UP:
        return None
    return day, days_before


def run_schedule(on: date | None = None) -> int:
    """Send every scheduled round that is due; returns how many rounds this call claimed."""
    on = on or today()
    campaign_ids = db.session.scalars(
        select(Campaign.id).where(Campaign.status == CampaignStatus.OPEN, Campaign.closes_on >= on)
    ).all()
    db.session.rollback()  # each campaign in a transaction of its own
    claimed = 0
    for campaign_id in campaign_ids:
        claimed += _run_one(campaign_id, on)
    return claimed


def _run_one(campaign_id: int, on: date) -> int:
    campaign = db.session.get(Campaign, campaign_id)
    due = due_day(campaign, on) if campaign is not None else None
    if campaign is None or due is None or not campaign.is_accepting(on):
        db.session.rollback()
        return 0
    day, days_before = due
    ids = remindable_ids(campaign.id)
    db.session.add(
        ReminderRound(
            campaign_id=campaign.id,
            trigger=ReminderTrigger.SCHEDULED,
            scheduled_for=day,
            days_before=days_before,
            sent_on=on,
            recipients=len(ids),
        )
    )
    try:
        db.session.flush()  # the claim: another consumer's round for this day is there already
    except IntegrityError:
        db.session.rollback()
        return 0
    _queue(campaign, ids, None)
    return 1


def _queue(campaign: Campaign, invitation_ids: list[int], base_url: str | None) -> None:
    """Commit the round with one reminder delivery per invitation, then queue the sending
    (the invitation mail's batch task: multipart, the organisation's name, the opt-out)."""
    queue_mail(campaign, invitation_ids, MailKind.REMINDER, base_url)
    db.session.commit()  # the round itself, when nobody was left to remind


@dataclass(frozen=True)
class ReminderSummary:
    rounds: list[ReminderRound]  # newest first
    total: int  # reminders queued over all rounds
    next_due: date | None  # the next scheduled round, if the schedule has one to come
    mail: MailProgress  # the reminder mails' delivery: sent, waiting, failed (counts)

    @property
    def any(self) -> bool:
        return bool(self.rounds)


def reminder_summary(campaign: Campaign, on: date | None = None) -> ReminderSummary:
    """What the campaign page shows: each round's day, trigger and count, never who."""
    on = on or today()
    rounds = list(
        db.session.scalars(
            select(ReminderRound)
            .where(ReminderRound.campaign_id == campaign.id)
            .order_by(ReminderRound.created_at.desc(), ReminderRound.id.desc())
        )
    )
    upcoming = [
        campaign.closes_on - timedelta(days=d)
        for d in campaign.reminder_days or ()
        if campaign.closes_on and campaign.closes_on - timedelta(days=d) > on
    ]
    nxt = min(upcoming) if upcoming and campaign.status != CampaignStatus.CLOSED else None
    mail = mail_progress(campaign, MailKind.REMINDER)
    return ReminderSummary(rounds, sum(r.recipients for r in rounds), nxt, mail)
