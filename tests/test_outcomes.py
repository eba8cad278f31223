"""Deal outcomes: the form (validation, input kept, who may use it, the audit log), and the
pipeline's track record and agreement panel computed from them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    AuditEntry,
    CampaignStatus,
    DealOutcome,
    Organization,
    Outcome,
    Role,
    User,
)

from . import factories
from .conftest import login
from .pages import without_bdi


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", without_bdi(page))))


def record(client: FlaskClient, prospect_id: int, **data: str):
    form = {"outcome": "won", "closed_on": date.today().isoformat(), "deal_size": "1000"}
    return client.post(f"/prospects/{prospect_id}/outcome", data={**form, **data})


def test_the_owner_records_an_outcome_and_the_audit_log_has_it(
    org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    prospect = factories.make_prospect(org, rep, name="Litware Bank")
    form = rep_client.get(f"/prospects/{prospect.id}/outcome").get_data(as_text=True)
    assert 'value="250000"' in form  # the estimate, to correct
    day = (date.today() - timedelta(days=3)).isoformat()
    saved = record(rep_client, prospect.id, outcome="lost", closed_on=day, note="Lost on price")
    assert saved.status_code == 302
    assert saved.location.endswith(f"/prospects/{prospect.id}")
    outcome = db.session.scalar(select(DealOutcome).where(DealOutcome.company_id == prospect.id))
    assert outcome is not None
    assert (outcome.outcome, outcome.closed_on.isoformat(), outcome.deal_size, outcome.note) == (
        Outcome.LOST, day, 1000, "Lost on price"
    )  # fmt: skip
    detail = text_of(rep_client.get(f"/prospects/{prospect.id}").get_data(as_text=True))
    assert "Outcome saved: lost." in detail
    assert f"Lost on {date.fromisoformat(day).day}" in detail
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_kind == "deal outcome"))
    assert entry is not None
    assert (entry.action, entry.object_label, entry.actor_id) == (
        "create", "Outcome of Litware Bank", rep.id
    )  # fmt: skip

    # Recording again corrects the same outcome, and is logged as a change.
    record(rep_client, prospect.id, outcome="won", deal_size="1200")
    rows = list(
        db.session.scalars(select(DealOutcome).where(DealOutcome.company_id == prospect.id))
    )
    assert [(r.outcome, r.deal_size) for r in rows] == [(Outcome.WON, 1200)]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_kind == "deal outcome")
    )
    assert sorted(actions) == ["change", "create"]


def test_bad_input_is_refused_beside_each_field_and_kept(
    org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    prospect = factories.make_prospect(org, rep)
    future = (date.today() + timedelta(days=2)).isoformat()
    page = rep_client.post(
        f"/prospects/{prospect.id}/outcome",
        data={"closed_on": future, "deal_size": "-5", "note": "Kept note <b>x</b>"},
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Choose how the deal ended." in html
    assert "The outcome date cannot be in the future." in html
    assert 'id="deal_size-error"' in html
    assert f'value="{future}"' in html
    assert 'value="-5"' in html
    assert "Kept note &lt;b&gt;x&lt;/b&gt;" in html  # kept, and escaped
    assert db.session.scalar(select(DealOutcome)) is None
    # A note over 2,000 characters is refused too.
    long = record(rep_client, prospect.id, note="x" * 2001).get_data(as_text=True)
    assert 'id="note-error"' in long
    assert db.session.scalar(select(DealOutcome)) is None


def test_who_may_record(
    app: Flask, org: Organization, rep: User, leader_client: FlaskClient, other_org: Organization
) -> None:
    prospect = factories.make_prospect(org, rep)
    colleague = factories.make_user(org, Role.REP)
    outsider = factories.make_user(other_org, Role.LEADER)
    # A rep who neither owns it nor shares it: the prospect does not exist for them.
    assert record(login(app.test_client(), colleague), prospect.id).status_code == 404
    prospect.shared_with = [colleague]
    db.session.commit()
    # Shared: they see the deal, but only whoever may edit it records how it ended.
    assert record(login(app.test_client(), colleague), prospect.id).status_code == 403
    assert record(login(app.test_client(), outsider), prospect.id).status_code == 404
    assert db.session.scalar(select(DealOutcome)) is None
    assert record(leader_client, prospect.id).status_code == 302


def closed(org, rep, client, ticked, outcome, assessed_days_ago, closed_days_ago):
    prospect = factories.make_prospect(org, rep)
    factories.make_assessment(prospect, rep, ticked=ticked, days_ago=assessed_days_ago)
    day = (date.today() - timedelta(days=closed_days_ago)).isoformat()
    assert record(client, prospect.id, outcome=outcome, closed_on=day).status_code == 302
    return prospect


def test_the_pipeline_shows_the_track_record_per_verdict(
    org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    empty = text_of(rep_client.get("/prospects/").get_data(as_text=True))
    assert "No deal has an outcome yet." in empty
    for outcome, cycle in (
        ("won", 20),
        ("won", 40),
        ("lost", 60),
        ("won", 80),
        ("no_decision", 100),
    ):
        closed(org, rep, rep_client, (), outcome, cycle + 10, 10)  # nothing seen: Pursue
    for outcome in ("lost", "won"):
        closed(org, rep, rep_client, ("no_trust",), outcome, 50, 5)  # one enemy: Walk away
    # Assessed only after its outcome: the verdict it had then was none.
    late = closed(org, rep, rep_client, ("no_trust",), "won", 0, 5)
    page = rep_client.get("/prospects/").get_data(as_text=True)
    text = text_of(page)
    assert re.search(r"Pursue 5 3 · 1 · 1 60% 60 days", text), text
    assert re.search(r"Walk away 2 1 · 1 · 0 not enough deals yet", text)
    assert re.search(r"Pursue with caution 0 0 · 0 · 0 not enough deals yet", text)
    assert re.search(
        r"Not assessed before the outcome 1 1 · 0 · 0 not part of the calibration", text
    )
    assert 'id="fig-track"' in page
    assert late.id  # listed in the pipeline with its outcome
    assert "Won on" in text


def test_the_track_record_counts_only_the_prospects_the_viewer_sees(
    app: Flask, org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    closed(org, rep, rep_client, (), "won", 30, 1)
    colleague = login(app.test_client(), factories.make_user(org, Role.REP))
    assert "No deal has an outcome yet." in text_of(
        colleague.get("/prospects/").get_data(as_text=True)
    )


def test_outside_view_against_the_insiders_survey(
    org: Organization, rep: User, leader: User, leader_client: FlaskClient
) -> None:
    prospect = factories.make_prospect(org, rep, name="Surveyed Bank")
    campaign = factories.make_campaign(prospect, k=3, with_teams=False)
    factories.make_responses(campaign, None, 3)  # nobody ticks an enemy: Pursue inside
    campaign.status = CampaignStatus.CLOSED  # as the security tests close one: no job queued
    db.session.commit()
    factories.make_assessment(prospect, rep, ticked=())  # Pursue outside: agrees
    factories.make_assessment(prospect, leader, ticked=("no_trust", "cynicism"))  # Walk away
    factories.make_prospect(org, rep, name="Unsurveyed")  # no survey: not compared
    text = text_of(leader_client.get("/prospects/").get_data(as_text=True))
    rep_line = re.search(rf"{rep.name} ?: agreed on 1 of 1 prospect \(100%\)", text)
    leader_line = re.search(rf"{leader.name} ?: agreed on 0 of 1 prospect \(0%\)", text)
    assert rep_line, text
    assert leader_line, text
    assert "Surveyed Bank: Walk away outside, Pursue inside" in text
    assert "Unsurveyed" not in text.split("Outside view and the insiders")[1]
