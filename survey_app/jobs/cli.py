"""``flask --app survey_app jobs``: the consumer, which runs the queued and scheduled tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable

import click
from flask import Flask

# Work a consumer does once before it takes tasks (a report renderer kept warm, for one):
# registered by the features with :func:`on_consumer_start`.
_STARTUP: list[Callable[[Flask], None]] = []


def on_consumer_start(function: Callable[[Flask], None]) -> Callable[[Flask], None]:
    _STARTUP.append(function)
    return function


def register(app: Flask) -> None:
    @app.cli.command("jobs")
    @click.option("--workers", "-w", default=2, show_default=True, help="Worker threads.")
    def jobs_command(workers: int) -> None:
        """Run the job consumer (mail, reminders, waves, reports) until Ctrl-C or SIGTERM."""
        from . import queue
        from .health import beat

        logging.basicConfig(level=logging.INFO, format="%(asctime)s jobs %(message)s")
        huey = queue(app)
        if huey.immediate:
            raise click.UsageError("JOBS_IMMEDIATE is on: tasks run inline, no consumer needed.")
        for start in _STARTUP:
            start(app)
        beat(app)  # seen at once, not only after the first minute
        click.echo(f"Job consumer: {workers} workers on {type(huey).__name__}", err=True)
        # An idle worker polls less and less often, up to JOBS_MAX_DELAY seconds apart (Huey's
        # default 10). Half a second by default: a PDF someone is waiting for is taken at once
        # (the first after a start would wait up to 10 s), and polling SQLite twice a second
        # costs nothing; Redis blocks on its queue and never waits that long.
        max_delay = float(app.config.get("JOBS_MAX_DELAY") or 0.5)
        huey.create_consumer(
            workers=workers, worker_type="thread", periodic=True, max_delay=max_delay
        ).run()
