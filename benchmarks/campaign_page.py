"""The leader's campaign page at 1,000 and 100,000 invitations: it must not grow with them.

Both campaigns are loaded into one run's fresh SQLite files and timed in turns (a request at
1k, then one at 100k, and again), so ``campaign_page_growth`` (100k / 1k, median wall times)
is a ratio measured under the same machine load. The page
is fetched through the test client as the signed-in leader, as a browser would (counts, teams,
the first page of invitations). Goal: growth <= 2.

Invitations are a realistic mix: half by email (most of them mailed), half anonymous links;
60 % completed (each with its stored response), 10 % started, 30 % pending; across 3 teams.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Iterator
from datetime import date, datetime
from statistics import median
from typing import Any

from flask import Flask, url_for

from survey_app.extensions import db

from .common import BenchResult, Options, Timing, fresh_app, size_label, stopwatch
from .dashboard import _get, _signed_in
from .dataset import _insert, _setup

SIZES = (1_000, 100_000)
GROWTH_GOAL = 2.0

INSERT_INVITATION = (
    "INSERT INTO invitations (campaign_id, token_hash, kind, email, team_id, status, emailed, "
    "private_link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)"
)
INSERT_RESPONSE = (
    "INSERT INTO responses (id, campaign_id, team_id, submitted_on, nonce) VALUES (?, ?, ?, ?, ?)"
)


def load_invitations(n: int, seed: int = 15) -> int:
    """A closed campaign of ``n`` invitations (and a response per completed one). Needs an app
    context; returns the campaign's id."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    campaign, team_ids = _setup(k=5)
    created = datetime(2026, 1, 5, 9, 0).isoformat(sep=" ")
    today = date.today().isoformat()
    picks = [
        (rng.choice(team_ids), rng.choices(("completed", "started", "pending"), (6, 1, 3))[0])
        for _ in range(n)
    ]

    def invitations() -> Iterator[tuple[Any, ...]]:
        for i, (team, status) in enumerate(picks):
            by_email = i % 2 == 0
            yield (
                campaign.id,
                secrets.token_hex(32),
                "email" if by_email else "link",
                f"person{i}@bench.example" if by_email else None,
                team,
                status,
                1 if by_email and i % 10 else 0,
                created,
            )

    def responses() -> Iterator[tuple[Any, ...]]:
        for team, status in picks:
            if status == "completed":
                yield (secrets.token_hex(16), campaign.id, team, today, secrets.token_hex(16))

    conn = db.session.connection()
    _insert(conn, INSERT_INVITATION, invitations())
    _insert(conn, INSERT_RESPONSE, responses())
    db.session.commit()
    return campaign.id


def _show(timing: Timing) -> str:
    return f"{timing.wall_ms} ms (cpu {timing.cpu_ms})"


def run(options: Options) -> BenchResult:
    result = BenchResult()
    figures = result.figures
    apps: dict[int, tuple[Flask, str]] = {}
    for size in SIZES:
        label = size_label(size)
        app = fresh_app(options.workdir / f"campaign-page-{label}.sqlite3")
        with app.app_context(), stopwatch() as elapsed:
            campaign_id = load_invitations(size)
            result.table.append((f"load {label} invitations", f"{round(elapsed(), 1)} s"))
        with app.test_request_context():
            apps[size] = (app, url_for("campaigns.detail", campaign_id=campaign_id))
    # Timed in turns, one request at 1k then one at 100k, so that a change in the (shared)
    # machine's load weighs on both alike and the ratio compares like with like.
    clients = {size: (_signed_in(app), url) for size, (app, url) in apps.items()}
    for _ in range(options.warmup):
        for client, url in clients.values():
            _get(client, url)
    wall: dict[int, list[float]] = {size: [] for size in SIZES}
    cpu: dict[int, list[float]] = {size: [] for size in SIZES}
    for _ in range(options.repeats):
        for size, (client, url) in clients.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            _get(client, url)
            wall[size].append((time.perf_counter() - start) * 1000)
            cpu[size].append((time.process_time() - start_cpu) * 1000)
    for size in SIZES:
        label = size_label(size)
        timing = Timing(round(median(wall[size]), 2), round(median(cpu[size]), 2))
        figures[f"campaign_page_ms_{label}"] = timing.wall_ms
        figures[f"campaign_page_cpu_ms_{label}"] = timing.cpu_ms
        result.table.append((f"campaign page {label} invitations", _show(timing)))
    for app, _url in apps.values():
        with app.app_context():
            db.engine.dispose()
    first, last = size_label(SIZES[0]), size_label(SIZES[-1])
    growth = round(figures[f"campaign_page_ms_{last}"] / figures[f"campaign_page_ms_{first}"], 2)
    figures["campaign_page_growth"] = growth
    cpu_growth = figures[f"campaign_page_cpu_ms_{last}"] / figures[f"campaign_page_cpu_ms_{first}"]
    figures["campaign_page_cpu_growth"] = round(cpu_growth, 2)  # steadier on a busy machine
    result.table.append((f"campaign page growth ({last} / {first})", f"x{growth}"))
    result.checks.append((f"campaign_page_growth <= {GROWTH_GOAL:g}", growth <= GROWTH_GOAL))
    return result
