"""The migration to hashed survey tokens hashes the links already handed out, in place, so they
keep working, and leaves no plaintext token in the invitations table."""

from __future__ import annotations

import hashlib
import os

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from survey_app import create_app
from survey_app.extensions import db
from survey_app.surveys.services import resolve_token

BEFORE = "5a8d2c4e7b10"  # published snapshots: invitations still hold their plaintext token
TOKENS = ("handed-out-token-one-0123456789ab", "handed-out-token-two-0123456789ab")


def _seed_old_schema() -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, name, min_group_size, created_at) "
                "VALUES (1, 'Org', 5, :at)"
            ),
            {"at": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO companies (id, organization_id, name, kind, notes, created_at) "
                "VALUES (1, 1, 'Company', 'own', '', :at)"
            ),
            {"at": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO campaigns (id, organization_id, company_id, title, status, "
                "min_group_size, created_at) VALUES (1, 1, 1, 'Wave', 'open', 5, :at)"
            ),
            {"at": "2026-01-01 00:00:00"},
        )
        for n, token in enumerate(TOKENS, start=1):
            conn.execute(
                text(
                    "INSERT INTO invitations (id, campaign_id, token, kind, email, status, "
                    "emailed, created_at) VALUES (:id, 1, :token, 'email', :email, 'pending', "
                    ":emailed, :at)"
                ),
                {
                    "id": n,
                    "token": token,
                    "email": f"p{n}@example.com",
                    "emailed": False,
                    "at": "2026-01-01 00:00:00",
                },
            )
        conn.execute(  # a saved draft, which must survive the invitations table being rebuilt
            text("INSERT INTO drafts (invitation_id, answers, saved_on) VALUES (2, :a, :on)"),
            {"a": '{"recognized_rewarded__importance": "9"}', "on": "2026-01-02"},
        )


def test_existing_links_are_hashed_in_place_and_keep_working(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'links.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision=BEFORE)
        _seed_old_schema()

        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("invitations")}
        assert "token" not in columns
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, token_hash, private_link FROM invitations ORDER BY id")
            ).all()
        assert [(r[0], r[1]) for r in rows] == [
            (n, hashlib.sha256(t.encode()).hexdigest()) for n, t in enumerate(TOKENS, start=1)
        ]
        assert not any(r[2] for r in rows)
        with db.engine.connect() as conn:
            drafts = conn.execute(text("SELECT invitation_id, answers FROM drafts")).all()
        assert [d[0] for d in drafts] == [2]
        with app.test_request_context():
            assert resolve_token(TOKENS[0]).invitation.id == 1  # the old link still opens
        db.session.remove()

        downgrade(revision=BEFORE)  # a digest cannot become its link again: new tokens
        with db.engine.connect() as conn:
            tokens = [r[0] for r in conn.execute(text("SELECT token FROM invitations"))]
        assert len(set(tokens)) == 2
        assert not set(tokens) & set(TOKENS)
        with db.engine.begin() as conn:
            for table in ("invitations", "campaigns", "companies", "organizations"):
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
        downgrade(revision="base")
        db.engine.dispose()
