"""A full, read-only or missing database: every page tells the truth, and the survey keeps the
respondent's answers in the form (503), instead of a 500 claiming nothing was lost.

SQLite only for the full and read-only cases (``PRAGMA max_page_count`` and a read-only
connection are SQLite's); the readiness test runs on both engines' unreachable URLs.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.surveys import views as survey_views

from . import factories
from .conftest import app_on_fresh_database, login
from .test_surveys import ENEMY, EXECUTION, IMPORTANCE, form_data, open_link

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's page cap and read-only mode"
)


def _responses() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Response)) or 0


def _fill(driver: sqlite3.Connection, size: int) -> None:
    """Insert ``size``-byte blobs until the database is full."""
    for _ in range(1000):
        try:
            driver.execute("BEGIN IMMEDIATE")
            driver.execute("INSERT INTO filler VALUES (randomblob(?))", (size,))
            driver.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            assert "full" in str(exc), exc  # noqa: PT017
            if driver.in_transaction:
                driver.execute("ROLLBACK")
            return
    raise AssertionError("the database never filled up")


@contextmanager
def full_database() -> Iterator[None]:
    """The disk is full: the database may not grow by a single page. Every connection gets
    ``max_page_count`` at the size the file has now, after a filler table took every free page,
    so the next write that needs a page fails with "database or disk is full"."""
    engine = db.engine
    db.session.remove()
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE filler (blob BLOB)")
    cap = {"pages": 0}

    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={cap['pages']}")

    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        cap["pages"] = driver.execute("PRAGMA page_count").fetchone()[0]
        driver.execute(f"PRAGMA max_page_count={cap['pages']}")
        for size in (400, 100, 30):  # any free page or scrap of room left: filled
            _fill(driver, size)
    finally:
        raw.close()
    engine.dispose()
    event.listen(engine, "connect", _cap)
    try:
        yield
    finally:
        event.remove(engine, "connect", _cap)
        db.session.remove()
        engine.dispose()
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE filler")


@contextmanager
def read_only_database() -> Iterator[None]:
    """The database file can be read, not written (a read-only mount, a file with no write
    permission): every connection is opened ``mode=ro``."""
    engine = db.engine
    path = engine.url.database
    db.session.remove()
    engine.dispose()

    def _read_only(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    original = engine.pool._creator  # type: ignore[attr-defined]
    engine.pool._creator = _read_only  # type: ignore[attr-defined]
    try:
        yield
    finally:
        engine.pool._creator = original  # type: ignore[attr-defined]
        engine.dispose()


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """The app on a SQLite file of 512-byte pages: a submission's answers then need new pages
    whatever room the existing ones have, so a database that may not grow cannot take one.
    (On PostgreSQL, the suite's own database.)"""
    if os.environ.get("TEST_DATABASE_URL"):
        with app_on_fresh_database(tmp_path) as app:
            yield app
        return
    path = tmp_path / "small-pages.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA page_size=512")
        connection.execute("VACUUM")
    with app_on_fresh_database(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}") as app:
        yield app


@pytest.fixture
def campaign(org):
    return factories.make_campaign(factories.make_company(org, name="Acme Sales"), title="Wave")


def _answers(campaign) -> dict[str, str]:
    answers = factories.complete_answers(campaign, importance=7, execution=2)
    answers[IMPORTANCE] = 9
    answers[EXECUTION] = 4
    answers[ENEMY] = 1
    return form_data(answers, campaign.teams[1].id)


def _checked(html: str, name: str, value: str) -> bool:
    """Whether the page's form has ``name`` = ``value`` chosen (radio, checkbox or option)."""
    for tag in re.findall(r"<(?:input|option)\b[^>]*>", html):
        if (
            f'name="{name}"' in tag
            and f'value="{value}"' in tag
            and re.search(r"\b(checked|selected)\b", tag)
        ):
            return True
    for select_html in re.findall(
        rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, flags=re.S
    ):
        if re.search(rf'<option[^>]*value="{re.escape(value)}"[^>]*selected', select_html):
            return True
    return False


@sqlite_only
def test_a_submission_on_a_full_database_keeps_the_answers_in_the_form(client, campaign):
    invitation = factories.make_invitation(campaign, email="pat@example.com")
    open_link(client, invitation.token)
    posted = _answers(campaign)

    with full_database():
        response = client.post("/survey/answers", data=posted)
        html = response.get_data(as_text=True)
        assert response.status_code == 503, html[:2000]
        assert response.headers["Retry-After"] == "60"
        assert "Your answers have not been saved yet" in html
        assert "wait a minute" in html
        assert "Nothing you entered was lost" not in html
        assert 'id="survey-form"' in html  # the form itself, not an error page
        for name, value in posted.items():
            if name != "action":
                assert _checked(html, name, value), (name, value)
        assert not _checked(html, IMPORTANCE, "1")  # the check can tell
        assert _responses() == 0

        saving = client.post("/survey/answers", data={**posted, "action": "save"})
        assert saving.status_code == 503
        assert "Your answers have not been saved yet" in saving.get_data(as_text=True)

    # Space again: the same form, sent again, is stored once.
    nonce = re.search(r'name="nonce"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="nonce"', html
    )
    assert nonce
    again = client.post("/survey/answers", data={**posted, "nonce": nonce.group(1)})
    assert again.status_code == 302
    assert again.location.endswith("/survey/thanks")
    assert _responses() == 1


@sqlite_only
def test_when_the_database_is_gone_the_answers_come_back_to_send_again(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'survey.sqlite3'}"
    with app_on_fresh_database(tmp_path, SQLALCHEMY_DATABASE_URI=url) as app:
        org = factories.make_org("Acme")
        campaign = factories.make_campaign(factories.make_company(org), title="Wave")
        invitation = factories.make_invitation(campaign, email="pat@example.com")
        client = app.test_client()
        open_link(client, invitation.token)
        posted = _answers(campaign)
        db.session.remove()
        db.engine.dispose()
        folder.rename(tmp_path / "moved")  # the volume is gone
        try:
            response = client.post("/survey/answers", data=posted)
            html = response.get_data(as_text=True)
            assert response.status_code == 503, html[:2000]
            assert "Your answers have not been saved yet" in html
            for name, value in posted.items():
                assert f'name="{name}" value="{value}"' in html, name

            other = client.get("/survey/answers")
            assert other.status_code == 503
            assert "Nothing from this request was saved" in other.get_data(as_text=True)
        finally:
            db.session.remove()
            db.engine.dispose()
            (tmp_path / "moved").rename(folder)


@sqlite_only
def test_other_pages_answer_503_with_a_true_message(app, leader, campaign):
    client = login(app.test_client(), leader)
    with full_database():
        response = client.post(
            "/companies/new",
            data={"name": "Newco", "kind": "own", "teams": "A\nB", "notes": "Notes. " * 500},
        )
        page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:2000]
    assert "Nothing from this request was saved" in page
    assert "Nothing you entered was lost" not in page


@sqlite_only
def test_a_correct_sign_in_works_on_a_full_database(app, leader):
    client, email = app.test_client(), leader.email
    wrong = client.post("/auth/login", data={"email": email, "password": "nope-nope-1"})
    assert wrong.status_code == 200  # a failure row to clear on the next right password
    with full_database():
        response = client.post("/auth/login", data={"email": email, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert client.get("/campaigns/").status_code == 200


@sqlite_only
def test_a_correct_sign_in_on_a_read_only_database_is_an_honest_503(app, leader):
    """Signing in records the device (account.sessions), so it needs one write: on a database
    that takes none it is refused with a true message, never a 500 and never a false success."""
    client, email = app.test_client(), leader.email
    with read_only_database():
        response = client.post("/auth/login", data={"email": email, "password": factories.PASSWORD})
        page = response.get_data(as_text=True)
        assert response.status_code == 503, page[:2000]
        assert "Nothing from this request was saved" in page
        assert client.get("/campaigns/").status_code in (302, 401)  # not signed in


def test_a_bug_is_still_a_500(app, client, monkeypatch):
    """Only a database that cannot serve is a 503: an error in the code stays a 500."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken() -> None:
        db.session.execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(survey_views, "_current", broken)
    response = client.get("/survey")
    assert response.status_code == 500
    assert "may not have been saved" in response.get_data(as_text=True)


# -- readiness ----------------------------------------------------------------------------------
def test_readyz_is_200_on_a_working_database_and_writes_nothing(app, client, org):
    statements: list[str] = []

    def _seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _seen)
    try:
        response = client.get("/readyz")
    finally:
        event.remove(db.engine, "before_cursor_execute", _seen)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ready"
    assert statements, "the readiness check ran no query"
    assert all(s.lstrip().upper().startswith("SELECT") for s in statements), statements
    assert client.get("/healthz").status_code == 200


@sqlite_only
def test_readyz_writes_nothing_even_on_a_read_only_database(app, client, org):
    with read_only_database():
        assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-volume/survey.sqlite3",
        "postgresql+psycopg://survey@127.0.0.1:9/survey?connect_timeout=2",
    ],
    ids=["sqlite-gone", "postgresql-unreachable"],
)
def test_readyz_is_503_when_the_database_cannot_be_reached(tmp_path, url):
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": url}
    )
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database unavailable" in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # liveness says nothing about it


@sqlite_only
def test_readyz_does_not_create_a_missing_sqlite_file(tmp_path):
    path = tmp_path / "deleted.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )
    assert app.test_client().get("/readyz").status_code == 503
    assert not path.exists()
