"""A throwaway PostgreSQL cluster on loopback, for the second-engine test run and the bench.

``initdb`` into a temp dir, ``pg_ctl start`` on 127.0.0.1 with a free port and a socket dir in
that temp dir, one database, a random password (scram-sha-256), and on stop: ``pg_ctl stop`` and
the temp dir removed. PostgreSQL refuses to run as root, so when we are root every server
command runs as an unprivileged account (``postgres`` if Debian made one, else ``nobody``).

Only ever listens on and connects to 127.0.0.1.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DEFAULT_BINDIR = "/usr/lib/postgresql/15/bin"
HOST = "127.0.0.1"
USER = "survey"
DB_NAME = "survey_test"


def find_bindir() -> Path:
    """PG_BINDIR, else Debian's PostgreSQL 15, else whatever ``initdb`` is on PATH."""
    for candidate in (os.environ.get("PG_BINDIR"), DEFAULT_BINDIR):
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL binaries not found: run `make system-deps` as root (Debian postgresql-15) "
        "or set PG_BINDIR."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _server_account() -> pwd.struct_passwd | None:
    """The account the server runs as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged account (postgres, nobody) exists")


class PostgresCluster:
    """``with PostgresCluster() as pg: pg.url`` -- started on enter, stopped and removed on exit.

    ``durable=False`` (the tests) turns fsync off; the bench keeps PostgreSQL's defaults.
    """

    def __init__(self, *, durable: bool = False, bindir: Path | None = None) -> None:
        self.durable = durable
        self.bindir = bindir or find_bindir()
        self.account = _server_account()
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self.root: Path | None = None
        self._started = False

    # -- paths and commands ------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None
        return self.root / "sock"

    @property
    def log_file(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{USER}:{self.password}@{HOST}:{self.port}/{DB_NAME}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.account is not None:
            cmd = ["runuser", "-u", self.account.pw_name, "--", *cmd]
        return subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
            cmd, check=True, capture_output=True, text=True, cwd="/", timeout=120
        )

    def _chown(self, path: Path) -> None:
        if self.account is not None:
            os.chown(path, self.account.pw_uid, self.account.pw_gid)

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> str:
        self.root = Path(tempfile.mkdtemp(prefix="survey-pg-"))
        try:
            self._chown(self.root)
            self.socket_dir.mkdir(mode=0o700)
            self._chown(self.socket_dir)
            pwfile = self.root / "pwfile"
            pwfile.write_text(self.password + "\n")
            pwfile.chmod(0o600)
            self._chown(pwfile)
            self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                USER,
                "--pwfile",
                str(pwfile),
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            )
            pwfile.unlink()
            self._start_server()
            self._create_database()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _start_server(self) -> None:
        options = [
            f"-c listen_addresses={HOST}",
            f"-c unix_socket_directories={self.socket_dir}",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        last_error = ""
        for _attempt in range(5):  # the free port can be taken between probe and bind
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    " ".join([f"-p {self.port}", *options]),
                    "-w",
                    "-t",
                    "60",
                    "start",
                )
            except subprocess.CalledProcessError as exc:
                last_error = exc.stdout + exc.stderr + self._log_tail()
                continue
            self._started = True
            return
        raise RuntimeError(f"PostgreSQL did not start:\n{last_error}")

    def _log_tail(self) -> str:
        try:
            return self.log_file.read_text()[-2000:]
        except OSError:
            return ""

    def _create_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg.connect(
                    host=HOST,
                    port=self.port,
                    user=USER,
                    password=self.password,
                    dbname="postgres",
                    autocommit=True,
                    connect_timeout=5,
                )
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with conn:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')

    def stop(self) -> None:
        try:
            if self._started:
                self._started = False
                try:
                    self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
                except (subprocess.SubprocessError, OSError):
                    self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "stop")
        finally:
            if self.root is not None:
                shutil.rmtree(self.root, ignore_errors=True)
                self.root = None

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
