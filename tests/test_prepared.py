"""Statements run straight on the driver read and write exactly what SQLAlchemy would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import bindparam, insert, literal, select, update

from survey_app.extensions import db
from survey_app.models import Campaign, CampaignStatus, Invitation, InvitationStatus, Response
from survey_app.prepared import DirectCursor, Prepared, prepared

from . import factories

_campaigns, _invitations = Campaign.__table__, Invitation.__table__
# Enums, dates, a nullable column and a literal: every kind of value a submission moves.
_CAMPAIGN_ROW = select(
    _campaigns.c.id,
    _campaigns.c.status,
    _campaigns.c.opens_on,
    _campaigns.c.closes_on,
    _campaigns.c.open_link_cap,
    _campaigns.c.created_at,
    literal(1).label("one"),
).where(_campaigns.c.id == bindparam("campaign_id"))
_COMPLETE_IF_OPEN = (
    update(_invitations)
    .where(
        _invitations.c.id == bindparam("invitation_id"),
        _invitations.c.status != InvitationStatus.COMPLETED,
    )
    .values(status=InvitationStatus.COMPLETED)
)
_INSERT_RESPONSE = insert(Response.__table__)


@pytest.fixture
def campaign(org) -> Campaign:
    campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
    campaign.closes_on = date(2031, 2, 28)
    db.session.commit()
    return campaign


def test_a_row_read_directly_equals_the_row_sqlalchemy_reads(campaign) -> None:
    campaign_id = campaign.id
    params = {"campaign_id": campaign_id}
    db.session.rollback()  # outside a request, the session's transaction holds SQLite's lock
    with db.engine.connect() as connection:
        expected = connection.execute(_CAMPAIGN_ROW, params).one()
        with DirectCursor(connection) as cursor:
            row = cursor.first(_CAMPAIGN_ROW, params)
            assert cursor.first(_CAMPAIGN_ROW, {"campaign_id": -1}) is None
            assert cursor.rows(_CAMPAIGN_ROW, params) == [row]
            assert cursor.scalars(_CAMPAIGN_ROW, params) == [campaign_id]
    assert tuple(row) == tuple(expected)
    assert row._fields == tuple(expected._fields)
    assert isinstance(row.opens_on, date)
    assert row.closes_on == date(2031, 2, 28)
    assert row.status == CampaignStatus.OPEN
    assert row.open_link_cap is None
    assert row.one == 1


def test_writes_store_what_sqlalchemy_would_and_count_the_rows(campaign) -> None:
    invitation = factories.make_invitation(campaign)
    invitation_id, campaign_id = invitation.id, campaign.id
    db.session.rollback()
    submitted_on = date.today() - timedelta(days=3)
    with db.engine.connect() as connection, connection.begin():
        with DirectCursor(connection) as cursor:
            assert cursor.execute(_COMPLETE_IF_OPEN, {"invitation_id": invitation_id}) == 1
            assert cursor.execute(_COMPLETE_IF_OPEN, {"invitation_id": invitation_id}) == 0
            response = {"campaign_id": campaign_id, "team_id": None, "submitted_on": submitted_on}
            response["language"] = "en"  # every column of the row: the statement names them all
            cursor.executemany(
                _INSERT_RESPONSE,
                [{**response, "id": f"r{n}", "nonce": f"nonce-{n}"} for n in range(3)],
            )
            with pytest.raises(cursor.IntegrityError):  # the driver's own, for one nonce twice
                cursor.execute(_INSERT_RESPONSE, {**response, "id": "r9", "nonce": "nonce-1"})
        connection.rollback()  # PostgreSQL: the failed statement aborted the transaction
    with (
        db.engine.connect() as connection,
        connection.begin(),
        DirectCursor(connection) as cursor,
    ):
        cursor.execute(_COMPLETE_IF_OPEN, {"invitation_id": invitation_id})
        cursor.execute(_INSERT_RESPONSE, {**response, "id": "r1", "nonce": "nonce-1"})
    assert db.session.get(Invitation, invitation_id).status == InvitationStatus.COMPLETED
    stored = db.session.get(Response, "r1")
    assert (stored.submitted_on, stored.nonce, stored.team_id) == (submitted_on, "nonce-1", None)


def test_each_statement_is_compiled_once_per_dialect(app) -> None:
    first = prepared(_CAMPAIGN_ROW, db.engine.dialect)
    assert prepared(_CAMPAIGN_ROW, db.engine.dialect) is first
    other = select(_campaigns.c.id).where(_campaigns.c.id == bindparam("campaign_id"))
    assert prepared(other, db.engine.dialect) is not first


def test_parameters_go_in_the_drivers_order_with_fixed_values_filled_in() -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    on_sqlite = Prepared(_COMPLETE_IF_OPEN, sqlite.dialect())
    assert on_sqlite.sql.count("?") == 3
    assert on_sqlite.params({"invitation_id": 7}) == ("completed", 7, "completed")
    on_postgres = Prepared(_COMPLETE_IF_OPEN, postgresql.psycopg.dialect())
    assert "%(invitation_id)s" in on_postgres.sql
    assert on_postgres.params({"invitation_id": 7}) == {
        "status": "completed",
        "invitation_id": 7,
        "status_1": "completed",
    }
