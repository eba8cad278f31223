"""`flask --app survey_app backup <path>`: a complete, consistent copy the app can open."""

from __future__ import annotations

import random
import sqlite3
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Campaign
from survey_app.results.campaign import campaign_results
from survey_app.surveys import submission

from . import factories


@pytest.fixture
def sqlite_app(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the online backup command is for SQLite (PostgreSQL: pg_dump)")
    return app


def _respond(campaign: Campaign, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(n):
        invitation = factories.make_invitation(campaign, team=campaign.teams[i % 2])
        answers = factories.complete_answers(campaign, rng.randint(1, 10), rng.randint(1, 4))
        submission.submit_response(invitation.id, answers, None, f"backup-nonce-{seed}-{i:04d}")


def _tables(path) -> dict[str, list[tuple]]:
    """Every user table's rows, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Names come from sqlite_master, not from input.
        return {
            n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)  # noqa: S608
            for n in names
        }
    finally:
        conn.close()


def _summary(results) -> tuple:
    overall = results.overall
    return (
        results.responses,
        results.completed_invitations,
        results.invitations,
        overall.scorecard.teamwork_index if overall and overall.scorecard else None,
        overall.enemies.culture_risk_index if overall and overall.enemies else None,
        tuple((t.label, t.visible, t.scores.n if t.scores else None) for t in results.teams),
    )


def test_backup_copy_is_complete_and_opens_as_the_apps_database(sqlite_app, runner, tmp_path):
    org = factories.make_org()
    factories.make_user(org)
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, k=3)
    _respond(campaign, 12)
    factories.make_invitation(campaign)  # one still pending
    before = _summary(campaign_results(campaign))
    campaign_id = campaign.id

    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output

    source = make_url(sqlite_app.config["SQLALCHEMY_DATABASE_URI"]).database
    original, copy = _tables(source), _tables(target)
    assert set(copy) == set(original) >= {"responses", "answers", "invitations", "users"}
    assert {n: len(rows) for n, rows in copy.items()} == {
        n: len(rows) for n, rows in original.items()
    }
    assert len(copy["responses"]) == 12
    assert len(copy["answers"]) > 12 * 30
    for name, rows in original.items():  # every row, not just the counts
        assert copy[name] == rows, name

    # The copy is a working database for the app: the dashboard numbers come out the same.
    restored = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}"})
    with restored.app_context():
        try:
            again = db.session.get(Campaign, campaign_id)
            assert _summary(campaign_results(again)) == before
            assert db.session.scalar(select(func.count()).select_from(Campaign)) == 1
        finally:
            db.session.remove()
            db.engine.dispose()


def test_backup_during_writes_is_a_consistent_snapshot(sqlite_app, runner, tmp_path):
    """Writers keep going while the copy runs: the copy holds whole responses only."""
    company = factories.make_company(factories.make_org())
    campaign = factories.make_campaign(company, k=3)
    _respond(campaign, 5)
    campaign_id = campaign.id
    db.session.commit()  # outside a request every transaction holds SQLite's write lock
    stop = threading.Event()

    def write() -> None:
        with sqlite_app.app_context():
            c = db.session.get(Campaign, campaign_id)
            i = 0
            while not stop.is_set() and i < 200:
                _respond(c, 1, seed=1000 + i)
                i += 1
            db.session.remove()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for n in range(3):
            result = runner.invoke(args=["backup", str(tmp_path / f"copy{n}.sqlite3")])
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        writer.join()
    for n in range(3):
        tables = _tables(tmp_path / f"copy{n}.sqlite3")
        responses = len(tables["responses"])
        per_response = {r[0] for r in tables["answers"]}
        assert len(per_response) == responses  # no response without its answers, or vice versa
        assert len(tables["answers"]) % responses == 0
        tallied = sum(row[2] for row in tables["response_tallies"])  # campaign, team, count, …
        assert tallied == responses
        completed = sum(1 for row in tables["invitations"] if "completed" in row)
        assert completed == responses


def test_backup_refuses_to_overwrite_and_explains(sqlite_app, runner, tmp_path):
    target = tmp_path / "copy.sqlite3"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert target.read_text() == "keep me"
    assert runner.invoke(args=["backup", "--force", str(target)]).exit_code == 0
    assert _tables(target)  # now a real database


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            # Never connected to: the command refuses before touching the database.
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://survey@127.0.0.1:1/survey",
        }
    )
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output
    assert "SQLite" in result.output
    assert not (tmp_path / "x.dump").exists()
