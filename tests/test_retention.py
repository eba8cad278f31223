"""Retention and erasure: responses of long-closed campaigns go and their reports stay the
same (the tallies are kept); an admin erases a person's account and self-checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.audit import actions
from survey_app.audit.retention import months_before
from survey_app.exports.services import build_export
from survey_app.extensions import db
from survey_app.models import (
    Answer,
    AnswerTally,
    AuditEntry,
    CampaignStatus,
    ProspectAssessment,
    Response,
    ResponseTally,
    Role,
    SelfCheck,
    User,
)
from survey_app.reports.campaign import campaign_report
from survey_app.reports.document import render_html
from survey_app.results.campaign import campaign_results
from survey_app.results.tallies import rebuild_tallies

from . import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def closed_campaign(company, days_ago: int, title: str):
    campaign = factories.make_campaign(company, title, k=3)
    factories.make_responses(campaign, company.teams[0], 4, importance=9, execution=2)
    factories.make_responses(campaign, company.teams[1], 3, importance=6, execution=4)
    campaign.status = CampaignStatus.CLOSED
    campaign.closes_on = date.today() + timedelta(days=10)  # planned later: closed early
    campaign.closed_on = date.today() - timedelta(days=days_ago)
    db.session.commit()
    return campaign


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_response_retention_is_off_by_default(runner, org):
    company = factories.make_company(org, teams=("North", "South"))
    closed_campaign(company, 3000, "Ancient wave")
    assert org.response_retention_months is None
    result = runner.invoke(args=["prune-responses"])
    assert result.exit_code == 0, result.output
    assert count(Response) == 7


def _report_html(campaign) -> str:
    content = campaign_report(campaign)
    return render_html(content, images={name: "data:," for name in content.charts})


def test_pruned_campaigns_keep_their_numbers_on_every_reader(app, runner, org, leader_client):
    company = factories.make_company(org, teams=("North", "South"))
    old = closed_campaign(company, 400, "Old wave")
    recent = closed_campaign(company, 200, "Recent wave")
    still_open = factories.make_campaign(company, "Open wave", k=3)
    factories.make_responses(still_open, company.teams[0], 3)

    dashboard = f"/campaigns/{old.id}/dashboard"
    before = (
        campaign_results(old),
        build_export(old),
        leader_client.get(dashboard).get_data(as_text=True),
        _report_html(old),
        count(AnswerTally),
        count(ResponseTally),
    )
    set_it = runner.invoke(args=["response-retention", org.name, "12"])
    assert set_it.exit_code == 0, set_it.output
    result = runner.invoke(args=["prune-responses"])
    assert result.exit_code == 0, result.output
    assert "Old wave: deleted 7 responses" in result.output

    db.session.expire_all()
    responses = db.session.scalars(select(Response.campaign_id)).all()
    assert old.id not in responses
    assert responses.count(recent.id) == 7
    assert responses.count(still_open.id) == 3
    assert count(Answer) == 10 * len(factories.complete_answers(old))
    after = (
        campaign_results(old),
        build_export(old),
        leader_client.get(dashboard).get_data(as_text=True),
        _report_html(old),
        count(AnswerTally),
        count(ResponseTally),
    )
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
    assert after[3] == before[3]
    assert after[4:] == before[4:]

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.details) for e in entries if e.actor_id is None] == [
        (actions.SETTINGS_CHANGE, "response retention: 12 months"),
        (actions.RESPONSES_PRUNED, "7 responses, 0 drafts; tallies kept"),
    ]
    assert runner.invoke(args=["response-retention", org.name, "soon"]).exit_code != 0
    # A repair that recounts from the answers would count nothing now: it refuses.
    with pytest.raises(ValueError, match="pruned"):
        rebuild_tallies(old.id)
    db.session.rollback()
    assert campaign_results(old) == before[0]


# -- erasing a person -------------------------------------------------------------------------


def _erasable(org):
    person = factories.make_user(org, Role.REP, email="erase.me@example.com")
    factories.make_self_check(person, note="my private note")
    factories.make_self_check(person, note="another")
    prospect = factories.make_prospect(org, owner=person, name="Kept Prospect")
    factories.make_assessment(prospect, person, evidence="their evidence")
    return person, prospect


def test_the_confirmation_says_what_goes_and_changes_nothing(admin_client, org):
    person, _ = _erasable(org)
    page = admin_client.get(f"/admin/users/{person.id}/erase").get_data(as_text=True)
    for text in ("2 self-checks", "1 prospect assessment", "1 prospect they own", "audit log"):
        assert text in page
    assert db.session.get(User, person.id) is not None
    assert count(SelfCheck) == 2


def test_an_admin_erases_a_person_and_their_self_checks(admin_client, admin, org, rep):
    person, prospect = _erasable(org)
    factories.make_self_check(rep, note="someone else's")
    person_id = person.id
    response = admin_client.post(f"/admin/users/{person_id}/erase")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person_id) is None
    assert db.session.scalars(select(SelfCheck.user_id)).all() == [rep.id]
    assert count(ProspectAssessment) == 0
    assert db.session.get(type(prospect), prospect.id).owner_id is None
    erased = db.session.scalars(select(AuditEntry).where(AuditEntry.action == actions.ERASE)).all()
    assert [(e.actor_id, e.object_id, e.object_label, e.details) for e in erased] == [
        (admin.id, person_id, "erase.me@example.com", "2 self-checks, 1 assessments")
    ]
    assert not db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == actions.DELETE)
    ).all()


def test_one_cannot_erase_oneself(admin_client, admin):
    """Nor, so, the last active admin: the one erasing is an active admin too. (The service
    still counts the others under the organisation's lock, as a role change does.)"""
    response = admin_client.post(f"/admin/users/{admin.id}/erase", follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id) is not None
    assert "You cannot erase your own account." in response.get_data(as_text=True)


def test_another_organisations_user_is_a_404(admin_client, other_org):
    stranger = factories.make_user(other_org, Role.REP)
    assert admin_client.get(f"/admin/users/{stranger.id}/erase").status_code == 404
    assert admin_client.post(f"/admin/users/{stranger.id}/erase").status_code == 404
    assert db.session.get(User, stranger.id) is not None


def test_every_reference_to_a_user_cascades_is_set_null_or_is_erased():
    """A new table that refers to users must be thought about here, or erasing fails."""
    erased_by_service = {"self_checks", "prospect_assessments"}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" and table.name not in erased_by_service:
                assert fk.ondelete in ("CASCADE", "SET NULL"), table.name
