"""When the database cannot take a request (a full disk, a read-only file, a server that is down
or restarting): say so truthfully, with a 503, and never claim that anything was kept.

:func:`is_unavailable` tells such a failure from a bug. It knows three shapes of the same fault:
SQLAlchemy's wrapped ``DBAPIError`` (the ORM, ``Connection.execute``), the driver's own
exception (the submission's hot path runs on the DB-API cursor, see :mod:`survey_app.prepared`),
and the pool's timeout. On SQLite only the result codes of an unusable database count (full,
read-only, I/O error, cannot open, busy, locked, ...): "no such table" is a bug, a 500.

:func:`register` installs the app-wide handler: every page answers 503 with
``errors/error.html``, whose 503 text says nothing was saved and to try again in a minute. The
respondent's survey form does better: it catches the fault itself and shows the form again with
every posted answer (:mod:`survey_app.surveys.views`).
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, g, render_template
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import ServiceUnavailable

from .extensions import db, login_manager

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# SQLite primary result codes of a database that cannot be used right now (sqlite3.h).
_SQLITE_UNAVAILABLE = {
    3,  # SQLITE_PERM
    5,  # SQLITE_BUSY
    6,  # SQLITE_LOCKED
    7,  # SQLITE_NOMEM
    8,  # SQLITE_READONLY
    10,  # SQLITE_IOERR
    13,  # SQLITE_FULL
    14,  # SQLITE_CANTOPEN
    15,  # SQLITE_PROTOCOL
}


def _psycopg_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
        from psycopg import errors
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return ()
    # OperationalError: connection lost, server shutting down, disk full, out of memory, lock
    # and statement timeouts. A read-only server (a replica, a full disk's emergency mode)
    # answers writes with ReadOnlySqlTransaction, an InternalError.
    return (psycopg.OperationalError, psycopg.InterfaceError, errors.ReadOnlySqlTransaction)


_PSYCOPG = _psycopg_errors()


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` means "the database cannot serve this now", not "the code is wrong"."""
    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        if exc.orig is None:
            return False
        exc = exc.orig
    if isinstance(exc, sqlite3.OperationalError | sqlite3.InterfaceError):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:  # a closed connection or cursor
            return isinstance(exc, sqlite3.InterfaceError) or "closed" in str(exc)
        return code & 0xFF in _SQLITE_UNAVAILABLE
    return bool(_PSYCOPG) and isinstance(exc, _PSYCOPG)


class DatabaseUnavailable(ServiceUnavailable):
    """The 503 every page answers when the database cannot serve it."""

    description = "The database cannot be reached or cannot store anything right now."
    explain = "If it keeps happening, tell your administrator."


_PLAIN_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>503 · Teamwork Scorecard</title>"
    "<h1>The service is unavailable for a moment</h1><p>Nothing from this request was saved. "
    "Please wait a minute and try again.</p></html>"
)


def unavailable_page() -> str:
    """The 503 page. Its layout shows the signed-in user; when the user cannot be loaded (the
    database is down), it is drawn as for a visitor, and as plain HTML as a last resort."""
    error = DatabaseUnavailable()
    try:
        return render_template("errors/error.html", error=error, code=503)
    except Exception:  # noqa: BLE001 - the layout read the database: draw it without
        forget_transaction()
    try:
        g._login_user = login_manager.anonymous_user()
        return render_template("errors/error.html", error=error, code=503)
    except Exception:  # noqa: BLE001
        log.exception("the 503 page could not be drawn")
        return _PLAIN_PAGE


def forget_transaction() -> None:
    """Roll the session back, if it still can be: the page that follows may read again."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone; the pool will replace it
        log.debug("rollback after a database fault failed", exc_info=True)


def register(app: Flask) -> None:
    """Answer 503 with a true message whenever the database is unavailable; a bug stays 500."""

    def unavailable(exc: Exception) -> tuple[str, int, dict[str, str]]:
        if not is_unavailable(exc):
            raise exc  # a bug: Flask's 500 page (re-raised under TESTING)
        log.warning("database unavailable: %s: %s", type(exc).__name__, exc)
        forget_transaction()
        page = unavailable_page()
        forget_transaction()  # drawing it may have begun a transaction (the signed-in user)
        return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    for exc_class in (DBAPIError, PoolTimeout, sqlite3.Error, *_PSYCOPG):
        app.register_error_handler(exc_class, unavailable)
