"""The campaigns' queued and scheduled work: closing and opening on their dates, the next
wave of a recurring pulse, the leaders' notice of it, and the automatic reminders.

:func:`campaign_schedule` runs on every consumer every few minutes; each step claims its work
in the database (a conditional UPDATE, or a unique row), so two consumers do it once.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from huey import crontab
from sqlalchemy import select

from ..clock import today
from ..extensions import db
from ..jobs import enqueue, job
from ..models import Campaign, Role, User
from ..reports.jobs import campaign_closed as report_closed
from ..text import day
from ..webhooks import events as webhook_events
from .invitations import queue_invitations, unsent_emails
from .mail import mail_enabled, one_line, send_all
from .recurrence import close_due_campaigns, create_next_wave, open_due_waves
from .reminders import run_schedule

# Every five minutes: a wave opens, a campaign closes and a reminder goes out within minutes
# of midnight (UTC), and a missed run is made up by the next.
SCHEDULE = crontab(minute="*/5")


@job(periodic=SCHEDULE, retries=2, retry_delay=30.0)
def campaign_schedule() -> None:
    """Close the campaigns whose date has passed, open the waves whose date has come, and send
    the reminders due today."""
    on = today()
    for campaign_id in close_due_campaigns(on):
        _tell_endpoints(campaign_id, webhook_events.campaign_closed)  # as a leader's close does
        enqueue(next_wave, campaign_id)
        report_closed(campaign_id)  # its PDFs rendered now, so the download is instant
    for campaign_id in open_due_waves(on):
        _tell_endpoints(campaign_id, webhook_events.campaign_opened)
        _mail_invitations(campaign_id)
    run_schedule(on)


def _tell_endpoints(campaign_id: int, event: Callable[[Campaign], None]) -> None:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is not None:
        event(campaign)


def _mail_invitations(campaign_id: int) -> None:
    """A wave that opened by itself mails its invitations, as a leader's "Open" does."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is not None:
        base = str(current_app.config.get("PUBLIC_BASE_URL") or "http://localhost/")
        queue_invitations(campaign, unsent_emails(campaign), base)


@job(retries=5)
def next_wave(campaign_id: int) -> None:
    """After a close (by a leader or by its date): make the next wave, if the campaign
    repeats and has none yet, and tell the leaders."""
    made = create_next_wave(campaign_id)
    if made is not None:
        enqueue(tell_leaders_of_wave, made)


@job(retries=5)
def tell_leaders_of_wave(campaign_id: int) -> None:
    """Email the organisation's leaders and admins that a next wave was made."""
    config = current_app.config
    wave = db.session.get(Campaign, campaign_id)
    if wave is None or not mail_enabled(config) or wave.previous_wave_id is None:
        return
    previous = db.session.get(Campaign, wave.previous_wave_id)
    leaders = db.session.scalars(
        select(User.email).where(
            User.organization_id == wave.organization_id,
            User.role.in_([Role.LEADER, Role.ADMIN]),
            User.active.is_(True),
        )
    ).all()
    base = str(config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    where = f"here: {base}/campaigns/{wave.id}" if base else "on its campaign page."
    messages = []
    for address in leaders:
        message = EmailMessage()
        message["Subject"] = one_line(f"Next wave made: {wave.title}")
        message["From"] = one_line(str(config.get("MAIL_SENDER") or "surveys@localhost"))
        message["To"] = one_line(address)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=str(config.get("MAIL_SERVER") or "localhost"))
        message.set_content(
            f"Hello,\n\n“{one_line(previous.title if previous else '')}” has closed, and it "
            f"repeats every {wave.repeat_weeks} weeks, so its next wave “{one_line(wave.title)}” "
            f"is ready. It opens by itself on {day(wave.opens_on)} and closes on "
            f"{day(wave.closes_on, 'no closing date')}, with the same instruments, teams, k and "
            f"people invited by email; their invitations go out when it opens.\n\n"
            f"Check it, or change its dates, {where}\n"
        )
        messages.append(message)
    send_all(config, messages)
