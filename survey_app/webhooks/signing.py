"""Webhook signatures: HMAC-SHA256 over the timestamp and the body, as in Standard Webhooks.

Every delivery carries::

    Webhook-Id: <delivery id>
    Webhook-Event: campaign.closed
    Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>

The receiver recomputes the HMAC with the endpoint's secret over the timestamp, a full stop and
the raw body bytes, compares it in constant time, and refuses a timestamp more than five
minutes off (a replayed delivery). :func:`verify` is that check, for receivers in Python and
for the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return mac.hexdigest()


def header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The ``Webhook-Signature`` header value for ``body``, signed now (or at ``timestamp``)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={signature(secret, t, body)}"


def verify(secret: str, value: str, body: bytes, now: float | None = None) -> bool:
    """Whether ``value`` (a ``Webhook-Signature`` header) signs ``body`` with ``secret``,
    within :data:`TOLERANCE_SECONDS` of ``now``."""
    parts = dict(p.split("=", 1) for p in value.split(",") if "=" in p)
    try:
        t = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - t) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, t, body))
