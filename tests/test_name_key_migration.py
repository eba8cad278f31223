"""The name-key migration fills every company's key in place, keeps records that already share
a name (each keeps its name, the later one gets a key of its own), and then enforces the rule."""

from __future__ import annotations

import os

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from survey_app import create_app
from survey_app.extensions import db
from survey_app.names import name_key

REVISION = "c4f2a9d81e36"
ROWS = [(1, 1, "Zürich Bank"), (2, 1, "ZURICH  bank"), (3, 1, "Globex"), (4, 2, "Zürich Bank")]


def test_keys_are_filled_and_old_duplicates_kept(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'names.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision=f"{REVISION}-1")
        with db.engine.begin() as conn:
            for org in (1, 2):
                conn.execute(
                    text(
                        "INSERT INTO organizations (id, name, min_group_size, created_at) "
                        "VALUES (:id, :name, 5, '2026-01-01 00:00:00')"
                    ),
                    {"id": org, "name": f"Org {org}"},
                )
            for company_id, org, name in ROWS:
                conn.execute(
                    text(
                        "INSERT INTO companies (id, organization_id, name, kind, notes, "
                        "created_at) VALUES (:id, :org, :name, 'prospect', '', "
                        "'2026-01-01 00:00:00')"
                    ),
                    {"id": company_id, "org": org, "name": name},
                )
        upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, name_key FROM companies")).all())
            names = dict(conn.execute(text("SELECT id, name FROM companies")).all())
        assert names == {i: n for i, _, n in ROWS}  # no name changed
        assert rows[1] == name_key("Zürich Bank")
        assert rows[3] == name_key("Globex")
        assert rows[4] == name_key("Zürich Bank")  # another organisation: the same key is free
        assert rows[2] not in (rows[1], name_key("ZURICH  bank"))  # the old duplicate
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO companies (organization_id, name, name_key, kind, notes, "
                    "created_at) VALUES (1, 'Globex', :key, 'own', '', '2026-01-01')"
                ),
                {"key": name_key("GLOBEX")},
            )
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM companies"))
            conn.execute(text("DELETE FROM organizations"))
        downgrade(revision="base")
        db.engine.dispose()
