""" "Forgot password" is throttled like sign-in, on rows of its own.

The same table (``login_failures``), limits and window as sign-in (survey_app/auth/throttle.py),
keyed by an HMAC of the email and of the client address, but with their own kinds: asking for
reset links never locks anyone's sign-in, and failed sign-ins never block a reset. Every request
counts, for an unknown email as for a known one, so the lock tells nothing about accounts.
"""

from __future__ import annotations

from flask import request
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from ..auth.throttle import Lock, _key, _setting, _window
from ..extensions import db
from ..models import LoginFailure
from ..models._types import utcnow


def _keys(email: str) -> tuple[tuple[str, int, str], ...]:
    return (
        (
            _key("reset-email", email.strip().lower()),
            _setting("LOGIN_MAX_FAILURES_PER_EMAIL"),
            "email",
        ),
        (
            _key("reset-addr", request.remote_addr or "unknown"),
            _setting("LOGIN_MAX_FAILURES_PER_ADDRESS"),
            "addr",
        ),
    )


def lock_message(lock: Lock) -> str:
    """What "Forgot password" says while locked, in the page's language."""
    minutes = lock.minutes_left
    if lock.by == "email":
        return ngettext(
            "Too many reset requests for this email address. Try again in %(num)s minute.",
            "Too many reset requests for this email address. Try again in %(num)s minutes.",
            minutes,
        )
    return ngettext(
        "Too many reset requests from this network. Try again in %(num)s minute.",
        "Too many reset requests from this network. Try again in %(num)s minutes.",
        minutes,
    )


def count_request(email: str) -> Lock | None:
    """Count this request; a :class:`Lock` when the limit was already reached (then nothing
    may be sent, and the request is not counted). Commits."""
    now, since = utcnow(), utcnow() - _window()
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    for key, limit, by in _keys(email):
        where = (LoginFailure.key == key, LoginFailure.at >= since)
        if (db.session.scalar(select(func.count()).where(*where)) or 0) >= limit:
            oldest = db.session.scalars(
                select(LoginFailure.at).where(*where).order_by(LoginFailure.at.desc()).limit(limit)
            ).all()
            db.session.commit()
            return Lock(by, min(oldest) + _window())
    db.session.add_all(LoginFailure(key=key, at=now) for key, _, _ in _keys(email))
    db.session.commit()
    return None
