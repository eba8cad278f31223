"""Live-server harness: a fresh database, gunicorn on loopback, and respondents that use it.

Shared by the load test (``tests/load/test_load.py``), the login-throttle and session tests
that need real gunicorn workers, and the bench (``benchmarks/load_bench.py``).

* :func:`fresh_database` -- an empty SQLite file, or a new database on the PostgreSQL server
  that ``TEST_DATABASE_URL`` points at (dropped afterwards).
* :func:`migrate` -- ``flask --app survey_app init-db`` against it, as an operator would.
* :func:`seed_campaign` -- an open campaign with ``n`` personal invitations.
* :func:`gunicorn` -- ``gunicorn -c python:survey_app.gunicorn_conf -w 2`` on a free port.
* :func:`run_load` -- concurrent respondents doing the real flow over HTTP (``http.client``,
  no extra dependency): the link, the form, a POST with the CSRF token and nonce from the HTML,
  and some double submissions.
* :func:`stored_counts` -- what actually landed in the database.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SECRET_KEY = "load-test-secret-" + secrets.token_hex(16)


def _bin(name: str) -> list[str]:
    exe = Path(sys.executable).parent / name
    return [str(exe)] if exe.exists() else [sys.executable, "-m", name]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# -- databases ----------------------------------------------------------------------------------
@contextmanager
def fresh_database(tmp_dir: Path, pg_url: str | None = None) -> Iterator[str]:
    """A new, empty database: SQLite in ``tmp_dir``, or a new database beside ``pg_url``."""
    if not pg_url:
        yield f"sqlite:///{tmp_dir / f'live-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(pg_url)
    if base.host not in (HOST, "localhost"):
        raise RuntimeError("the live tests only ever connect to a loopback PostgreSQL")
    name = f"live_{uuid.uuid4().hex[:12]}"

    def admin() -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=base.host,
            port=base.port,
            user=base.username,
            password=base.password,
            dbname=base.database,
            autocommit=True,
        )

    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_APP_")}
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=SECRET_KEY,
        SURVEY_APP_ENV_NAME="production",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def migrate(url: str) -> str:
    """``flask --app survey_app init-db``: the Alembic chain, as in production.

    Returns "migrations", or "create_all" when the chain is behind the models (while a model
    change waits for its migration; ``tests/test_migrations.py`` fails loudly in that case) so
    that the load figures stay measurable meanwhile.
    """
    subprocess.run(  # noqa: S603
        [*_bin("flask"), "--app", "survey_app", "init-db"],
        env=app_env(url),
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from survey_app.extensions import db

    with app_context(url):
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        if not diff:
            return "migrations"
        db.drop_all()
        db.create_all()
        return "create_all"


@contextmanager
def app_context(url: str) -> Iterator[Any]:
    from survey_app import create_app
    from survey_app.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@dataclass
class Seeded:
    campaign_id: int
    tokens: list[str]


def seed_campaign(url: str, n_invitations: int) -> Seeded:
    """An organisation, a company with two teams, an open campaign, ``n`` personal links."""
    from survey_app.extensions import db
    from survey_app.models import Invitation, InvitationKind
    from tests import factories

    with app_context(url):
        org = factories.make_org("Load Org")
        company = factories.make_company(org, "Load Co")
        campaign = factories.make_campaign(company, "Load wave")
        invitations = [
            Invitation(campaign=campaign, kind=InvitationKind.LINK) for _ in range(n_invitations)
        ]
        db.session.add_all(invitations)
        db.session.commit()
        return Seeded(campaign.id, [i.token for i in invitations])


def stored_counts(url: str, campaign_id: int) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:

            def one(sql: str) -> int:
                return int(conn.execute(text(sql), {"c": campaign_id}).scalar() or 0)

            return {
                "responses": one("SELECT count(*) FROM responses WHERE campaign_id = :c"),
                "distinct_nonces": one(
                    "SELECT count(DISTINCT nonce) FROM responses WHERE campaign_id = :c"
                ),
                "completed": one(
                    "SELECT count(*) FROM invitations WHERE campaign_id = :c "
                    "AND status = 'completed'"
                ),
                "tallied": one(
                    "SELECT coalesce(sum(count), 0) FROM response_tallies WHERE campaign_id = :c"
                ),
                # what the campaign page shows, kept by triggers: equal to "completed"
                "counted_completed": one(
                    "SELECT coalesce(sum(count), 0) FROM invitation_counts WHERE campaign_id = :c "
                    "AND status = 'completed'"
                ),
                "drafts": one(
                    "SELECT count(*) FROM drafts JOIN invitations ON invitations.id = "
                    "drafts.invitation_id WHERE invitations.campaign_id = :c"
                ),
            }
    finally:
        engine.dispose()


# -- gunicorn -----------------------------------------------------------------------------------
@dataclass
class Server:
    base_url: str
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def gunicorn(
    url: str,
    log_path: Path,
    *,
    workers: int = 2,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """The production command line on a free loopback port; stopped (TERM, then KILL) on exit."""
    port = free_port()
    cmd = [
        *_bin("gunicorn"),
        "-c",
        "python:survey_app.gunicorn_conf",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        *args,
        "survey_app:create_app()",
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603
            cmd,
            env=app_env(url, **(env or {})),
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://{HOST}:{port}", port, log_path, proc)
    try:
        _wait_ready(server)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log()[-3000:]}")
        try:
            if Client(server.port).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz:\n{server.log()[-3000:]}")


# -- a tiny browser -----------------------------------------------------------------------------
@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path


class Client:
    """One browser: a cookie jar, no redirects followed, a new connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def clone(self) -> Client:
        other = Client(self.port)
        other.cookies = dict(self.cookies)
        return other

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> Reply:
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for raw in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "expires=thu, 01 jan 1970" in raw.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return Reply(resp.status, resp.headers, text)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: list[tuple[str, str]]) -> Reply:
        return self.request("POST", path, form)


class FormParser(HTMLParser):
    """The fields of one ``<form>`` (by id, or the first): inputs, selects, submit buttons."""

    def __init__(self, form_id: str | None = None) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.action = ""
        self.hidden: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}
        self.checkboxes: dict[str, str] = {}
        self.selects: dict[str, list[str]] = {}
        self.buttons: list[tuple[str, str]] = []
        self.texts: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and not self.inside:
            if self.form_id is None or a.get("id") == self.form_id:
                self.inside = True
                self.action = a.get("action", "")
            return
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self.hidden.append((name, a.get("value", "")))
            elif kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "checkbox":
                self.checkboxes[name] = a.get("value", "on")
            elif kind == "submit":
                self.buttons.append((name, a.get("value", "")))
            else:
                self.texts[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select is not None and a.get("value"):
            self.selects[self._select].append(a["value"])
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            self.buttons.append((name, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.done = True

    def complete(self, rng: random.Random, button: str = "submit") -> list[tuple[str, str]]:
        """Every question answered (random but valid), plus the hidden fields and the button."""
        data = list(self.hidden)
        data += [(name, rng.choice(values)) for name, values in self.radios.items()]
        data += [(name, values[-1]) for name, values in self.selects.items() if values]
        data += [(name, value) for name, value in self.checkboxes.items() if rng.random() < 0.3]
        data += [(n, v) for n, v in self.buttons if v == button][:1]
        return data


def parse_form(html: str, form_id: str | None = "survey-form") -> FormParser:
    parser = FormParser(form_id)
    parser.feed(html)
    return parser


def with_nonce(form: list[tuple[str, str]], nonce: str) -> list[tuple[str, str]]:
    return [(k, nonce if k == "nonce" else v) for k, v in form]


# -- the load run -------------------------------------------------------------------------------
@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    successes: Counter[str] = field(default_factory=Counter)  # token -> acknowledged submits

    def saw(self, reply: Reply, what: str, ok: tuple[int, ...]) -> None:
        with self.lock:
            self.statuses[reply.status] += 1
            if reply.status not in ok and len(self.unexpected) < 20:
                self.unexpected.append(f"{what}: {reply.status} {reply.body[:300]!r}")

    def success(self, token: str) -> None:
        with self.lock:
            self.successes[token] += 1


@dataclass
class Respondent:
    token: str
    client: Client
    form: list[tuple[str, str]]
    submit_path: str


def _acknowledged(reply: Reply) -> bool:
    return reply.status in (302, 303) and reply.location.endswith("/survey/thanks")


def _prepare(port: int, token: str, rng: random.Random, tally: Tally) -> Respondent | None:
    client = Client(port)
    start = client.get(f"/s/{token}")
    tally.saw(start, "GET /s/<token>", (302,))
    if start.status != 302:
        return None
    page = client.get("/survey/answers")
    tally.saw(page, "GET /survey/answers", (200,))
    if page.status != 200:
        return None
    parsed = parse_form(page.body)
    form = parsed.complete(rng)
    if not any(k == "csrf_token" for k, _ in form) or not any(k == "nonce" for k, _ in form):
        tally.saw(Reply(599, page.headers, page.body), "form without csrf/nonce", ())
        return None
    return Respondent(token, client, form, urlsplit(parsed.action).path or "/survey/answers")


def _submit(r: Respondent, tally: Tally, *, client: Client | None = None, form=None) -> Reply:
    reply = (client or r.client.clone()).post(r.submit_path, form or r.form)
    # A refused duplicate is the "already submitted" page (200), never an error.
    tally.saw(reply, f"POST {r.submit_path}", (200, 302, 303))
    if _acknowledged(reply):
        tally.success(r.token)
    return reply


def _pool_map(concurrency: int, fn: Any, items: list[Any]) -> tuple[list[Any], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(fn, items))
    return results, time.perf_counter() - started


def run_load(
    server: Server,
    tokens: list[str],
    *,
    concurrency: int = 50,
    double_share: float = 0.1,
    hello_requests: int = 2000,
    seed: int = 6,
) -> dict[str, Any]:
    """Respondents over HTTP; returns counts and rates (see module docstring)."""
    port = server.port
    tally = Tally()
    rngs = {t: random.Random(f"{seed}-{t}") for t in tokens}  # noqa: S311 - test data

    # 1. Everyone opens their link and loads the form.
    prepared, t_prepare = _pool_map(
        concurrency, lambda t: _prepare(port, t, rngs[t], tally), tokens
    )
    ready: list[Respondent] = [r for r in prepared if r is not None]
    n_double = int(len(ready) * double_share)
    doubles, singles = ready[:n_double], ready[n_double:]

    # 2. (timed) One submission each, all at once; and the same app's cheapest page, for
    #    scale: half of those requests just before the submissions and half just after, so
    #    that a change in the (shared) machine's speed weighs on both rates alike.
    hello = Client(port)

    def say_hello(_: int) -> None:
        tally.saw(hello.clone().get("/healthz"), "GET /healthz", (200,))

    hello_halves = (hello_requests // 2, hello_requests - hello_requests // 2)
    _, t_hello_before = _pool_map(concurrency, say_hello, list(range(hello_halves[0])))
    _, t_submit = _pool_map(concurrency, lambda r: _submit(r, tally), singles)
    _, t_hello_after = _pool_map(concurrency, say_hello, list(range(hello_halves[1])))
    t_hello = t_hello_before + t_hello_after

    # 3. Double submissions. (a) A double click: the same form POSTed twice at the same moment.
    def double_click(r: Respondent) -> None:
        barrier = threading.Barrier(2)

        def post() -> None:
            barrier.wait()
            _submit(r, tally)

        threads = [threading.Thread(target=post) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

    _pool_map(max(1, concurrency // 2), double_click, doubles)

    # (b) A retry: the same form re-POSTed with the cookie from before the first submit.
    # (c) A fresh second attempt: the link opened again, and a second tab's form with its own
    #     nonce posted after the first one went through.
    def second_attempts(r: Respondent) -> None:
        _submit(r, tally)
        fresh = Client(port)  # another browser: an answered link's page is a used link's
        again = fresh.get(f"/s/{r.token}")
        tally.saw(again, "GET /s/<token> after submitting", (410,))
        if again.status == 302:  # the link still led into the form: try to answer again
            page = fresh.get("/survey/answers")
            tally.saw(page, "GET /survey/answers after submitting", (200,))
            if page.status == 200 and "survey-form" in page.body:
                _submit(r, tally, client=fresh, form=parse_form(page.body).complete(rngs[r.token]))
        _submit(r, tally, form=with_nonce(r.form, secrets.token_urlsafe(24)))

    retried = singles[: max(1, len(singles) // 10)] + doubles
    _pool_map(concurrency, second_attempts, retried)

    submitted = sum(1 for r in singles if tally.successes[r.token])
    errors_5xx = sum(n for status, n in tally.statuses.items() if status >= 500)
    return {
        "respondents": len(tokens),
        "ready": len(ready),
        "concurrency": concurrency,
        "acknowledged": sum(1 for t in tokens if tally.successes[t]),
        "acknowledged_twice": sum(1 for t in tokens if tally.successes[t] > 1),
        "double_submitters": len(doubles),
        "second_attempts": len(retried),
        "errors_5xx": errors_5xx,
        "statuses": dict(sorted(tally.statuses.items())),
        "unexpected": tally.unexpected,
        "prepare_seconds": round(t_prepare, 3),
        "submit_seconds": round(t_submit, 3),
        "submit_rps": round(submitted / t_submit, 1) if t_submit else 0.0,
        "hello_rps": round(hello_requests / t_hello, 1) if t_hello else 0.0,
        "hello_rps_before": round(hello_halves[0] / t_hello_before, 1) if t_hello_before else 0.0,
        "hello_rps_after": round(hello_halves[1] / t_hello_after, 1) if t_hello_after else 0.0,
    }


def check_consistency(result: dict[str, Any], counts: dict[str, int]) -> dict[str, int]:
    """Lost and duplicated submissions, from the respondents' view and the database's."""
    lost = max(0, result["acknowledged"] - counts["responses"]) + (
        result["respondents"] - result["acknowledged"]
    )
    duplicates = (
        max(0, counts["responses"] - result["acknowledged"])
        + result["acknowledged_twice"]
        + (counts["responses"] - counts["distinct_nonces"])
    )
    return {"lost_submissions": lost, "duplicates": duplicates}
