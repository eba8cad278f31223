"""The home page per role: a leader's open campaigns, actions, sessions and changed verdicts; a
rep's pipeline and actions; an admin's shortcuts; and the first steps of a new organisation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import (
    Action,
    ActionStatus,
    CampaignStatus,
    Organization,
    Role,
    SessionAttendee,
    StrategySession,
    TargetKind,
    User,
)

from . import factories
from .conftest import login
from .pages import without_bdi

TODAY = date.today()


@pytest.fixture(autouse=True)
def one_user_per_request(app: Flask) -> None:
    @app.before_request
    def forget_user() -> None:
        g.pop("_login_user", None)


def home(client: FlaskClient) -> str:
    response = client.get("/")
    assert response.status_code == 200
    html = without_bdi(response.get_data(as_text=True))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def section(text: str, heading: str, nxt: str | None = None) -> str:
    after = text.split(heading, 1)[1]
    return after.split(nxt, 1)[0] if nxt else after


def action(company, title: str, due_in: int, owner: User | None = None, status=None) -> Action:
    item = Action(
        organization_id=company.organization_id,
        company_id=company.id,
        target_kind=TargetKind.PRACTICE,
        target_key="strategy_reviews",
        title=title,
        owner_id=owner.id if owner else None,
        owner_name="" if owner else "Pat Outside",
        due_on=TODAY + timedelta(days=due_in),
        status=status or ActionStatus.PLANNED,
    )
    db.session.add(item)
    db.session.commit()
    return item


def test_a_brand_new_organisation_is_taught_its_first_steps(leader_client: FlaskClient) -> None:
    text = home(leader_client)
    assert "Welcome: three steps to your first strategy session" in text
    assert "Add your company" in text
    assert (
        "Create a campaign"
        not in section(text, "Welcome", "Campaigns open now").split("Add your own company")[0]
    )
    assert "No campaign yet: the first steps above start one." in text
    assert "No open action is overdue" in text
    assert "No strategy session is planned." in text


def test_the_steps_move_on_and_go_once_all_are_done(
    org: Organization, leader: User, leader_client: FlaskClient
) -> None:
    company = factories.make_company(org, "Northwind")
    text = home(leader_client)
    assert "Next steps" in text
    assert "Welcome" not in text
    assert "Create a campaign and invite your team." in text  # the next step, with its button
    factories.make_campaign(company, status=CampaignStatus.DRAFT)
    factories.make_prospect(org, leader)
    text = home(leader_client)
    assert "Next steps" not in text
    assert "Welcome" not in text


def test_a_leader_sees_open_campaigns_with_their_rate_and_days_left(
    org: Organization, leader_client: FlaskClient, other_org: Organization
) -> None:
    company = factories.make_company(org, "Northwind", teams=("Sales",))
    spring = factories.make_campaign(company, "Spring pulse", k=3)
    spring.closes_on = TODAY + timedelta(days=9)
    factories.make_campaign(company, "Old draft", status=CampaignStatus.DRAFT)
    factories.make_responses(spring, company.teams[0], 3)
    for _ in range(3):
        factories.make_invitation(spring, team=company.teams[0])
    theirs = factories.make_company(other_org, "Elsewhere")
    factories.make_campaign(theirs, "Their wave")
    db.session.commit()
    campaigns = section(home(leader_client), "Campaigns open now", "Verdicts that changed")
    assert "Spring pulse" in campaigns
    assert "Response rate 50 % (3 of 6 invitations) · 9 days left" in campaigns
    assert "Old draft" not in campaigns
    assert "Their wave" not in campaigns
    assert "The campaign list" in campaigns  # the campaign list, on its own page
    assert "Campaigns" in home(leader_client)


def test_a_leader_sees_the_organisations_due_and_overdue_actions(
    org: Organization, leader: User, rep: User, leader_client: FlaskClient, other_org: Organization
) -> None:
    company = factories.make_company(org, "Northwind")
    action(company, "Map the buyer's org chart", -2, rep)
    action(company, "Hold the account review", 5)
    action(company, "Far away", 40, leader)
    action(company, "Already done", -5, leader, ActionStatus.DONE)
    action(factories.make_company(other_org, "Elsewhere"), "Their action", 1)
    actions = section(home(leader_client), "Actions due and overdue", "Sessions coming up")
    assert actions.index("Map the buyer's org chart") < actions.index("Hold the account review")
    assert re.search(r"Map the buyer's org chart Overdue Due .* Planned · " + rep.name, actions)
    assert "Pat Outside" in actions
    assert "Far away" not in actions
    assert "Already done" not in actions
    assert "Their action" not in actions


def test_sessions_coming_up(
    org: Organization, rep: User, leader_client: FlaskClient, rep_client: FlaskClient
) -> None:
    company = factories.make_company(org, "Northwind")
    soon = StrategySession(
        organization_id=org.id, company_id=company.id, held_on=TODAY + timedelta(days=3)
    )
    past = StrategySession(
        organization_id=org.id, company_id=company.id, held_on=TODAY - timedelta(days=3)
    )
    db.session.add_all([soon, past])
    db.session.commit()
    sessions = section(home(leader_client), "Sessions coming up")
    assert sessions.count("Northwind") == 1
    assert "2–3 quarters out" in sessions
    # A rep sees the sessions they attend.
    assert "No strategy session is planned." in home(rep_client)
    soon.attendees = [SessionAttendee(user_id=rep.id, roles="scribe")]
    db.session.commit()
    assert "Northwind" in section(home(rep_client), "Sessions coming up")


def test_a_changed_verdict_says_from_what_to_what_and_when(
    org: Organization, rep: User, leader_client: FlaskClient
) -> None:
    worse = factories.make_prospect(org, rep, name="Litware Bank")
    factories.make_assessment(worse, rep, ticked=(), days_ago=60)
    factories.make_assessment(worse, rep, ticked=("no_trust", "cynicism"), days_ago=2)
    better = factories.make_prospect(org, rep, name="Contoso")
    factories.make_assessment(better, rep, ticked=(), days_ago=20)
    factories.make_assessment(better, rep, ticked=("no_trust",), days_ago=10)  # seen by 51%
    factories.make_assessment(better, rep, ticked=(), days_ago=5)  # now by 34%
    same = factories.make_prospect(org, rep, name="Steady Co")
    factories.make_assessment(same, rep, ticked=(), days_ago=9)
    factories.make_assessment(same, rep, ticked=(), days_ago=1)
    old = factories.make_prospect(org, rep, name="Long Ago")
    factories.make_assessment(old, rep, ticked=(), days_ago=200)
    factories.make_assessment(old, rep, ticked=("no_trust",), days_ago=45)
    first = factories.make_prospect(org, rep, name="First Look")
    factories.make_assessment(first, rep, ticked=("no_trust",), days_ago=1)
    changes = section(home(leader_client), "Verdicts that changed", "Actions due")
    day = TODAY - timedelta(days=2)
    assert (
        f"Litware Bank Worse from Pursue to Pursue with caution on {day.day} {day:%b %Y}" in changes
    )
    assert "Contoso Better from Pursue with caution to Pursue on" in changes
    assert changes.index("Litware Bank") < changes.index("Contoso")  # worse first
    for unchanged in ("Steady Co", "Long Ago", "First Look"):
        assert unchanged not in changes


def test_a_reps_home_leads_with_their_pipeline_and_actions(
    app: Flask, org: Organization, rep: User, leader: User, rep_client: FlaskClient
) -> None:
    empty = home(rep_client)
    assert "Add your first prospect" in empty
    assert "Campaigns open now" not in empty
    mine = factories.make_prospect(org, rep, name="Mine Bank")
    factories.make_assessment(mine, rep, ticked=("no_trust",))
    factories.make_prospect(org, leader, name="Leaders Deal")  # not shared with the rep
    won = factories.make_prospect(org, rep, name="Won Already")
    rep_client.post(
        f"/prospects/{won.id}/outcome",
        data={"outcome": "won", "closed_on": TODAY.isoformat(), "deal_size": "10"},
    )
    action(mine, "Ask who signs", -1, rep)
    action(mine, "Leader's own", 2, leader)
    text = home(rep_client)
    assert text.index("My pipeline") < text.index("My actions")
    pipeline = section(text, "My pipeline", "Verdicts that changed")
    assert "Mine Bank Walk away" in pipeline
    assert "Leaders Deal" not in pipeline
    assert "Won Already" not in pipeline
    actions = section(text, "My actions", "Sessions coming up")
    assert "Ask who signs Overdue" in actions
    assert "Leader's own" not in actions
    assert "Administration" not in text


def test_an_admin_gets_the_leaders_home_and_shortcuts(admin_client: FlaskClient) -> None:
    text = home(admin_client)
    assert "Administration" in text
    for shortcut in ("Users", "Organisation settings", "Audit log"):
        assert shortcut in section(text, "Administration", "Campaigns open now")
    assert "Welcome: three steps" in text


def test_the_home_page_needs_a_sign_in(client: FlaskClient, leader_client: FlaskClient) -> None:
    assert client.get("/").status_code == 302
    assert "Administration" not in home(leader_client)
    assert login  # the conftest helper signs the fixtures' clients in
    assert Role.LEADER


def test_a_team_scoped_leader_sees_no_company_wide_figure(
    org: Organization, leader: User, rep: User, leader_client: FlaskClient
) -> None:
    if not hasattr(User, "team_scoped"):
        pytest.skip("team-scoped leaders are not in this tree yet")
    company = factories.make_company(org, "Northwind", teams=("Sales",))
    factories.make_campaign(company, "Spring pulse", k=3)
    prospect = factories.make_prospect(org, rep, name="Litware Bank")
    factories.make_assessment(prospect, rep, ticked=(), days_ago=9)
    factories.make_assessment(prospect, rep, ticked=("no_trust",), days_ago=1)
    action(company, "Own action", 1, leader)
    leader.team_scoped = True
    db.session.commit()
    text = home(leader_client)
    assert "Your teams’ campaigns" in text
    assert "Own action" in text
    for hidden in ("Spring pulse", "Response rate", "Litware Bank", "Welcome"):
        assert hidden not in text


def test_a_reps_home_lists_their_ten_worst_deals_and_counts_the_rest(
    org: Organization, rep: User, rep_client: FlaskClient
) -> None:
    worst = factories.make_prospect(org, rep, name="Worst Deal")
    factories.make_assessment(worst, rep, ticked=("no_trust", "cynicism", "no_vision"))
    for n in range(11):
        factories.make_prospect(org, rep, name=f"Deal {n:02}")
    pipeline = section(home(rep_client), "My pipeline", "My actions")
    assert pipeline.index("Worst Deal") < pipeline.index("Deal 00")
    assert pipeline.count("Not assessed yet") == 9
    assert "2 more open deals in the pipeline" in pipeline
