"""The consumer's heartbeat: pages that queue work can tell when nobody is there to do it."""

from __future__ import annotations

import time

from flask import Flask, current_app
from huey import crontab
from huey.constants import EmptyData

from . import job, queue

HEARTBEAT_KEY = "consumer-heartbeat"
# The heartbeat runs every minute; a consumer unseen for longer than this is taken as stopped.
STALE_AFTER_S = 150.0


def beat(app: Flask | None = None) -> None:
    """Record that a consumer is alive now (in the queue's own storage: no migration, and every
    node sharing the queue sees it)."""
    huey = queue(app)
    huey.storage.put_data(HEARTBEAT_KEY, str(time.time()).encode())


@job(periodic=crontab(minute="*"), retries=0)
def heartbeat() -> None:
    beat(current_app._get_current_object())  # type: ignore[attr-defined]


def consumer_last_seen(app: Flask | None = None) -> float | None:
    """Seconds since a consumer last beat, or None if none ever has."""
    huey = queue(app)
    if huey.immediate:  # tests run tasks inline: there is always "a consumer"
        return 0.0
    raw = huey.storage.peek_data(HEARTBEAT_KEY)
    if raw is EmptyData or not raw:
        return None
    return max(0.0, time.time() - float(raw))


def consumer_running(app: Flask | None = None) -> bool:
    seen = consumer_last_seen(app)
    return seen is not None and seen <= STALE_AFTER_S

