"""Invitation and reminder emails from the job queue, in batches, one SMTP connection each.

The request stores the invitations and a queued :class:`~survey_app.models.MailDelivery` for
each, commits, and queues :func:`send_mail_batch` per :data:`BATCH_SIZE` invitations
(:func:`queue_mail`); it returns at once. The task:

1. claims its deliveries (a conditional UPDATE each, so two consumers never send one twice),
   renews each invitation's link (only a digest is stored: the plaintext exists only in the
   mail) and commits both *before* any mail goes out, so a link mailed always works;
2. sends over one connection and marks each delivery sent right after the server accepts it.

A task run again (Huey's retry, or :func:`resume_unsent` after a consumer was killed) sends only
what is not marked sent: the one mail in flight at a kill may arrive twice, nothing else.
A refused address is marked failed with the reason (the leader sees the count and can retry);
a server that cannot be reached, or refuses for now (4xx), fails the task so Huey retries it
with backoff. Nothing here reads answers: only the invitation's own status and opt-out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.message import Message

from flask import Flask, current_app
from huey import crontab
from sqlalchemy import and_, or_, select

from ..extensions import db
from ..i18n import mail_language, rendering_in
from ..jobs import enqueue, job, queue
from ..jobs.cli import on_consumer_start
from ..models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationKind,
    InvitationStatus,
    MailDelivery,
    MailKind,
    MailState,
)
from ..models._types import utcnow
from .mail import build_message, mail_enabled
from .mail_claims import CLAIM_STALE_AFTER, claim, holder_is_dead, renew_link
from .mail_send import Target, send_over_smtp
from .optout import optout_url

BATCH_SIZE = 100
# A delivery queued this long ago and still waiting is queued again (its task was lost).
QUEUED_STALE_AFTER = timedelta(minutes=15)


# Where respondents reach the app, as the last leader's request saw it (in the queue's own
# storage, which every node shares): a task queued without a request (a consumer resuming a
# killed one's work) links there when PUBLIC_BASE_URL is not set.
BASE_URL_KEY = "mail-base-url"


def _base_url(given: str | None) -> str:
    if given:
        return given
    configured = str(current_app.config.get("PUBLIC_BASE_URL") or "")
    if configured:
        return configured
    seen = queue().storage.peek_data(BASE_URL_KEY)
    return seen.decode() if isinstance(seen, bytes) and seen else "http://localhost/"


class MailServerUnavailable(RuntimeError):
    """Some mails could not be sent for now: Huey retries the task with backoff."""


def queue_mail(
    campaign: Campaign,
    invitation_ids: Iterable[int],
    kind: MailKind | str = MailKind.INVITATION,
    base_url: str | None = None,
) -> int:
    """Queue a mail of ``kind`` to each invitation (one unsent delivery each at most: a failed
    or waiting one is queued again rather than doubled); commits, then queues the batches.
    Returns how many are queued."""
    kind = MailKind(kind)
    ids = sorted(set(invitation_ids))
    if not ids:
        return 0
    # Read before the commit: afterwards this session must stay out of the database until the
    # tasks are queued (inline under TESTING, a task's own session then writes, and SQLite's
    # writer lock would be held by this one).
    campaign_id = campaign.id
    unsent: dict[int, MailDelivery] = {}
    for chunk in _chunks(ids, 500):
        for delivery in db.session.scalars(
            select(MailDelivery).where(
                MailDelivery.campaign_id == campaign_id,
                MailDelivery.kind == kind,
                MailDelivery.invitation_id.in_(chunk),
                MailDelivery.state.in_((MailState.QUEUED, MailState.SENDING, MailState.FAILED)),
            )
        ):
            unsent[delivery.invitation_id] = delivery
    now = utcnow()
    for delivery in unsent.values():
        if delivery.state == MailState.FAILED:
            delivery.state, delivery.queued_at = MailState.QUEUED, now
    fresh = [
        {"campaign_id": campaign_id, "invitation_id": i, "kind": kind, "queued_at": now}
        for i in ids
        if i not in unsent
    ]
    if fresh:
        db.session.execute(MailDelivery.__table__.insert(), fresh)
    db.session.commit()
    if base_url:
        queue().storage.put_data(BASE_URL_KEY, base_url.encode())
    if len(ids) <= BATCH_SIZE:
        enqueue(send_mail_batch, campaign_id, ids, kind.value, base_url)
    else:  # one task that queues the batches: the request writes to the queue once
        enqueue(queue_batches, campaign_id, ids, kind.value, base_url)
    return len(ids)


@job(retries=3, retry_delay=10.0, retry_backoff=2.0)
def queue_batches(
    campaign_id: int, invitation_ids: Sequence[int], kind: str, base_url: str | None = None
) -> None:
    """Queue :func:`send_mail_batch` for each :data:`BATCH_SIZE` of the invitations (run again,
    it queues them again: harmless, a batch sends only what it can claim)."""
    for chunk in _chunks(sorted(invitation_ids), BATCH_SIZE):
        enqueue(send_mail_batch, campaign_id, chunk, kind, base_url)


def _chunks(items: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _skip(delivery: MailDelivery, reason: str) -> None:
    delivery.state, delivery.reason = MailState.SKIPPED, reason


def _prepare(
    campaign: Campaign, deliveries: Sequence[MailDelivery], kind: MailKind, base_url: str
) -> list[tuple[MailDelivery, Message]]:
    """A message for each claimed delivery, with a new link where one is mailed; no commit."""
    from .invitations import invitation_url

    config = current_app.config
    out: list[tuple[MailDelivery, Message]] = []
    for delivery in deliveries:
        invitation: Invitation = delivery.invitation
        if campaign.status != CampaignStatus.OPEN:
            _skip(delivery, "the campaign is not open")
            continue
        if invitation.declined_at is not None:
            _skip(delivery, "opted out")
            continue
        if invitation.kind != InvitationKind.EMAIL or not invitation.email:
            _skip(delivery, "no email address")
            continue
        reminder = kind == MailKind.REMINDER
        if reminder and invitation.status == InvitationStatus.COMPLETED:
            _skip(delivery, "no reminder needed")
            continue
        url: str | None = None
        if not (reminder and invitation.private_link):
            token = renew_link(invitation, unanswered=reminder)
            if token is None:
                _skip(delivery, "the link changed meanwhile")
                continue
            url = invitation_url(base_url, token)
        message = build_message(
            config,
            invitation.email,
            url,
            campaign.title,
            campaign.company.name,
            campaign.closes_on,
            unsubscribe_url=optout_url(base_url, invitation.id),
            reminder=reminder,
            leaders_words=campaign.reminder_message if reminder else "",
        )
        out.append((delivery, message))
    return out


@job(retries=5, retry_delay=30.0, retry_backoff=2.0)
def send_mail_batch(
    campaign_id: int,
    invitation_ids: Sequence[int],
    kind: str = MailKind.INVITATION.value,
    base_url: str | None = None,
) -> None:
    """Send the queued mails of ``kind`` ("invitation" or "reminder") to these invitations of
    the campaign: what is already sent, or being sent by another consumer, is left alone."""
    config = current_app.config
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        return
    mail_kind = MailKind(kind)
    deliveries = claim(campaign_id, invitation_ids, mail_kind)
    if not deliveries:
        db.session.commit()
        return
    if not mail_enabled(config):
        for delivery in deliveries:
            delivery.state, delivery.reason = MailState.FAILED, "mail is not set up on this server"
        db.session.commit()
        return
    root = _base_url(base_url)
    with rendering_in(mail_language(campaign.languages)):
        prepared = [
            (Target(d.id, d.kind, d.invitation_id), message)
            for d, message in _prepare(campaign, deliveries, mail_kind, root)
        ]
    db.session.commit()  # the claims and the new links, before any mail goes out
    if send_over_smtp(config, prepared):
        raise MailServerUnavailable("some mails were not accepted; retried with backoff")


def resume_unsent(at_start: bool = False) -> int:
    """Queue again the deliveries whose task was lost: claimed by a consumer that died (or long
    ago), or queued long ago. Safe to repeat: a task sends only what it can claim."""
    now = utcnow()
    waiting = MailDelivery.state == MailState.QUEUED
    if not at_start:  # at a consumer's start, every waiting delivery (its task may be lost)
        waiting = and_(waiting, MailDelivery.queued_at < now - QUEUED_STALE_AFTER)
    rows = db.session.execute(
        select(
            MailDelivery.campaign_id,
            MailDelivery.invitation_id,
            MailDelivery.kind,
            MailDelivery.state,
            MailDelivery.claimed_at,
            MailDelivery.claimed_by,
        ).where(or_(MailDelivery.state == MailState.SENDING, waiting))
    ).all()
    groups: dict[tuple[int, str], list[int]] = {}
    for campaign_id, invitation_id, kind, state, claimed_at, claimed_by in rows:
        if state == MailState.SENDING:
            stale = claimed_at is None or claimed_at < now - CLAIM_STALE_AFTER
            if not (stale or holder_is_dead(claimed_by)):
                continue
        groups.setdefault((campaign_id, MailKind(kind).value), []).append(invitation_id)
    db.session.commit()
    for (campaign_id, kind), ids in groups.items():
        for chunk in _chunks(sorted(ids), BATCH_SIZE):
            enqueue(send_mail_batch, campaign_id, chunk, kind)
    return sum(len(ids) for ids in groups.values())


@job(periodic=crontab(minute="*/5"), retries=0)
def resume_unsent_mail() -> None:
    resume_unsent()


@on_consumer_start
def _resume_at_start(app: Flask) -> None:
    """Queue again what a killed consumer held. A failure here (a database not migrated yet)
    must not keep the consumer from its other work: the periodic resume tries again."""
    with app.app_context():
        try:
            resumed = resume_unsent(at_start=True)
        except Exception:  # noqa: BLE001 - logged; the five-minute resume runs it again
            db.session.rollback()
            current_app.logger.exception("unsent mail not resumed at start")
            return
        if resumed:
            current_app.logger.info("resumed %s unsent mails", resumed)
