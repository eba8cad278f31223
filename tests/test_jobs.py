"""The job queue: tasks run inline in tests, and on a real consumer process off the request."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from survey_app import create_app
from survey_app.extensions import db
from survey_app.jobs import enqueue, queue
from survey_app.jobs.health import consumer_running
from tests import jobs_probe

ROOT = Path(__file__).resolve().parent.parent


def _config(tmp_path: Path, **more: object) -> dict[str, object]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "JOBS_EXTRA_MODULES": "tests.jobs_probe",
        **more,
    }


def test_a_task_runs_inline_under_testing(tmp_path: Path) -> None:
    app = create_app(_config(tmp_path))
    out = tmp_path / "out.txt"
    with app.app_context():
        assert queue().immediate
        enqueue(jobs_probe.note, str(out), "hello")
    assert out.read_text() == "hello\n"


def test_the_queue_is_sqlite_in_the_instance_folder_or_redis_when_set(tmp_path: Path) -> None:
    app = create_app(_config(tmp_path, JOBS_IMMEDIATE=False))
    huey = queue(app)
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / "jobs.sqlite3")
    on_redis = create_app(_config(tmp_path, REDIS_URL="redis://127.0.0.1:1/0"))
    assert isinstance(queue(on_redis), RedisHuey)  # connects lazily: no server needed here


def _wait_for(predicate, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_consumer_process_runs_queued_tasks_and_retries_a_failing_one(tmp_path: Path) -> None:
    config = _config(tmp_path, JOBS_IMMEDIATE=False)
    app = create_app(config)
    with app.app_context():
        db.create_all()  # the consumer reads the app's tables at start (unsent mail)
    first, flaky = tmp_path / "first.txt", tmp_path / "flaky.txt"
    with app.test_request_context():
        enqueue(jobs_probe.note, str(first), "queued before the consumer started")
        enqueue(jobs_probe.note, str(flaky), "third time lucky", fail_times=2)
    assert not first.exists()  # nothing ran inside this process
    assert not consumer_running(app)
    env = {
        **os.environ,
        "SURVEY_APP_ENV_NAME": "development",
        "SURVEY_APP_JOBS_IMMEDIATE": "0",
        "SURVEY_APP_JOBS_EXTRA_MODULES": "tests.jobs_probe",
        "DATABASE_URL": str(config["SQLALCHEMY_DATABASE_URI"]),
        "SURVEY_APP_JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        # No report renderer to warm (it takes seconds): this consumer runs only the probes.
        "BROWSER_PATH": str(tmp_path / "no-browser"),
    }
    log = tmp_path / "consumer.log"
    with log.open("w") as log_file:
        consumer = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "survey_app", "jobs", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: first.exists() and flaky.exists()), log.read_text()
        assert first.read_text() == "queued before the consumer started\n"
        assert flaky.read_text() == "third time lucky\n"
        assert flaky.with_suffix(".attempts").read_text() == "3"
        assert consumer_running(app)  # its heartbeat, in the queue both processes share
    finally:
        consumer.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop
        try:
            consumer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            consumer.kill()
    assert consumer.returncode == 0


def test_the_consumer_refuses_to_start_in_immediate_mode(tmp_path: Path) -> None:
    app = create_app(_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["jobs"])
    assert result.exit_code != 0
    assert "JOBS_IMMEDIATE" in result.output


@pytest.fixture(autouse=True)
def _no_instance_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SURVEY_APP_REDIS_URL", raising=False)
