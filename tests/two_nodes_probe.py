"""Probe tasks for tests/test_two_nodes.py: they say which consumer process ran them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from survey_app.jobs import job


@job(retries=0)
def ran(path: str, text: str) -> None:
    """Append ``text`` and this process's id: a line per run, so a duplicate shows."""
    with Path(path).open("a") as out:
        out.write(f"{text} {os.getpid()}\n")


@job(retries=0)
def held(path: str, text: str, release: str, timeout: float = 60.0) -> None:
    """Say it started (with this process's id), then keep its worker busy until the test
    creates ``release``: while every worker of one consumer is held, only another consumer
    can start the next task."""
    with Path(path).open("a") as out:
        out.write(f"{text} {os.getpid()}\n")
    deadline = time.monotonic() + timeout
    while not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
