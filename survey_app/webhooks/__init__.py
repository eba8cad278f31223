"""Webhooks: an organisation's endpoints hear of its campaigns and prospects as things happen.

The events (:data:`EVENTS`): a campaign opened, its results reached k (the first published
snapshot: survey_app/results/tallies.py), a campaign closed, a report is ready, a prospect's
verdict changed. :func:`emit` stores the event, one delivery per active endpoint that asked for
it, commits, and queues each delivery on the job queue (survey_app/jobs), which posts it signed
(:mod:`.signing`) and retries with backoff (:mod:`.delivery`). A web request never waits on an
endpoint (in tests the queue runs inline).

**A webhook never carries an answer or a count under k.** Campaign payloads are built from
:func:`survey_app.results.campaign.campaign_results` (:mod:`.events`): the headline as the
dashboard shows it, and no response or invitation count at all while fewer than k are shown.

For other features: ``webhooks.emit(org_id, event, payload)`` with a payload of facts already
fit to show; the report job calls :func:`survey_app.webhooks.events.report_ready`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import lazy_gettext
from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent

CAMPAIGN_OPENED = "campaign.opened"
THRESHOLD_REACHED = "campaign.threshold_reached"
CAMPAIGN_CLOSED = "campaign.closed"
REPORT_READY = "report.ready"
VERDICT_CHANGED = "prospect.verdict_changed"
# The events and how the admin's pages name them (in the page's language).
EVENTS = {
    CAMPAIGN_OPENED: lazy_gettext("A campaign opened"),
    THRESHOLD_REACHED: lazy_gettext("A campaign's results reached k responses (its first results)"),
    CAMPAIGN_CLOSED: lazy_gettext("A campaign closed"),
    REPORT_READY: lazy_gettext("A PDF report is ready"),
    VERDICT_CHANGED: lazy_gettext("A prospect's verdict changed"),
}


def listening(org_id: int, event: str) -> list[WebhookEndpoint]:
    """The organisation's active endpoints that asked for ``event``."""
    endpoints = db.session.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.organization_id == org_id, WebhookEndpoint.active.is_(True)
        )
    )
    return [e for e in endpoints if event in (e.events or [])]


def emit(
    org_id: int, event: str, payload: dict[str, Any], dedupe_key: str | None = None
) -> WebhookEvent | None:
    """Send ``event`` to the organisation's endpoints that asked for it. Commits (call it after
    the change it tells of is committed), then queues the deliveries. With ``dedupe_key``, an
    event already sent under that key is not sent again (None is returned)."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    endpoints = listening(org_id, event)
    if not endpoints:
        return None
    record = WebhookEvent(
        organization_id=org_id, event=event, payload=payload, dedupe_key=dedupe_key
    )
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:  # another worker sent this once-only event first
        db.session.rollback()
        return None
    deliveries = [WebhookDelivery(endpoint_id=e.id, event_id=record.id) for e in endpoints]
    db.session.add_all(deliveries)
    db.session.flush()
    ids = [d.id for d in deliveries]  # read before the commit: after it, nothing is read here
    db.session.commit()  # (a read would begin a transaction that holds SQLite's write lock)
    from ..jobs import enqueue
    from .delivery import deliver

    for delivery_id in ids:
        enqueue(deliver, delivery_id)
    return record


def done_reading() -> None:
    """End the read a hook made after its caller's commit (nothing is pending then), so that a
    session outside a web request, whose transactions take SQLite's write lock, lets go of it."""
    db.session.commit()


def already_sent(dedupe_key: str) -> bool:
    query = select(WebhookEvent.id).where(WebhookEvent.dedupe_key == dedupe_key)
    return db.session.scalar(query) is not None
