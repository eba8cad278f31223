"""Webhooks: an admin's endpoints, the events sent to them, and each delivery attempt's log.

An event's payload is built from :func:`survey_app.results.campaign.campaign_results` (what the
dashboard shows), never from answers (survey_app/webhooks/events.py). ``dedupe_key`` makes the
events that happen once per campaign (k reached) happen once, whichever worker sees it first.

The endpoint's secret is stored as it is: the server signs every delivery with it, so it needs
the secret itself, not a digest; it is shown to the admin once, like a token.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import str_enum, utcnow

if TYPE_CHECKING:
    from .org import Organization


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # queued, or waiting for its next try
    DELIVERED = "delivered"  # the endpoint answered 2xx
    FAILED = "failed"  # every try failed, or the address was refused


class WebhookEndpoint(db.Model):  # type: ignore[name-defined]
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(80))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()


class WebhookEvent(db.Model):  # type: ignore[name-defined]
    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(db.Model):  # type: ignore[name-defined]
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]

    endpoint: Mapped[WebhookEndpoint] = relationship()
    event: Mapped[WebhookEvent] = relationship()
