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

The attempt is counted before the password is checked, so that concurrent attempts cannot all
pass the check together (40 wrong passwords at once had 11 checked): :func:`begin` stores the
attempt's two rows and commits, and only then counts the failures already stored besides its
own. Attempts that commit in the order 1, 2, 3 … each count at least all those committed before
them, so the 6th and every later one find 5 and are refused without a password check. The
database's commit order is the guarantee, on every engine and across every worker; no lock is
held while the password is hashed. A refused attempt removes its rows, as before nothing was
counted while locked; a successful one clears the account's failures and its own address row.

The address is ``request.remote_addr``: behind a reverse proxy, configure ``ProxyFix`` so it is
the client's and not the proxy's. Nothing raw is stored: keys are HMAC-SHA256 with SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request
from flask_babel import ngettext
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import InternalError, OperationalError

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
        """What the sign-in page says, in its language."""
        minutes = self.minutes_left
        if self.by == "email":
            return ngettext(
                "Too many failed sign-ins for this account. Sign-in is locked for %(num)s "
                "minute; try again then, or choose a new password with “Forgot password?” on "
                "the sign-in page.",
                "Too many failed sign-ins for this account. Sign-in is locked for %(num)s "
                "minutes; try again then, or choose a new password with “Forgot password?” on "
                "the sign-in page.",
                minutes,
            )
        return ngettext(
            "Too many failed sign-ins from this network. Try again in %(num)s minute.",
            "Too many failed sign-ins from this network. Try again in %(num)s minutes.",
            minutes,
        )


def check(email: str, mine: Sequence[int] = ()) -> Lock | None:
    """The lock in force for this email or this client, if any, not counting the rows
    ``mine`` (the current attempt's own). Reads only."""
    since = utcnow() - _window()
    for key, limit, by in (
        (email_key(email), _setting("LOGIN_MAX_FAILURES_PER_EMAIL"), "email"),
        (address_key(), _setting("LOGIN_MAX_FAILURES_PER_ADDRESS"), "addr"),
    ):
        where = [LoginFailure.key == key, LoginFailure.at >= since]
        if mine:
            where.append(LoginFailure.id.not_in(mine))
        count = db.session.scalar(select(func.count()).where(*where))
        if (count or 0) >= limit:
            # Counted from the oldest failure in the window: it unlocks when that one expires.
            recent = db.session.scalars(
                select(LoginFailure.at).where(*where).order_by(LoginFailure.at.desc()).limit(limit)
            ).all()
            return Lock(by, min(recent) + _window())
    return None


_ATTEMPT_ROWS = "_login_attempt_rows"


def begin(email: str) -> Lock | None:
    """Count this attempt as a failure, then say whether a password may be checked at all.

    The attempt's two rows are committed before the failures are counted (see the module's
    note), so that at most the allowed number of concurrent attempts get through; they stay as
    the failure unless :func:`clear` follows a right password. A :class:`Lock` means no
    password may be checked; the attempt's rows are then removed again. A database that
    cannot take the write (full, read-only) cannot count anything: the lock is then judged on
    what is stored, so that a right password still signs in.
    """
    now = utcnow()
    rows = [LoginFailure(key=email_key(email), at=now), LoginFailure(key=address_key(), at=now)]
    try:
        db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - _window()))
        db.session.add_all(rows)
        db.session.flush()
        mine = [row.id for row in rows]
        db.session.commit()
    except (OperationalError, InternalError):
        db.session.rollback()
        return check(email)
    lock = check(email, mine=mine)
    if lock is not None:
        db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(mine)))
        db.session.commit()
    else:
        setattr(g, _ATTEMPT_ROWS, mine)
    return lock


def clear(email: str) -> None:
    """A right password: the account's failures are forgiven, and the current attempt's own
    row for the address removed (the address's other failures are not forgiven)."""
    mine = g.pop(_ATTEMPT_ROWS, [])
    db.session.execute(
        delete(LoginFailure).where(
            or_(LoginFailure.key == email_key(email), LoginFailure.id.in_(mine))
        )
    )
    db.session.commit()
