"""The job queue: work that must not run inside a web request (mail, reminders, waves, PDFs).

Huey, on a SQLite file in ``instance/`` by default (``SqliteHuey``), or on Redis when
``SURVEY_APP_REDIS_URL`` is set (``RedisHuey``): the same tasks either way. The consumer is
``flask --app survey_app jobs`` (``make run`` starts it beside the web server).

A feature declares its tasks with :func:`job` in a module listed in :data:`TASK_MODULES`, and
queues one with :func:`enqueue` *after* committing what the task will read. Each app builds its
own Huey instance from its config (:func:`init_app`), so tests can give every app its own queue;
with ``TESTING`` the tasks run inline (Huey's immediate mode) unless ``JOBS_IMMEDIATE`` is False.

Every task runs inside an app context of its own (a database session of its own), and must be
idempotent: Huey retries a failed task with backoff, and a consumer killed mid-task runs it again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from huey.api import Result, Task

# The modules that declare tasks; each is imported when an app is built, so that the web
# process (which enqueues) and the consumer (which runs) know the same tasks by the same names.
TASK_MODULES: tuple[str, ...] = (
    "survey_app.jobs.health",
    "survey_app.actions.digest",  # the weekly owner digest of due and overdue actions
    "survey_app.reports.jobs",
    "survey_app.campaigns.mail_jobs",
    "survey_app.account.mail_jobs",
    "survey_app.surveys.mail_jobs",  # a respondent's private link, sealed in the queue
    "survey_app.campaigns.tasks",
    "survey_app.webhooks.delivery",  # webhook deliveries, signed and retried
)


@dataclass(frozen=True)
class JobSpec:
    function: Callable[..., Any]
    retries: int
    retry_delay: float
    retry_backoff: float
    periodic: Callable[..., bool] | None  # a huey ``crontab(...)`` for a scheduled task
    timeout: float | None


_SPECS: dict[str, JobSpec] = {}


def job_name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def job(
    *,
    retries: int = 5,
    retry_delay: float = 10.0,
    retry_backoff: float = 2.0,
    periodic: Callable[..., bool] | None = None,
    timeout: float | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare ``function`` a task: retried ``retries`` times, waiting ``retry_delay`` seconds
    and then ``retry_backoff`` times longer each time. With ``periodic`` (``crontab(...)``) the
    consumer runs it on that schedule; every consumer does, so a periodic task must claim its
    work in the database (a conditional UPDATE), never assume it runs alone.

    The function itself is returned unchanged: calling it runs it here and now."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _SPECS[job_name(function)] = JobSpec(
            function, retries, retry_delay, retry_backoff, periodic, timeout
        )
        return function

    return register


def make_huey(app: Flask) -> Huey:
    """The queue this app's config asks for."""
    config = app.config
    name = str(config.get("JOBS_QUEUE_NAME") or "survey_app")
    immediate = bool(config.get("JOBS_IMMEDIATE", config.get("TESTING", False)))
    redis_url = config.get("REDIS_URL") or ""
    if redis_url:
        return RedisHuey(name, url=redis_url, immediate=immediate)
    path = config.get("JOBS_SQLITE_PATH") or str(Path(app.instance_path) / "jobs.sqlite3")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=path, immediate=immediate)


def _in_app_context(app: Flask, function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        # An app context of its own, so a task never shares the enqueuing request's session
        # (inline, in tests) and always has one (on the consumer).
        with app.app_context():
            return function(*args, **kwargs)

    return run


def init_app(app: Flask) -> None:
    # JOBS_EXTRA_MODULES (comma-separated): more task modules, e.g. the tests' probe tasks.
    extra = str(app.config.get("JOBS_EXTRA_MODULES") or "")
    for module in (*TASK_MODULES, *filter(None, (m.strip() for m in extra.split(",")))):
        importlib.import_module(module)
    huey = make_huey(app)
    tasks: dict[str, Task] = {}
    for name, spec in _SPECS.items():
        options: dict[str, Any] = {
            "retries": spec.retries,
            "retry_delay": spec.retry_delay,
            "retry_backoff": spec.retry_backoff,
            "name": spec.function.__qualname__,  # Huey puts the module in front
        }
        if spec.timeout:
            options["timeout"] = spec.timeout
        wrapped = _in_app_context(app, spec.function)
        if spec.periodic is not None:
            tasks[name] = huey.periodic_task(spec.periodic, **options)(wrapped)
        else:
            tasks[name] = huey.task(**options)(wrapped)
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = tasks
    from .cli import register

    register(app)


def queue(app: Flask | None = None) -> Huey:
    """This app's Huey instance."""
    return (app or current_app).extensions["huey"]


def enqueue(
    function: Callable[..., Any], *args: Any, delay: float | None = None, **kwargs: Any
) -> Result | None:
    """Queue ``function(*args, **kwargs)`` for the consumer (after ``delay`` seconds).

    Commit first: the task runs in another transaction, maybe in another process, and reads
    only what is committed. Arguments are pickled: pass ids, never model objects."""
    task = current_app.extensions["huey_tasks"][job_name(function)]
    if delay:
        return task.schedule(args=args, kwargs=kwargs, delay=delay)
    return task(*args, **kwargs)
