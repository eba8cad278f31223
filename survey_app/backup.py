"""``flask --app survey_app backup <path>``: a consistent copy of a live SQLite database.

SQLite's online backup API (``sqlite3.Connection.backup``) copies the database page by page
while the app keeps running, and restarts the copy if a writer changes a page meanwhile, so
the result is one consistent snapshot even under load (WAL included). Copying the file with
``cp`` is not safe: it can catch a half-written transaction and misses the ``-wal`` file.

The copy is written next to the target under a temporary name, checked with
``PRAGMA integrity_check``, and only then renamed into place. Restore = stop the app, put the
copy where DATABASE_URL points (or point DATABASE_URL at it), start the app.

PostgreSQL has its own tools: ``pg_dump``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

PAGES_PER_STEP = 1024  # copy in steps so that writers are never blocked for long


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    source: Path
    target: Path
    size_bytes: int
    tables: int


def sqlite_path(database_url: str) -> Path:
    """The file behind a SQLite URL; a clear error for any other engine."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"`backup` copies SQLite databases only; this app uses {url.get_backend_name()}. "
            "For PostgreSQL use pg_dump, e.g.: pg_dump --format=custom "
            "--file=survey_app.dump 'postgresql://USER@HOST:PORT/DBNAME' "
            "(restore with pg_restore)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has no file to back up.")
    path = Path(url.database)
    if not path.is_file():
        raise BackupError(f"The database file {path} does not exist.")
    return path


def backup_sqlite(database_url: str, target: Path, *, overwrite: bool = False) -> BackupResult:
    source = sqlite_path(database_url)
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose another path or pass --force.")
    if target.resolve() == source.resolve():
        raise BackupError("The backup must not overwrite the database itself.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")

    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # The source connection only reads (and waits up to 30 s for a writer's lock).
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
            # A self-contained single file (no -wal beside it); the app turns WAL on again.
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            tables = dst.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check: {check}")
    os.replace(partial, target)
    return BackupResult(source, target, target.stat().st_size, int(tables))
