"""Probe tasks for tests/test_jobs.py: each appends a line to a file, so a test in another
process (the consumer) can see what ran and how often."""

from __future__ import annotations

from pathlib import Path

from survey_app.jobs import job


@job(retries=3, retry_delay=0.2, retry_backoff=2.0)
def note(path: str, text: str, fail_times: int = 0) -> None:
    """Append ``text``; raise on the first ``fail_times`` attempts (to see the retries)."""
    target = Path(path)
    attempts = target.with_suffix(".attempts")
    done = int(attempts.read_text()) if attempts.exists() else 0
    attempts.write_text(str(done + 1))
    if done < fail_times:
        raise RuntimeError(f"attempt {done + 1} fails on purpose")
    with target.open("a") as out:
        out.write(text + "\n")
