"""A throwaway redis-server on loopback (Debian's ``redis-server``, ``make system-deps``).

``with redis_server(tmp_path) as url:`` starts one on 127.0.0.1 on a free port, with no
persistence (nothing written but its log), waits until it answers PING, and stops it on exit,
also when the test fails: SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .load.harness import HOST, free_port


@contextmanager
def redis_server(workdir: Path, timeout: float = 30) -> Iterator[str]:
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(exe).exists():
        raise RuntimeError("redis-server not found: run `make system-deps` (Debian redis-server)")
    import redis

    port = free_port()
    log = workdir / f"redis-{port}.log"
    proc = subprocess.Popen(
        [
            exe,
            "--bind",
            HOST,
            "--port",
            str(port),
            "--protected-mode",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"redis://{HOST}:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_timeout=2)
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server exited:\n{log.read_text(errors='replace')}")
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
