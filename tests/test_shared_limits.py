"""Flask-Limiter counts in Redis when Redis is set (tests/test_two_nodes.py shows the limit
holding across two nodes); a Redis that is down slows nobody out of the survey."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app import create_app

from .conftest import app_on_fresh_database
from .load.harness import free_port


@pytest.fixture(autouse=True)
def _no_instance_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SURVEY_APP_REDIS_URL", "SURVEY_APP_RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)


def _config(tmp_path: Path, **more: object) -> dict[str, object]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **more,
    }


def test_the_limits_are_kept_in_redis_when_redis_is_set(tmp_path: Path) -> None:
    alone = create_app(_config(tmp_path))
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://"  # one machine: per process
    shared = create_app(_config(tmp_path, REDIS_URL="redis://127.0.0.1:6390/0"))
    assert shared.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6390/0"
    chosen = create_app(
        _config(
            tmp_path,
            REDIS_URL="redis://127.0.0.1:6390/0",
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:6391/1",
        )
    )
    assert (
        chosen.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6391/1"
    )  # an explicit choice wins


def test_a_redis_that_is_down_fails_no_limited_page(tmp_path: Path) -> None:
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # a free port: nothing listens there
    with app_on_fresh_database(tmp_path, REDIS_URL=nobody, RATELIMIT_ENABLED=True) as app:
        client = app.test_client()
        # Counted in memory meanwhile: the link guessing limit still holds, per process.
        statuses = [client.get(f"/s/guess-{n:04d}").status_code for n in range(31)]
    assert statuses == [404] * 30 + [429]
