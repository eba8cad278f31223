"""Load: 1,000 respondents, 50 at a time, against ``gunicorn -w 2``, on SQLite and PostgreSQL.

The full version of ``tests/load/test_load.py``. Each respondent does the real flow over HTTP
(the link, the form, a POST with the CSRF token and nonce taken from the HTML); 10% double-click
Submit and some retry or come back through their link. Reported, per engine (``_sqlite``,
``_pg``; the plain keys are SQLite's):

* ``submit_rps``: acknowledged submissions per second while everyone submits at once;
* ``hello_rps``: ``GET /healthz`` per second on the same server, same concurrency, half of
  those requests just before the submissions and half just after (both halves' rates are
  kept as ``hello_rps_before`` and ``hello_rps_after``: how much the machine drifted);
* ``submit_ratio`` = submit_rps / hello_rps (goal on SQLite: >= 0.25);
* ``lost_submissions``, ``duplicates``, ``errors_5xx`` (all must be 0).

PostgreSQL runs in a throwaway cluster on 127.0.0.1 (``tests/pg.py``) with its default,
durable settings (fsync on), as SQLite runs with ``synchronous=FULL``. Skipped with a note when
the PostgreSQL binaries are missing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.load import harness

INVITATIONS = 1_000
CONCURRENCY = 50
HELLO_REQUESTS = 3_000
SUBMIT_RATIO_GOAL = 0.25


def measure_engine(workdir: Path, pg_url: str | None = None) -> dict[str, Any]:
    """One engine: fresh database, migrations, 1,000 invitations, gunicorn, the load."""
    with harness.fresh_database(workdir, pg_url) as url:
        schema = harness.migrate(url)
        seeded = harness.seed_campaign(url, INVITATIONS)
        env = {"SURVEY_APP_RATELIMIT_ENABLED": "false"}  # one client address, many people
        with harness.gunicorn(url, workdir / f"gunicorn-{url[:5]}.log", env=env) as server:
            result = harness.run_load(
                server, seeded.tokens, concurrency=CONCURRENCY, hello_requests=HELLO_REQUESTS
            )
        counts = harness.stored_counts(url, seeded.campaign_id)
    consistency = harness.check_consistency(result, counts)
    hello = result["hello_rps"]
    return {
        "submit_rps": result["submit_rps"],
        "hello_rps": hello,
        "hello_rps_before": result["hello_rps_before"],
        "hello_rps_after": result["hello_rps_after"],
        "submit_ratio": round(result["submit_rps"] / hello, 3) if hello else 0.0,
        "lost_submissions": consistency["lost_submissions"],
        "duplicates": consistency["duplicates"],
        "errors_5xx": result["errors_5xx"],
        "respondents": result["respondents"],
        "responses_stored": counts["responses"],
        "invitations_completed": counts["completed"],
        "submit_seconds": result["submit_seconds"],
        "prepare_seconds": result["prepare_seconds"],
        "unexpected": result["unexpected"][:5],
        "schema": schema,
    }


def measure(workdir: Path | None = None) -> dict[str, Any]:
    """Both engines; a flat dict of figures."""
    own_dir = None
    if workdir is None:
        own_dir = tempfile.TemporaryDirectory(prefix="survey-load-")
        workdir = Path(own_dir.name)
    try:
        figures: dict[str, Any] = {"load_invitations": INVITATIONS, "load_concurrency": CONCURRENCY}
        sqlite = measure_engine(workdir)
        for key, value in sqlite.items():
            figures[f"{key}_sqlite"] = value
        for key in ("submit_rps", "hello_rps", "submit_ratio", "lost_submissions", "errors_5xx"):
            figures[key] = sqlite[key]
        try:
            from tests.pg import PostgresCluster, find_bindir

            find_bindir()
        except RuntimeError as exc:
            figures["pg_skipped"] = str(exc)
            return figures
        with PostgresCluster(durable=True) as pg:
            for key, value in measure_engine(workdir, pg.url).items():
                figures[f"{key}_pg"] = value
        return figures
    finally:
        if own_dir is not None:
            own_dir.cleanup()


def run(options: Any = None) -> Any:
    """The ``benchmarks`` entry point: ``run(options) -> BenchResult``."""
    from .common import BenchResult

    workdir = getattr(options, "workdir", None) or None
    figures = measure(Path(workdir) if workdir and str(workdir) != "." else None)
    result = BenchResult(figures=figures)
    for engine in ("sqlite", "pg"):
        if f"submit_rps_{engine}" not in figures:
            continue
        result.table += [
            (f"{engine}: submit req/s", f"{figures[f'submit_rps_{engine}']:.1f}"),
            (f"{engine}: /healthz req/s", f"{figures[f'hello_rps_{engine}']:.1f}"),
            (f"{engine}: submit ratio", f"{figures[f'submit_ratio_{engine}']:.3f}"),
            (
                f"{engine}: lost / duplicated / 5xx",
                "{} / {} / {}".format(
                    figures[f"lost_submissions_{engine}"],
                    figures[f"duplicates_{engine}"],
                    figures[f"errors_5xx_{engine}"],
                ),
            ),
        ]
        result.checks += [
            (f"{engine}: no submission lost", figures[f"lost_submissions_{engine}"] == 0),
            (f"{engine}: no submission stored twice", figures[f"duplicates_{engine}"] == 0),
            (f"{engine}: no 5xx", figures[f"errors_5xx_{engine}"] == 0),
        ]
    result.checks.append(
        (
            f"sqlite: submit_ratio >= {SUBMIT_RATIO_GOAL}",
            figures.get("submit_ratio_sqlite", 0) >= SUBMIT_RATIO_GOAL,
        )
    )
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
