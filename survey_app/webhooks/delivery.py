"""Posting one delivery, from the job queue, retried with backoff until it is answered 2xx.

Huey retries a task that raises (``retries=5``: six tries in all, 10 s after the first failure
and twice as long each time after: 10, 20, 40, 80, 160 s). Each try is logged on the delivery
(the endpoint's page shows it); the last failure marks it failed without raising. Only
``http`` and ``https`` addresses are called (checked again here, whatever was stored), with no
redirect followed, so a delivery can never read a file or reach another scheme.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from ..extensions import db
from ..jobs import job
from ..models import DeliveryStatus, WebhookDelivery
from ..models._types import utcnow
from . import signing

RETRIES = 5
ATTEMPTS = RETRIES + 1
TIMEOUT_SECONDS = 10
SCHEMES = ("http", "https")


class DeliveryFailed(RuntimeError):
    """This try failed; the queue tries again later."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is the endpoint's answer, not an address to follow


_OPENER = urllib.request.build_opener(_NoRedirects)


def address_problem(url: str) -> str | None:
    """Why ``url`` may not be called, or None: an http(s) address with a host only."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        return _("Use an http:// or https:// address.")
    if not parts.hostname:
        return _("The address has no host name.")
    if parts.username or parts.password:
        return _("Put no user name or password in the address; the signature proves who calls.")
    return None


def body_of(delivery: WebhookDelivery) -> bytes:
    """The bytes posted (the same on every try: the signature's timestamp is what changes)."""
    event = delivery.event
    document = {
        "id": event.id,
        "type": event.event,
        "created_at": event.created_at.replace(microsecond=0).isoformat() + "Z",
        "data": event.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@job(retries=RETRIES, retry_delay=10, retry_backoff=2.0)
def deliver(delivery_id: int) -> None:
    """Post the delivery once; raise (to be retried) when it fails and tries are left."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return  # deleted with its endpoint, or done already (a retried task runs again)
    endpoint = delivery.endpoint
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    problem = address_problem(endpoint.url)
    if problem is not None:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, f"Not called: {problem}"
        db.session.commit()
        return
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "TeamworkScorecard-Webhooks/1",
        "Webhook-Id": str(delivery.id),
        "Webhook-Event": delivery.event.event,
        "Webhook-Signature": signing.header(endpoint.secret, body),
    }
    try:
        status = _post(endpoint.url, body, headers)
        error = "" if 200 <= status < 300 else f"The endpoint answered {status}."
    except (OSError, ValueError) as exc:  # refused, timed out, no such host, bad address
        status, error = 0, f"Not reached: {type(exc).__name__}: {exc}"[:500]
    delivery.last_status_code = status or None
    delivery.last_error = error
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
    elif delivery.attempts >= ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    db.session.commit()
    if error and delivery.status == DeliveryStatus.PENDING:
        current_app.logger.info("webhook delivery %s: %s; tried again later", delivery_id, error)
        raise DeliveryFailed(error)
