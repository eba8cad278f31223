"""The benchmarks' bulk loaders write raw SQL against the schema: a renamed column would break
``make bench`` unseen, since the suite never runs it. Each loader runs here at a small size."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from benchmarks.campaign_page import load_invitations
from benchmarks.dataset import load_campaign
from survey_app.extensions import db
from survey_app.models import Campaign, Invitation, InvitationStatus, Response
from survey_app.results.campaign import campaign_results


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the loaders use SQLite's ? placeholders, like the bench's databases")


def _count(*where) -> int:
    return db.session.scalar(select(func.count()).select_from(Invitation).where(*where))


def test_the_dashboard_dataset_loads_and_reads_as_results(sqlite_only):
    loaded = load_campaign(40)
    campaign_id = loaded.campaign_id
    assert db.session.scalar(select(func.count()).select_from(Response)) == 40
    assert _count(Invitation.status == InvitationStatus.COMPLETED) == 40
    assert _count(Invitation.status == InvitationStatus.PENDING) == 4
    results = campaign_results(db.session.get(Campaign, campaign_id))
    assert results.responses == 40
    assert results.overall is not None  # three teams, read from the rebuilt tallies


def test_the_campaign_page_dataset_loads(sqlite_only):
    load_invitations(50)
    assert _count() == 50
    completed = _count(Invitation.status == InvitationStatus.COMPLETED)
    assert db.session.scalar(select(func.count()).select_from(Response)) == completed > 0
