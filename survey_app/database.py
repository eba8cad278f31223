"""Engine set-up: SQLite pragmas and write transactions that cannot lose writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .writer_lock import WriterLock, lock_path

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _wants_write_lock() -> bool:
    # A POST (or a CLI command) may write: take the write lock at BEGIN. A deferred BEGIN that
    # upgrades to a write later fails with "database is locked" when another worker got there
    # first, and SQLite cannot wait for that case. Reads stay deferred and run in parallel (WAL).
    reads_only = _READS_ONLY.get()
    if reads_only is not None:
        return not reads_only
    if not has_request_context():
        return True
    return request.method not in SAFE_METHODS and not g.get(_READING, False)


_READING = "_sqlite_reading_first"
# Set by :func:`reads_only` (None: decided by the request, as above).
_READS_ONLY: ContextVar[bool | None] = ContextVar("sqlite_reads_only", default=None)


@contextmanager
def reads_only(on: bool = True) -> Iterator[None]:
    """Transactions begun inside the block begin deferred (``on``) or take the write lock
    (``on=False``), in a request or not. For a job's long reads: the report consumer reads for
    seconds while it renders, and holding the write lock all that time would stop every web
    request that writes. Nothing inside may write unless ``on`` is False, and each write's
    transaction must begin after the reads' one ended (commit or roll back first)."""
    token = _READS_ONLY.set(on)
    try:
        yield
    finally:
        _READS_ONLY.reset(token)


@contextmanager
def deferred_begin() -> Iterator[None]:
    """Transactions begun inside the block begin deferred, as for a GET, even in a POST.

    For reads that come before a POST's writes, so that the write lock is held for the writes
    only. Nothing inside may write: a deferred transaction that upgrades to a write is exactly
    what ``BEGIN IMMEDIATE`` avoids. Whatever the writes depend on must be checked again inside
    the write transaction. (Outside a request every transaction takes the lock.)
    """
    if not has_request_context():
        yield
        return
    setattr(g, _READING, True)
    try:
        yield
    finally:
        setattr(g, _READING, False)


@contextmanager
def reads_before_the_write_lock(session: Any) -> Iterator[None]:
    """The session's reads in a transaction of their own that begins deferred (see
    :func:`deferred_begin`) and is rolled back at the end, so the writes that follow begin a
    fresh transaction with ``BEGIN IMMEDIATE``."""
    session.rollback()
    try:
        with deferred_begin():
            yield
    finally:
        session.rollback()


BUSY_TIMEOUT_MS = 10_000
_WRITER_LOCK = "writer_lock"


def configure_sqlite(engine: Engine) -> None:
    """WAL, a 10 s busy timeout, full sync, foreign keys, and BEGIN IMMEDIATE for writes,
    queued on a writer lock (see :mod:`survey_app.writer_lock`)."""
    path = lock_path(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Take transaction control from pysqlite so that we issue BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        if path is not None:
            record.info[_WRITER_LOCK] = WriterLock(path)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight to the driver: a submission begins two transactions, and the statement
        # machinery costs more than the BEGIN. (SQLite's trace callback still sees it.)
        driver = conn.connection.driver_connection
        if not _wants_write_lock():
            driver.execute("BEGIN").close()
            return
        lock = conn.connection.info.get(_WRITER_LOCK)
        if lock is not None:
            lock.acquire(BUSY_TIMEOUT_MS / 1000)
        driver.execute("BEGIN IMMEDIATE").close()

    def _release(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        lock = record.info.get(_WRITER_LOCK) if record is not None else None
        if lock is not None:
            lock.release()

    def _close(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        lock = record.info.pop(_WRITER_LOCK, None) if record is not None else None
        if lock is not None:
            lock.close()

    # Back in the pool means the transaction ended (the pool rolls back anything left open).
    event.listen(engine, "checkin", _release)
    event.listen(engine, "invalidate", _close)
    event.listen(engine, "close", _close)


def init_engine(app: Any, db: Any) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not getattr(engine, "_survey_configured", False):
            configure_sqlite(engine)
            engine._survey_configured = True
