"""Fixtures: an app on a real database, a client, and a signed-in user per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import Organization, Role, User

from . import factories

# Under pytest-xdist the main process loads only this conftest: the security tests' summary of
# what they walked is printed from here.
from .security.conftest import pytest_terminal_summary  # noqa: F401, E402


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

    @app.before_request
    def _forget_cached_user() -> None:
        # The fixture keeps one app context open for the whole test, so ``g`` outlives a
        # request; Flask-Login caches the user there. Forget it, or a second client would act
        # as the first one's user.
        g.pop("_login_user", None)

    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


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
