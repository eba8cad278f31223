"""Who may use the leader pages: reps get 403, another organisation's ids are 404."""

from __future__ import annotations

import pytest

from survey_app.models import CampaignStatus
from tests import factories

# (method, path template); {company}, {campaign} and {team} are filled in by the test.
ID_ROUTES = [
    ("GET", "/companies/{company}"),
    ("GET", "/companies/{company}/edit"),
    ("POST", "/companies/{company}/edit"),
    ("GET", "/campaigns/new?company_id={company}"),
    ("GET", "/campaigns/{campaign}"),
    ("GET", "/campaigns/{campaign}/edit"),
    ("POST", "/campaigns/{campaign}/edit"),
    ("POST", "/campaigns/{campaign}/open"),
    ("POST", "/campaigns/{campaign}/close"),
    ("POST", "/campaigns/{campaign}/reopen"),
    ("GET", "/campaigns/{campaign}/invite"),
    ("POST", "/campaigns/{campaign}/invite/emails"),
    ("POST", "/campaigns/{campaign}/invite/csv"),
    ("POST", "/campaigns/{campaign}/invite/links"),
    ("POST", "/campaigns/{campaign}/invite/send"),
    ("POST", "/campaigns/{campaign}/open-link"),
    ("GET", "/campaigns/{campaign}/links"),
    ("POST", "/campaigns/{campaign}/links/resend"),
]
PLAIN_ROUTES = [
    ("GET", "/companies/"),
    ("GET", "/companies/new"),
    ("POST", "/companies/new"),
    ("GET", "/campaigns/"),
    ("GET", "/campaigns/new"),
    ("POST", "/campaigns/new"),
]


def _fill(path: str, company, campaign) -> str:
    return path.format(company=company.id, campaign=campaign.id, team=company.teams[0].id)


@pytest.fixture
def foreign(other_org):
    company = factories.make_company(other_org, "Their company", teams=("Theirs",))
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    factories.make_invitation(campaign, "them@example.com", team=company.teams[0])
    return company, campaign


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_another_organisations_ids_are_404(leader_client, db, foreign, method, path):
    company, campaign = foreign
    url = _fill(path, company, campaign)
    data = {
        "name": "Hacked",
        "kind": "own",
        "emails-emails": "x@example.com",
        "links-count": "5",
        "open-cap": "3",
        "title": "Hacked",
    }
    response = leader_client.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == 404
    db.session.expire_all()
    assert company.name == "Their company"
    assert campaign.title != "Hacked"
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.open_link_token is None
    assert len(campaign.invitations) == 1


def test_missing_ids_are_404(leader_client):
    assert leader_client.get("/companies/999999").status_code == 404
    assert leader_client.get("/campaigns/999999").status_code == 404


@pytest.mark.parametrize(("method", "path"), ID_ROUTES + PLAIN_ROUTES)
def test_reps_get_403(rep_client, org, method, path):
    company = factories.make_company(org, teams=("Alpha",))
    campaign = factories.make_campaign(company)
    response = rep_client.open(_fill(path, company, campaign), method=method)
    assert response.status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/campaigns/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_rep_sees_no_leader_menu(rep_client):
    rep_page = rep_client.get("/campaigns/").get_data(as_text=True)
    assert 'href="/campaigns/"' not in rep_page
    assert 'href="/companies/"' not in rep_page


def test_leader_sees_the_leader_menu(leader_client):
    leader_page = leader_client.get("/campaigns/").get_data(as_text=True)
    assert 'href="/campaigns/"' in leader_page
    assert 'href="/companies/"' in leader_page
