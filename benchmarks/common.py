"""What every benchmark shares: options, timing, a fresh app, the results file."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = REPO_ROOT / "bench-results.json"


@dataclass(frozen=True)
class Options:
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    warmup: int = 3
    repeats: int = 15
    workdir: Path = Path()  # a temporary folder for the databases


@dataclass
class BenchResult:
    """Figures for the results file, and rows for the printed table."""

    figures: dict[str, Any] = field(default_factory=dict)
    table: list[tuple[str, str]] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


@dataclass(frozen=True)
class Timing:
    wall_ms: float  # the figure the goals are about
    cpu_ms: float  # this process's CPU time: steadier than wall time on a busy machine


def median_ms(action: Callable[[], object], warmup: int, repeats: int) -> Timing:
    """Median wall and CPU times of ``action`` in milliseconds, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        action()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(round(statistics.median(wall), 2), round(statistics.median(cpu), 2))


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed:`` ... ``elapsed()`` gives seconds so far."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def fresh_app(database: Path) -> Flask:
    """The app on a new SQLite file, with the app's own engine set-up (WAL, pragmas)."""
    from survey_app import create_app
    from survey_app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "INSTANCE_PATH": str(database.parent),
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    with app.app_context():
        db.create_all()
    return app


def merge_results(figures: dict[str, Any], path: Path = RESULTS_FILE) -> dict[str, Any]:
    """Add ``figures`` to the results file, keeping every other benchmark's keys."""
    current: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            current = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            current = {}
    current.update(figures)
    path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return current
