"""Signed-in devices, one row each in ``user_sessions``.

Why a table and not only ``User.session_token``: the owner must see their devices and sign
the others out, which needs one record per device. The cookie id is
``<user id>:<session token>:<device key>`` (:meth:`User.get_id`), in the session cookie and in
the remember-me cookie alike, so a device restored from its remember cookie is the same device.
The loader (:func:`survey_app.auth.services.load_user`) accepts a cookie only while its user is
active, its session token is the user's current one (replaced on deactivation and on sign-out:
every device at once) and its device's row exists (deleted: that device alone). The key is 24
random bytes and only its SHA-256 is stored, like a survey token.

Nothing is written on an ordinary request: the list shows when each device signed in, not when
it was last seen, so that a GET stays a read.
"""

from __future__ import annotations

import secrets

from flask import request
from flask_login import login_user
from sqlalchemy import delete, select

from .. import audit
from ..extensions import db
from ..models import User, UserSession, token_digest
from ..models._types import utcnow
from ..models.org import new_session_token

_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """ "Firefox on Linux": enough to tell one's devices apart, nothing that identifies one."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "A browser")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return f"{browser} on {system}" if system else browser


def device_in_language(device: str | None) -> str:
    """A stored description ("Chrome on Linux", written by :func:`describe_device` in English)
    in the page's language ("Chrome sous Linux"); browser and system names stay as they are."""
    from flask_babel import gettext as _

    browser, on, system = (device or "").partition(" on ")
    if not browser or browser == "A browser":
        browser = _("A browser")
    return _("%(browser)s on %(system)s", browser=browser, system=system) if on else browser


def start_session(user: User, remember: bool = False, details: str = "") -> None:
    """Sign ``user`` in on this device: a new device row, the last sign-in time, the cookie.
    ``details`` says how, in the audit entry (single sign-on). Commits."""
    key = secrets.token_urlsafe(24)
    device = describe_device(request.headers.get("User-Agent", ""))
    db.session.add(UserSession(user_id=user.id, key_hash=token_digest(key), device=device))
    user.last_login_at = utcnow()
    audit.record(audit.actions.SIGN_IN, user, actor=user, details=details)
    db.session.commit()
    user.session_key = key
    login_user(user, remember=remember)


def is_signed_in_device(user: User, key: str) -> bool:
    """Whether ``key`` is a device of ``user`` that has not been signed out."""
    row = select(UserSession.id).where(
        UserSession.user_id == user.id, UserSession.key_hash == token_digest(key)
    )
    return bool(key) and db.session.scalar(row) is not None


def devices(user: User) -> list[tuple[UserSession, bool]]:
    """The user's signed-in devices, newest first, each with whether it is this one."""
    mine = token_digest(user.session_key or "")
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.created_at.desc(), UserSession.id.desc())
    )
    return [(row, row.key_hash == mine) for row in rows]


def end_other_sessions(user: User) -> int:
    """Sign out every device of ``user`` but this one; how many were signed out. Commits."""
    result = db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.key_hash != token_digest(user.session_key or ""),
        )
    )
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def forget_all_devices(user: User) -> None:
    """Every device of ``user`` signed out at once: a new session token and no device rows.
    Does not commit: the caller's use case does."""
    user.session_token = new_session_token()
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
