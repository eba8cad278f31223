"""A queue for SQLite writers that wakes the next one as soon as the lock is free.

SQLite lets one connection write at a time. A writer that finds the lock taken sleeps in
SQLite's busy handler, in steps of 1, 2, 5, 10, … up to 100 ms, and does not notice when the
lock is released. In a burst of submissions the writes take about a millisecond each, so
workers mostly slept: in the load benchmark, half the writers waited over 1 ms and one in a
hundred over 100 ms for a lock that was free.

So each connection also takes an advisory ``flock`` on a file next to the database before its
``BEGIN IMMEDIATE`` and lets go when the connection goes back to the pool, which the session
does at commit or rollback. Waiting here polls every fraction of a millisecond. The order is
always this lock, then SQLite's, so no two writers can wait on each other; a writer that
cannot get it within the busy timeout goes on to ``BEGIN IMMEDIATE`` regardless, where
SQLite's own timeout decides.

Threads of one process (gunicorn's ``gthread`` workers) first queue on a ``threading.Lock`` per
database, so that only one of them polls the ``flock``: a crowd of threads polling it would keep
taking the GIL from the one thread that holds the lock and is writing (in the load test,
submissions went from 700 to 210 a second with 2 workers x 8 threads).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

_FIRST_PAUSE = 0.00002
_LONGEST_PAUSE = 0.0001


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(str(path), threading.Lock())


class WriterLock:
    """One connection's handle on the database's writer lock file."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._threads = _thread_lock(path)
        self.held = False

    def acquire(self, timeout: float) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; whether it was taken."""
        if self.held:
            return True
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=max(timeout, 0)):
            return False
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._threads.release()
                    return False
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
            else:
                self.held = True
                return True

    def release(self) -> None:
        if self.held:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self.held = False
            self._threads.release()

    def close(self) -> None:
        self.release()
        os.close(self._fd)


def lock_path(database: str | None) -> Path | None:
    """The lock file of a file database (``<name>-writer.lock``); None in memory."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}-writer.lock")
