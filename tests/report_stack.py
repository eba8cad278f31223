"""A real web server and a real job consumer on one database and one queue, for the PDF tests
and benchmarks: ``gunicorn`` (the production command line, tests/load/harness.py) serves the
pages, ``flask --app survey_app jobs`` renders the PDFs.

Shared by tests/test_reports_consumer.py (the web process never starts Chromium) and
benchmarks/report_bench.py (the first PDF after a start, /healthz during six renders).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.load import harness

# The web server's gunicorn settings plus a hook that writes, as each worker exits, which
# report-drawing modules it ever imported (tests/report_gunicorn_conf.py).
PROBE_CONFIG = "python:tests.report_gunicorn_conf"
BROWSER_NAMES = ("chromium", "chrome", "headless_shell")


@dataclass
class Stack:
    server: harness.Server
    consumer: subprocess.Popen[bytes]
    probe_dir: Path

    def client(self, email: str, password: str) -> harness.Client:
        """A signed-in browser (no redirects followed)."""
        client = harness.Client(self.server.port)
        page = client.get("/auth/login")
        token = dict(harness.parse_form(page.body, form_id=None).hidden)["csrf_token"]
        reply = client.post(
            "/auth/login", [("csrf_token", token), ("email", email), ("password", password)]
        )
        assert reply.status == 302, reply.body[:500]
        return client

    def web_modules(self) -> list[str]:
        """Report-drawing modules any web worker imported (after the server stopped)."""
        found: set[str] = set()
        for path in self.probe_dir.glob("*.json"):
            found.update(json.loads(path.read_text())["modules"])
        return sorted(found)


def env_for(url: str, queue: Path, **extra: str) -> dict[str, str]:
    return harness.app_env(
        url,
        SURVEY_APP_JOBS_SQLITE_PATH=str(queue),
        SURVEY_APP_JOBS_IMMEDIATE="0",
        SURVEY_APP_RATELIMIT_ENABLED="false",
        # The whole report's time limit, raised: the tests share two cores with up to seven
        # other runs, and what they check is where a PDF renders, not how fast.
        SURVEY_APP_REPORT_TIMEOUT="120",
        **extra,
    )


def heartbeat_seen(url: str, queue: Path) -> bool:
    """The consumer has beaten: it beats once its start-up work (the warm renderer) is done."""
    from huey import SqliteHuey
    from huey.constants import EmptyData

    from survey_app.jobs.health import HEARTBEAT_KEY

    raw = SqliteHuey("survey_app", filename=str(queue)).storage.peek_data(HEARTBEAT_KEY)
    return raw is not EmptyData and bool(raw)


def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@contextmanager
def stack(url: str, workdir: Path, consumer_workers: int = 2) -> Iterator[Stack]:
    """Consumer first (warm before the first request, as ``make run`` leaves it), then the web
    server; both stopped on exit, the web server first."""
    queue = workdir / "jobs.sqlite3"
    probe_dir = workdir / "web-modules"
    probe_dir.mkdir(exist_ok=True)
    with (workdir / "consumer.log").open("wb") as log:
        consumer = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "flask", "--app", "survey_app", "jobs", "-w",
             str(consumer_workers)],
            cwd=harness.REPO_ROOT, env=env_for(url, queue), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(
            lambda: heartbeat_seen(url, queue) or consumer.poll() is not None, 120, "the consumer"
        )
        assert consumer.poll() is None, (workdir / "consumer.log").read_text()[-3000:]
        env = {k: v for k, v in env_for(url, queue).items() if k.startswith("SURVEY_APP_")}
        env["REPORT_PROBE_DIR"] = str(probe_dir)
        with harness.gunicorn(
            url, workdir / "gunicorn.log", env=env, args=("-c", PROBE_CONFIG)
        ) as server:
            yield Stack(server, consumer, probe_dir)
    finally:
        consumer.terminate()
        try:
            consumer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            consumer.kill()
            consumer.wait()


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process under ``pid`` (from /proc), with its command name."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents[int(entry.name)], names[int(entry.name)] = ppid, name
    found: list[tuple[int, str]] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent:
                found.append((child, names[child]))
                todo.append(child)
    return found


def browsers_under(pid: int) -> list[str]:
    return [name for _, name in descendants(pid) if any(b in name.lower() for b in BROWSER_NAMES)]


def status_of(client: harness.Client, path: str) -> str:
    """The render's state; a failure raises with its reason."""
    reply = client.get(path)
    assert reply.status == 200, (path, reply.status, reply.body[:300])
    status = json.loads(reply.body)
    assert status["state"] != "failed", (path, status)
    return str(status["state"])


def download(client: harness.Client, path: str) -> bytes:
    """The PDF bytes (harness.Client decodes bodies as text: fetch the raw bytes here)."""
    import http.client

    conn = http.client.HTTPConnection(harness.HOST, client.port, timeout=120)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Connection": "close"})
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status, body[:300])
        assert response.getheader("Content-Type") == "application/pdf", body[:300]
        return body
    finally:
        conn.close()
