"""Fixtures: an app on a real database, a client, and a signed-in user per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import text

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import Organization, Role, User

from . import factories

# Under pytest-xdist the main process loads only this conftest: the security tests' summary of
# what they walked is printed from here.
from .security.conftest import pytest_terminal_summary  # noqa: F401, E402
from .smtp import smtp_server  # noqa: F401 - a local SMTP server, for the mail tests


def _one_database_per_worker() -> None:
    """Under pytest-xdist on PostgreSQL, each worker gets a database of its own beside
    ``TEST_DATABASE_URL`` (created here, in the same throwaway cluster), so the workers never
    drop each other's tables. Every test that reads the variable then sees its worker's."""
    url, worker = os.environ.get("TEST_DATABASE_URL"), os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker or not url.startswith("postgresql"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    with psycopg.connect(
        host=base.host,
        port=base.port,
        user=base.username,
        password=base.password,
        dbname=base.database,
        autocommit=True,
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')  # a worker id: gw0, gw1, ...
    os.environ["TEST_DATABASE_URL"] = base.set(database=name).render_as_string(hide_password=False)


_one_database_per_worker()


def database_url(tmp_path) -> str:
    # TEST_DATABASE_URL points the whole suite at PostgreSQL; SQLite in a temp dir otherwise.
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


@contextmanager
def app_on_fresh_database(tmp_path, **overrides: object) -> Iterator[Flask]:
    """The app on an empty database of its own, its context open until the block ends."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),  # never a developer's instance/config.py
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            **overrides,
        }
    )

    def _forget_cached_user() -> None:
        # The fixture keeps one app context open for the whole test, so ``g`` outlives a
        # request; Flask-Login caches the user there. Forget it, or a second client would act
        # as the first one's user. First of all hooks: the app's own (the team-scope guard)
        # read the user too.
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, _forget_cached_user)

    with app.app_context():
        _empty_schema()
        yield app
        _db.session.remove()
        if _db.engine.dialect.name != "postgresql":
            _db.drop_all()  # PostgreSQL: emptied by the next test instead (_empty_schema)
        _db.engine.dispose()


def _empty_schema() -> None:
    """The models' tables, empty. On PostgreSQL, when every table is already there as
    ``create_all`` made it, TRUNCATE them (40 ms) instead of dropping and creating them again
    (180 ms, for each of some 900 tests). A database a migration test has been through holds
    ``alembic_version``, and is built again from the models, as is one missing any table."""
    engine = _db.engine
    if engine.dialect.name == "postgresql":
        tables = [t.name for t in _db.metadata.sorted_tables]
        with engine.begin() as conn:
            present = set(
                conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                ).scalars()
            )
            # A connection some earlier test left idle in a transaction (an app of its own,
            # never disposed) would hold the locks TRUNCATE waits for, forever: this worker's
            # database is its own, so such a transaction is a leftover. Idle pooled
            # connections hold no lock and are left alone; anything else fails in 20 s.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND state LIKE 'idle in transaction%'"
                )
            )
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            if "alembic_version" not in present and set(tables) <= present:
                names = ", ".join(f'"{name}"' for name in tables)  # the models' own names
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
    _db.drop_all()
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    _db.create_all()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory) -> Iterator[Flask]:
    """The app with the demo organisation loaded, once per test module (the report tests)."""
    from survey_app.demo import load_demo

    with app_on_fresh_database(tmp_path_factory.mktemp("demo")) as app:
        load_demo("http://localhost")
        yield app


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    with app_on_fresh_database(tmp_path) as app:
        yield app


@pytest.fixture
def db(app: Flask):
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def org(app: Flask) -> Organization:
    return factories.make_org("Acme Sales")


@pytest.fixture
def other_org(app: Flask) -> Organization:
    return factories.make_org("Other Org")


def login(client: FlaskClient, user: User) -> FlaskClient:
    response = client.post(
        "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def leader(org: Organization) -> User:
    return factories.make_user(org, Role.LEADER)


@pytest.fixture
def rep(org: Organization) -> User:
    return factories.make_user(org, Role.REP)


@pytest.fixture
def admin(org: Organization) -> User:
    return factories.make_user(org, Role.ADMIN)


@pytest.fixture
def leader_client(app: Flask, leader: User) -> FlaskClient:
    return login(app.test_client(), leader)


@pytest.fixture
def rep_client(app: Flask, rep: User) -> FlaskClient:
    return login(app.test_client(), rep)


@pytest.fixture
def admin_client(app: Flask, admin: User) -> FlaskClient:
    return login(app.test_client(), admin)
