"""More than one machine: two app nodes and two job consumers on one PostgreSQL and one Redis.

Each node is its own gunicorn (the production command line, on its own loopback port), as two
machines behind nginx would be; they share the database, Redis and SECRET_KEY, and nothing
else. Two ``flask jobs`` consumers take work from the same Redis queue. Shown here: every job
runs once and both consumers take some; Flask-Limiter's limit and the sign-in lock hold at their
totals whichever node is asked; a survey started and saved on one node is finished on the
other, with the first node's CSRF token, and counted once.

It runs in ``make test``'s PostgreSQL phase, on a database of its own beside the phase's
``TEST_DATABASE_URL`` (so it runs once, and starts no second cluster); Redis is a redis-server
of its own on loopback (tests/redis_server.py). Everything is stopped afterwards, also on
failure.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
from flask import Flask

from survey_app import create_app
from survey_app.jobs import enqueue
from survey_app.models import Role

from . import factories, two_nodes_probe
from .load import harness
from .redis_server import redis_server

PG_URL = os.environ.get("TEST_DATABASE_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not PG_URL,
        reason="runs in make test's PostgreSQL phase (scripts/with_postgres.py sets "
        "TEST_DATABASE_URL): machines share a PostgreSQL, never a SQLite file",
    ),
]

PROBES = "tests.jobs_probe,tests.two_nodes_probe"
LEADER = "two-nodes@example.com"
WORKERS_PER_CONSUMER = 2


@dataclass
class Cluster:
    url: str
    redis_url: str
    nodes: list[harness.Server]
    consumers: list[subprocess.Popen[bytes]]
    enqueuers: list[Flask]  # the two nodes' side of the queue, in this process
    tokens: list[str]
    campaign_id: int
    workdir: Path


def _node_env(redis_url: str) -> dict[str, str]:
    return {"SURVEY_APP_REDIS_URL": redis_url, "SURVEY_APP_JOBS_EXTRA_MODULES": PROBES}


@contextmanager
def _consumer(url: str, redis_url: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``flask --app survey_app jobs``, as each machine would run it; stopped on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                *harness._bin("flask"),
                "--app",
                "survey_app",
                "jobs",
                "-w",
                str(WORKERS_PER_CONSUMER),
            ],
            # These consumers render no report: no Chromium warmed up for each of them (the
            # renderer then says it cannot start, and the consumer goes on without it).
            env=harness.app_env(url, BROWSER_PATH="/nonexistent/chromium", **_node_env(redis_url)),
            cwd=harness.REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # a clean stop, as Ctrl-C or honcho does
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _prepare_database(url: str) -> harness.Seeded:
    harness.migrate(url)
    seeded = harness.seed_campaign(url, 2)
    with harness.app_context(url):
        factories.make_user(factories.make_org("Two-node Org"), Role.LEADER, LEADER)
    return seeded


def _stop_all(nodes: list[harness.Server], consumers: list[subprocess.Popen[bytes]]) -> None:
    """Ask every process to stop at once, so that their graceful stops overlap (each one's
    own exit then waits for it, and kills it if it hangs)."""
    for proc, sig in [(n.proc, signal.SIGTERM) for n in nodes] + [
        (c, signal.SIGINT) for c in consumers
    ]:
        if proc.poll() is None:
            proc.send_signal(sig)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    workdir = tmp_path_factory.mktemp("two-nodes")
    with ExitStack() as stack:
        url = stack.enter_context(harness.fresh_database(workdir, PG_URL))
        redis_url = stack.enter_context(redis_server(workdir))
        env = _node_env(redis_url)
        # The schema is made while the nodes start (a node reads the database only from its
        # first request on); the consumers start on the schema (they resume unsent mail first).
        starting = [
            harness.gunicorn(url, workdir / f"node-{n}.log", workers=1, env=env) for n in "ab"
        ]
        with ThreadPoolExecutor(max_workers=3) as pool:
            database = pool.submit(_prepare_database, url)
            started = [pool.submit(node.__enter__) for node in starting]
            wait([database, *started])
        nodes = []
        for node, future in zip(starting, started, strict=True):
            if future.exception() is None:
                nodes.append(future.result())
                stack.push(node.__exit__)
        seeded = database.result()  # raises what went wrong, once the cleanup is in place
        for future in started:
            future.result()
        consumers = [
            stack.enter_context(_consumer(url, redis_url, workdir / f"consumer-{n}.log"))
            for n in "ab"
        ]
        stack.callback(_stop_all, nodes, consumers)  # first of the exits: all stop together
        enqueuers = [
            create_app(
                {
                    "TESTING": True,
                    "JOBS_IMMEDIATE": False,
                    "SQLALCHEMY_DATABASE_URI": url,
                    "REDIS_URL": redis_url,
                    "JOBS_EXTRA_MODULES": PROBES,
                    "INSTANCE_PATH": str(workdir),
                }
            )
            for _ in "ab"
        ]
        yield Cluster(
            url, redis_url, nodes, consumers, enqueuers, seeded.tokens, seeded.campaign_id, workdir
        )


def _wait_for(predicate, what: str, logs: list[Path], seconds: float = 90.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            tails = "\n".join(
                f"--- {p.name}\n{p.read_text(errors='replace')[-1500:]}" for p in logs
            )
            raise AssertionError(f"{what} did not happen within {seconds:g} s\n{tails}")
        time.sleep(0.05)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _consumer_logs(cluster: Cluster) -> list[Path]:
    return [cluster.workdir / f"consumer-{n}.log" for n in "ab"]


# -- the job queue ------------------------------------------------------------------------------
def test_both_consumers_take_work_from_the_one_queue(cluster: Cluster) -> None:
    """As many held tasks as the two consumers have workers: one consumer's workers are all
    busy with their first ones, so the rest can only have started on the other."""
    started, release = cluster.workdir / "held.txt", cluster.workdir / "release"
    n = 2 * WORKERS_PER_CONSUMER
    for i in range(n):
        with cluster.enqueuers[i % 2].app_context():
            enqueue(two_nodes_probe.held, str(started), f"held-{i}", str(release))
    try:
        _wait_for(lambda: len(_lines(started)) == n, f"{n} tasks running", _consumer_logs(cluster))
    finally:
        release.touch()
    by_process = Counter(line.split()[1] for line in _lines(started))
    assert by_process == {str(c.pid): WORKERS_PER_CONSUMER for c in cluster.consumers}


def test_every_job_runs_once(cluster: Cluster) -> None:
    out = cluster.workdir / "once.txt"
    n = 40
    for i in range(n):  # queued by both nodes, taken by both consumers
        with cluster.enqueuers[i % 2].app_context():
            enqueue(two_nodes_probe.ran, str(out), f"job-{i}")
    _wait_for(lambda: len(_lines(out)) >= n, f"{n} jobs run", _consumer_logs(cluster))
    # Nothing is left in the queue to run a second time.
    assert cluster.enqueuers[0].extensions["huey"].pending_count() == 0
    runs = Counter(line.split()[0] for line in _lines(out))
    assert runs == {f"job-{i}": 1 for i in range(n)}


# -- one survey, two nodes ----------------------------------------------------------------------
class _Checked(HTMLParser):
    """The radio buttons a form page shows as chosen: the saved draft."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio" and "checked" in a:
            self.checked[str(a.get("name"))] = str(a.get("value"))


def _checked(html: str) -> dict[str, str]:
    parser = _Checked()
    parser.feed(html)
    return parser.checked


def test_a_survey_started_on_one_node_is_finished_on_the_other(cluster: Cluster) -> None:
    node_a, node_b = cluster.nodes
    rng = random.Random(15)
    token = cluster.tokens[0]
    on_a = harness.Client(node_a.port)
    assert on_a.get(f"/s/{token}").status == 302
    page_a = on_a.get("/survey/answers")
    assert page_a.status == 200, page_a.body[:500]
    form_a = harness.parse_form(page_a.body)
    csrf_from_a = dict(form_a.hidden)["csrf_token"]
    chosen = {name: rng.choice(values) for name, values in list(form_a.radios.items())[:3]}
    saved = on_a.post("/survey/answers", [*form_a.hidden, *chosen.items(), ("action", "save")])
    # The first save swaps the link for a private one, which this browser now holds.
    assert saved.status == 302, saved.body[:500]
    assert saved.location.startswith("/s/")
    private = saved.location.removeprefix("/s/")
    assert private != token

    on_b = on_a.clone()  # the same browser; the next request lands on the other machine
    on_b.port = node_b.port
    explained = on_b.get(f"/s/{private}")
    assert explained.status == 200
    assert private in explained.body  # the new link, explained on its first visit
    page_b = on_b.get("/survey/answers")
    assert page_b.status == 200, page_b.body[:500]
    assert _checked(page_b.body) == chosen  # node A's save, read on node B
    form_b = harness.parse_form(page_b.body)
    answers = [
        (k, csrf_from_a if k == "csrf_token" else v) for k, v in form_b.complete(rng, "submit")
    ]
    before_submit = on_b.clone()
    done = on_b.post("/survey/answers", answers)
    assert done.status == 302, done.body[:500]
    assert done.location == "/survey/thanks"
    assert on_b.get("/survey/thanks").status == 200

    counted = {"responses": 1, "distinct_nonces": 1, "completed": 1, "tallied": 1, "drafts": 0}
    counted["counted_completed"] = 1  # the campaign page's count, kept by triggers
    assert harness.stored_counts(cluster.url, cluster.campaign_id) == counted
    # The same answers sent again, to the first node (a retry after a dropped connection).
    before_submit.port = node_a.port
    again = before_submit.post("/survey/answers", answers)
    assert again.status in (200, 302, 303), again.body[:500]
    assert harness.stored_counts(cluster.url, cluster.campaign_id) == counted
    # Another browser's copy of either link is a used link, on both nodes.
    for node in cluster.nodes:
        for link in (token, private):
            assert harness.Client(node.port).get(f"/s/{link}").status == 410


# -- limits shared by the nodes -----------------------------------------------------------------
def _post_login(port: int, password: str) -> harness.Reply:
    browser = harness.Client(port)
    page = browser.get("/auth/login")
    assert page.status == 200
    csrf = dict(harness.parse_form(page.body, form_id=None).hidden)["csrf_token"]
    return browser.post(
        "/auth/login", [("csrf_token", csrf), ("email", LEADER), ("password", password)]
    )


def test_the_sign_in_lock_holds_across_nodes(cluster: Cluster) -> None:
    ports = [node.port for node in cluster.nodes]
    failures = [_post_login(ports[n % 2], "not the password").status for n in range(5)]
    assert failures == [200] * 5  # "not right", on either node
    for port in ports:  # the sixth attempt, even with the right password, on either node
        locked = _post_login(port, factories.PASSWORD)
        assert locked.status == 429
        assert "Too many failed sign-ins for this account" in locked.body


def test_flask_limiters_limit_holds_at_its_total_across_nodes(cluster: Cluster) -> None:
    """/s/<token> allows 30 unknown links a minute per address: 30 in all, not 30 per node
    (per-process counting would have let all 31 through, 15 and 16)."""
    ports = [node.port for node in cluster.nodes]
    try:
        statuses = [harness.Client(ports[n % 2]).get(f"/s/guess-{n:04d}").status for n in range(31)]
        assert statuses == [404] * 30 + [429]
        assert [harness.Client(port).get("/s/guess-more").status for port in ports] == [429] * 2
    finally:
        # The address is slowed down as a whole for a minute: give it back to other tests.
        shared = redis.Redis.from_url(cluster.redis_url)
        for key in shared.scan_iter("LIMITS*"):
            shared.delete(key)
        shared.close()
