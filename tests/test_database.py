"""The embedded SQLite engine: WAL, a busy timeout, full sync, and write locks taken at BEGIN."""

from __future__ import annotations

import fcntl
import os
import threading

import pytest
from sqlalchemy import text

from survey_app.extensions import db
from survey_app.writer_lock import WriterLock, lock_path


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")


def test_pragmas_on_every_connection(sqlite_only):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_writes_begin_immediate_reads_do_not(sqlite_only, app):
    statements: list[str] = []  # as SQLite itself runs them (its trace callback)
    for method in ("GET", "POST"):
        with app.test_request_context("/", method=method), db.engine.connect() as conn:
            conn.connection.driver_connection.set_trace_callback(statements.append)
            try:
                conn.execute(text("SELECT 1"))
                conn.commit()
            finally:
                conn.connection.driver_connection.set_trace_callback(None)
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]
    assert statements.count("COMMIT") == 2


def _writer_lock_is_free(database: str) -> bool:
    """Whether another process could take the writer lock right now (a fresh descriptor)."""
    fd = os.open(lock_path(database), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_writer_holds_the_writer_lock_from_begin_until_its_transaction_ends(sqlite_only, app):
    database = db.engine.url.database
    with app.test_request_context("/", method="POST"):
        db.session.execute(text("SELECT 1"))
        assert not _writer_lock_is_free(database)
        db.session.commit()
        assert _writer_lock_is_free(database)
        db.session.execute(text("SELECT 1"))
        assert not _writer_lock_is_free(database)
        db.session.rollback()
        assert _writer_lock_is_free(database)
    with app.test_request_context("/", method="GET"):
        db.session.execute(text("SELECT 1"))
        assert _writer_lock_is_free(database)  # readers never queue
        db.session.rollback()


def test_the_next_writer_starts_as_soon_as_the_lock_is_released(sqlite_only, app):
    """A second connection waits on the writer lock, not in SQLite's sleeping busy handler,
    and gets in once the first one commits; a writer that cannot get the lock at all is left
    to SQLite's own timeout rather than waiting forever."""
    database = db.engine.url.database
    first, second = WriterLock(lock_path(database)), WriterLock(lock_path(database))
    try:
        assert first.acquire(timeout=1)
        assert not second.acquire(timeout=0.01)
        got_it = threading.Event()
        waiter = threading.Thread(target=lambda: second.acquire(timeout=10) and got_it.set())
        waiter.start()
        assert not got_it.wait(0.05)
        first.release()
        waiter.join(timeout=5)
        assert got_it.is_set()
    finally:
        first.close()
        second.close()
