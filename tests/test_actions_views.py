"""Action pages: created from a campaign's recommendation (with the playbook's words) or a
prospect's deal advice, saved and listed per company and campaign with the overdue ones flagged,
edited, re-statused, deleted after a confirmation; every change audited."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Action, ActionStatus, AuditEntry, CampaignStatus
from survey_app.text import day

from . import factories


def _closed_campaign(org):
    company = factories.make_company(org, "Northwind Traders")
    campaign = factories.make_campaign(company, "Spring wave")
    # Importance high, execution low everywhere: every practice is near the crosshairs; the
    # playbook's first recommendation is whatever the scores rank first.
    factories.make_responses(campaign, company.teams[0], 5, importance=9, execution=1)
    factories.make_responses(campaign, company.teams[1], 5, importance=6, execution=3)
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return campaign


def _form(owner_id="", **extra):
    data = {
        "target": "practice:strategy_reviews",
        "title": "Hold the Monday reviews",
        "notes": "Thirty minutes each.",
        "owner_id": str(owner_id),
        "owner_name": "",
        "due_on": (date.today() + timedelta(days=14)).isoformat(),
        "status": "planned",
    }
    return {**data, **extra}


def test_a_leader_creates_an_action_from_a_recommendation(leader_client, org, leader):
    campaign = _closed_campaign(org)
    page = leader_client.get(
        f"/campaigns/{campaign.id}/actions/new?target=practice:strategy_reviews"
    ).get_data(as_text=True)
    # Prefilled from the playbook: its first sentence is the title.
    assert "Adopt &#34;No review, no resources&#34;" in page
    assert "Before every major investment of time and resource in an account" in page

    response = leader_client.post(f"/campaigns/{campaign.id}/actions/new", data=_form(leader.id))
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    assert (action.target_key, action.campaign_id, action.company_id, action.owner_id) == (
        "strategy_reviews",
        campaign.id,
        campaign.company_id,
        leader.id,
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_kind == "action"))
    assert (entry.action, entry.object_label) == ("create", "Hold the Monday reviews")


def test_an_invalid_action_keeps_what_was_typed(leader_client, org):
    campaign = _closed_campaign(org)
    response = leader_client.post(
        f"/campaigns/{campaign.id}/actions/new",
        data=_form(title="My very own title", notes="Kept notes", due_on=""),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose an owner or type a name." in page
    assert "Enter the due date." in page
    assert 'value="My very own title"' in page
    assert "Kept notes" in page
    assert db.session.scalar(select(Action)) is None


def test_lists_flag_overdue_actions_and_a_typed_owner(leader_client, org):
    campaign = _closed_campaign(org)
    late = (date.today() - timedelta(days=3)).isoformat()
    leader_client.post(
        f"/campaigns/{campaign.id}/actions/new",
        data=_form(title="Late one", owner_name="Pat Outside", due_on=late),
    )
    for url in (f"/campaigns/{campaign.id}/actions", f"/companies/{campaign.company_id}/actions"):
        page = leader_client.get(url).get_data(as_text=True)
        assert "Late one" in page
        assert "Pat Outside" in page
        assert "Overdue" in page


def test_edit_status_and_delete_with_confirmation(leader_client, org, leader):
    campaign = _closed_campaign(org)
    leader_client.post(f"/campaigns/{campaign.id}/actions/new", data=_form(leader.id))
    action = db.session.scalar(select(Action))
    action_id = action.id

    edited = leader_client.post(
        f"/actions/{action_id}/edit", data=_form(leader.id, title="Renamed", status="in_progress")
    )
    assert edited.status_code == 302
    response = leader_client.post(
        f"/actions/{action_id}/status",
        data={"status": "done", "back": "//evil.example/"},
    )
    assert response.location.endswith(f"/campaigns/{campaign.id}/actions")  # never off-site
    db.session.expire_all()
    action = db.session.get(Action, action_id)
    assert (action.title, action.status, action.finished_on) == (
        "Renamed",
        ActionStatus.DONE,
        date.today(),
    )

    confirm = leader_client.get(f"/actions/{action_id}/delete").get_data(as_text=True)
    assert "Delete the action" in confirm
    assert db.session.get(Action, action_id) is not None  # the GET only asks
    assert leader_client.post(f"/actions/{action_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Action, action_id) is None
    kinds = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_kind == "action")
    ).all()
    assert sorted(set(kinds)) == ["change", "create", "delete"]


def test_reps_cannot_manage_actions(rep_client, org):
    campaign = _closed_campaign(org)
    assert rep_client.get(f"/campaigns/{campaign.id}/actions").status_code == 403
    assert rep_client.get("/actions/").status_code == 403


def test_a_leader_saves_an_action_from_a_prospects_deal_advice(leader_client, org, leader, rep):
    prospect = factories.make_prospect(org, owner=rep, name="Borealis Bank")
    factories.make_assessment(prospect, rep, ticked=("no_trust", "cynicism"))
    url = f"/prospects/{prospect.id}/actions/new"
    due = date.today() + timedelta(days=21)
    response = leader_client.post(
        url,
        data=_form(
            rep.id,
            target="enemy:no_trust",
            title="Meet the buyer's CFO with the account team",
            notes="Bring last quarter's numbers.",
            due_on=due.isoformat(),
            status="in_progress",
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/companies/{prospect.id}/actions")
    action = db.session.scalar(select(Action))
    assert (action.title, action.notes) == (
        "Meet the buyer's CFO with the account team",
        "Bring last quarter's numbers.",
    )
    assert (action.target_kind.value, action.target_key) == ("enemy", "no_trust")
    assert (action.owner_id, action.due_on, action.status) == (
        rep.id,
        due,
        ActionStatus.IN_PROGRESS,
    )
    assert (action.company_id, action.campaign_id, action.session_id) == (prospect.id, None, None)
    page = leader_client.get(response.location).get_data(as_text=True)
    assert "Meet the buyer&#39;s CFO with the account team" in page
    assert rep.name in page
    assert "No trust" in page  # the enemy it targets
    assert day(due) in page

    refused = leader_client.post(url, data=_form(rep.id, target="enemy:not_an_enemy"))
    assert refused.status_code == 422  # only what the prospect's advice or instruments offer
    assert len(db.session.scalars(select(Action)).all()) == 1
