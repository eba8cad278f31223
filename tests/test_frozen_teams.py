"""Data that changes only when a user means it: teams frozen once a campaign opens, the real
closing date of an early close, and open-link visitors who never submit."""

from __future__ import annotations

import re
from datetime import date

from survey_app.campaigns.services import close_campaign, open_campaign
from survey_app.campaigns.stats import campaign_stats
from survey_app.extensions import db
from survey_app.models import CampaignStatus, Invitation, InvitationKind, InvitationStatus
from survey_app.results.campaign import campaign_results

from . import factories
from .test_surveys import open_link


def _rename_and_remove(leader_client, company, rename: dict[int, str], remove: set[int]):
    data = factories.company_edit_form(company, remove=remove)
    for n, team in enumerate(company.active_teams):
        if team.id in rename:
            data[f"existing-{n}-name"] = rename[team.id]
    response = leader_client.post(f"/companies/{company.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()


def test_editing_a_team_of_an_open_campaign_changes_nothing_it_shows(app, org, leader_client):
    company = factories.make_company(org, "Frozen Co", teams=("Sales", "Support", "Tiny"))
    draft = factories.make_campaign(company, k=3, status=CampaignStatus.DRAFT)
    open_campaign(draft)  # opened the way a leader opens it: names frozen here
    past = factories.make_campaign(company, k=3)
    sales, support, tiny = draft.teams
    for campaign in (draft, past):
        factories.make_responses(campaign, sales, 3)
        factories.make_responses(campaign, support, 3)
    close_campaign(past)
    invitation = factories.make_invitation(draft)  # no team: the respondent picks one
    token = str(invitation.token)

    def shown(campaign) -> dict:
        db.session.expire_all()
        results = campaign_results(campaign)
        return {
            "labels": [t.label for t in results.teams],
            "dashboard": re.findall(
                r"Sales|Support|Tiny|Closers|Helpdesk",
                leader_client.get(f"/campaigns/{campaign.id}/dashboard").get_data(as_text=True),
            ),
            "progress": re.findall(
                r"Sales|Support|Tiny|Closers|Helpdesk",
                leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True),
            ),
        }

    def survey_teams() -> list[str]:
        respondent = app.test_client()
        open_link(respondent, token)
        page = respondent.get("/survey/answers").get_data(as_text=True)
        section = page.split('id="q-team"')[1].split("</fieldset>")[0]
        return re.findall(r'class="option-tile"[^>]*>.*?<span>([^<]+)</span>', section)

    before = {c.id: shown(c) for c in (draft, past)}
    survey_before = survey_teams()
    assert survey_before == ["Sales", "Support", "Tiny"]

    _rename_and_remove(
        leader_client, company, {sales.id: "Closers", support.id: "Helpdesk"}, {tiny.id}
    )

    after = {c.id: shown(c) for c in (draft, past)}
    for campaign_id, seen in before.items():
        for where, names in seen.items():
            assert after[campaign_id][where] == names, (campaign_id, where, names)
    assert survey_teams() == survey_before
    assert [t.name for t in company.active_teams] == ["Closers", "Helpdesk"]
    # A new campaign runs with the company's teams of today.
    new = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    assert set(new.team_labels.values()) == {"Closers", "Helpdesk"}


def test_an_early_close_records_and_says_its_real_date(app, org, leader_client):
    company = factories.make_company(org, "Early Co", teams=())
    campaign = factories.make_campaign(company, with_teams=False)
    planned = campaign.closes_on
    assert planned > date.today()
    token = str(factories.make_invitation(campaign).token)

    close_campaign(campaign)
    assert campaign.closed_on == date.today()
    respondent = app.test_client()
    page = respondent.get(f"/s/{token}", follow_redirects=True).get_data(as_text=True)
    assert f"It closed on {date.today().strftime('%-d %b %Y')}." in page
    assert planned.strftime("%-d %b %Y") not in page
    header = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert planned.strftime("%-d %b %Y") in header  # the planned date ...
    assert f"closed on {date.today().strftime('%-d %b %Y')}" in header  # ... and the actual one


def test_open_link_visitors_who_never_submit_are_not_invitations(org, leader_client):
    company = factories.make_company(org, "Open Co", teams=())
    campaign = factories.make_campaign(company, with_teams=False, open_link="open-" + "x" * 20)
    factories.make_invitation(campaign)  # one personal invitation, not answered
    for _ in range(3):  # three visitors started through the open link and left
        factories.make_invitation(campaign, kind=InvitationKind.OPEN)
    finished = factories.make_invitation(campaign, kind=InvitationKind.OPEN)
    db.session.get(Invitation, finished.id).status = InvitationStatus.COMPLETED
    db.session.commit()

    stats = campaign_stats(campaign)
    assert (stats.invitations, stats.completed, stats.open_unfinished) == (2, 1, 3)
    assert stats.response_rate == 0.5
    assert campaign_results(campaign).invitations == 2
    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Open link: 3 started, not finished." in page
