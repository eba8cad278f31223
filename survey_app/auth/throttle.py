"""Sign-in throttling kept in the database, so it holds across gunicorn workers and servers.

Flask-Limiter's ``memory://`` storage is per process: with N workers an attacker gets N times
the budget, and a restart forgets it. Here every failed attempt is a row in ``login_failures``
(see :mod:`survey_app.models.security`), keyed by an HMAC of the normalised email and, in a
second row, of the client address. Within the window (default 15 minutes):

* ``LOGIN_MAX_FAILURES_PER_EMAIL`` (default 5) failures lock that account's sign-in,
* ``LOGIN_MAX_FAILURES_PER_ADDRESS`` (default 30) failures lock sign-in from that address
  (a password-spraying client cycling through emails).

While locked, no password is checked at all, not even a right one, and the person sees when to
try again. A successful sign-in clears the email's failures. Unknown emails are counted like
known ones, so the lock does not tell whether an account exists.

The address is ``request.remote_addr``: behind a reverse proxy, configure ``ProxyFix`` so it is
the client's and not the proxy's. Nothing raw is stored: keys are HMAC-SHA256 with SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models._types import utcnow
from ..models.security import LoginFailure

DEFAULTS = {
    "LOGIN_MAX_FAILURES_PER_EMAIL": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_LOCK_MINUTES": 15,
}


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def _window() -> timedelta:
    return timedelta(minutes=_setting("LOGIN_LOCK_MINUTES"))


def _key(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest}"


def email_key(email: str) -> str:
    return _key("email", email.strip().lower())


def address_key() -> str:
    return _key("addr", request.remote_addr or "unknown")


@dataclass(frozen=True)
class Lock:
    by: str  # "email" or "addr"
    until: datetime

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil((self.until - utcnow()).total_seconds() / 60))

    @property
    def message(self) -> str:
        minutes = self.minutes_left
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        if self.by == "email":
            return (
                f"Too many failed sign-ins for this account. Sign-in is locked for {wait}; "
                "try again then, or ask an admin to reset your password."
            )
        return f"Too many failed sign-ins from this network. Try again in {wait}."


def check(email: str) -> Lock | None:
    """The lock in force for this email or this client, if any. Reads only."""
    since = utcnow() - _window()
    for key, limit, by in (
        (email_key(email), _setting("LOGIN_MAX_FAILURES_PER_EMAIL"), "email"),
        (address_key(), _setting("LOGIN_MAX_FAILURES_PER_ADDRESS"), "addr"),
    ):
        count = db.session.scalar(
            select(func.count()).where(LoginFailure.key == key, LoginFailure.at >= since)
        )
        if (count or 0) >= limit:
            # Counted from the oldest failure in the window: it unlocks when that one expires.
            recent = db.session.scalars(
                select(LoginFailure.at)
                .where(LoginFailure.key == key, LoginFailure.at >= since)
                .order_by(LoginFailure.at.desc())
                .limit(limit)
            ).all()
            return Lock(by, min(recent) + _window())
    return None


def record_failure(email: str) -> None:
    """Count a failed attempt against the email and the client, and drop expired rows."""
    now = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - _window()))
    db.session.add_all(
        [LoginFailure(key=email_key(email), at=now), LoginFailure(key=address_key(), at=now)]
    )
    db.session.commit()


def clear(email: str) -> None:
    """A successful sign-in: the account's failures are forgiven (the address's are not)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == email_key(email)))
    db.session.commit()
