#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL 15 cluster on loopback.

    python scripts/with_postgres.py -- pytest -q

Creates the cluster in a temp dir (as an unprivileged account when run as root), exports
``TEST_DATABASE_URL=postgresql+psycopg://survey:<random>@127.0.0.1:<port>/survey_test``, runs
the command, then stops the cluster and removes the temp dir -- also when the command fails or
the wrapper is interrupted. Exits with the command's status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.pg import PostgresCluster  # noqa: E402


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    with PostgresCluster() as pg:
        print(f"PostgreSQL on 127.0.0.1:{pg.port} (temp cluster)", file=sys.stderr, flush=True)
        env = {**os.environ, "TEST_DATABASE_URL": pg.url}
        proc = subprocess.Popen(argv, env=env)  # noqa: S603 - the caller's own command
        try:
            return proc.wait()
        except BaseException:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            raise


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
