"""The embedded SQLite engine: WAL, a busy timeout, full sync, and write locks taken at BEGIN."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from survey_app.extensions import db


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
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with app.test_request_context("/", method="GET"), db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.commit()
        with app.test_request_context("/", method="POST"), db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            conn.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
