"""Campaign pages: list, create (with its validation), edit while draft, status, detail."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey_app.instruments import latest_versions
from survey_app.models import (
    Campaign,
    CampaignStatus,
    InvitationKind,
    InvitationStatus,
    Response,
)
from tests import factories
from tests.pages import without_bdi

TODAY = date.today()


def _value(page: str, name: str) -> str | None:
    """The value attribute of the input called ``name``."""
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    if not match:
        return None
    value = re.search(r'\bvalue="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def _campaigns(db, org) -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).where(Campaign.organization_id == org.id)))


def _form(company, **overrides):
    data = {
        "company_id": str(company.id),
        "title": "Spring wave",
        "instruments": list(latest_versions()),
        "teams": [str(t.id) for t in company.teams],
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=10)).isoformat(),
        "min_group_size": "5",
    }
    data.update(overrides)
    return data


def test_list_shows_status_counts_and_rate(leader_client, org, other_org):
    company = factories.make_company(org, "Globex")
    campaign = factories.make_campaign(company, title="Spring wave")
    factories.make_invitation(campaign, "a@example.com")
    done = factories.make_invitation(campaign, "b@example.com")
    done.status = InvitationStatus.COMPLETED
    factories.make_campaign(factories.make_company(other_org), title="Their wave")
    from survey_app.extensions import db

    db.session.add(Response(campaign_id=campaign.id, submitted_on=TODAY, nonce="n1"))
    db.session.commit()

    page = leader_client.get("/campaigns/").get_data(as_text=True)
    assert "Spring wave" in page
    assert "Globex" in page
    assert "Their wave" not in page
    assert ">Open</span>" in page
    assert "1 / 2" in page  # stored responses / invitations
    assert "50&nbsp;%" in page


def test_root_is_the_home_page_and_the_campaign_list_its_own_page(leader_client):
    home = leader_client.get("/").get_data(as_text=True)  # the home page (tests/test_home.py)
    assert "Campaigns open now" in home
    assert 'href="/campaigns/"' in home
    response = leader_client.get("/campaigns/")
    assert response.status_code == 200
    assert "No campaigns yet" in response.get_data(as_text=True)


def test_new_campaign_page_preselects_company_and_defaults(leader_client, db, org):
    org.min_group_size = 7
    db.session.commit()
    factories.make_company(org, "Other")
    company = factories.make_company(org, "Globex", teams=("Alpha", "Beta"))

    page = leader_client.get(f"/campaigns/new?company_id={company.id}").get_data(as_text=True)

    assert f'<option selected value="{company.id}">Globex</option>' in page
    assert "Alpha" in page
    assert "Beta" in page
    assert page.count('name="instruments" type="checkbox"') == 2
    assert page.count('checked class="form-check-input" id="instruments-') == 2
    assert _value(page, "min_group_size") == "7"
    assert _value(page, "opens_on") == TODAY.isoformat()


def test_new_campaign_without_companies_points_to_company_creation(leader_client):
    page = leader_client.get("/campaigns/new").get_data(as_text=True)
    assert "Add one first" in page
    assert 'href="/companies/new"' in page


def test_create_campaign_pins_instruments_and_teams(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    alpha = company.teams[0]
    response = leader_client.post(
        "/campaigns/new", data=_form(company, teams=[str(alpha.id)], min_group_size="4")
    )
    assert response.status_code == 302
    (campaign,) = _campaigns(db, org)
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.title == "Spring wave"
    assert campaign.company_id == company.id
    assert campaign.min_group_size == 4
    assert [t.id for t in campaign.teams] == [alpha.id]
    assert campaign.closes_on == TODAY + timedelta(days=10)
    assert {(ci.instrument_key, ci.instrument_version) for ci in campaign.instruments} == {
        (i.key, i.version) for i in latest_versions().values()
    }


def test_create_with_one_instrument(leader_client, db, org):
    company = factories.make_company(org)
    key = next(iter(latest_versions()))
    assert (
        leader_client.post("/campaigns/new", data=_form(company, instruments=[key])).status_code
        == 302
    )
    (campaign,) = _campaigns(db, org)
    assert [ci.instrument_key for ci in campaign.instruments] == [key]


def test_refresh_shows_the_chosen_companys_teams_and_keeps_input(leader_client, db, org):
    first = factories.make_company(org, "First", teams=("Alpha",))
    second = factories.make_company(org, "Second", teams=("Zulu", "Yankee"))
    data = _form(first, title="Keep me", company_id=str(second.id), refresh="1")
    page = leader_client.post("/campaigns/new", data=data).get_data(as_text=True)
    assert "Zulu" in page
    assert "Yankee" in page
    assert "Alpha" not in page
    assert 'value="Keep me"' in page
    assert _campaigns(db, org) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"opens_on": (TODAY + timedelta(days=5)).isoformat(), "closes_on": TODAY.isoformat()},
            "The closing date must be on or after the opening date.",
        ),
        (
            {"closes_on": (TODAY - timedelta(days=1)).isoformat()},
            "The closing date is in the past.",
        ),
        ({"closes_on": "31/02/2025"}, "Not a valid date value."),
        ({"min_group_size": "2"}, "Enter a number from 3 to 10."),
        ({"min_group_size": "11"}, "Enter a number from 3 to 10."),
        ({"min_group_size": "abc"}, "Enter a number from 3 to 10."),
        ({"instruments": []}, "Choose at least one instrument."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_create_with_bad_input_keeps_input(leader_client, db, org, overrides, message):
    company = factories.make_company(org)
    data = _form(company, **{"title": "My wave", **overrides})
    response = leader_client.post("/campaigns/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "Please correct the highlighted fields." in page
    if data["title"]:
        assert _value(page, "title") == "My wave"
    for key in ("closes_on", "min_group_size"):
        assert _value(page, key) == data[key]
    assert _campaigns(db, org) == []


def test_create_for_another_orgs_company_is_refused(leader_client, db, org, other_org):
    factories.make_company(org)
    foreign = factories.make_company(other_org)
    assert leader_client.get(f"/campaigns/new?company_id={foreign.id}").status_code == 404
    page = leader_client.post("/campaigns/new", data=_form(foreign)).get_data(as_text=True)
    assert "Choose one of your companies." in page
    assert _campaigns(db, org) == []
    assert _campaigns(db, other_org) == []


def test_create_with_another_companys_team_is_refused(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha",))
    other = factories.make_company(org, teams=("Beta",))
    data = _form(company, teams=[str(other.teams[0].id)])
    page = leader_client.post("/campaigns/new", data=data).get_data(as_text=True)
    assert "Choose teams of this company only." in page
    assert _campaigns(db, org) == []


def test_edit_draft(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    campaign = factories.make_campaign(company, title="Old", status=CampaignStatus.DRAFT)
    page = leader_client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert 'value="Old"' in page
    data = _form(company, title="New title", teams=[str(company.teams[1].id)], min_group_size="8")
    del data["company_id"]
    assert leader_client.post(f"/campaigns/{campaign.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert campaign.title == "New title"
    assert campaign.min_group_size == 8
    assert [t.name for t in campaign.teams] == ["Beta"]


def test_edit_bad_dates_keeps_input(leader_client, db, org):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, title="Old", status=CampaignStatus.DRAFT)
    data = _form(company, title="Changed", closes_on=(TODAY - timedelta(days=3)).isoformat())
    page = leader_client.post(f"/campaigns/{campaign.id}/edit", data=data).get_data(as_text=True)
    assert "The closing date is in the past." in page
    assert 'value="Changed"' in page
    db.session.expire_all()
    assert campaign.title == "Old"


def test_edit_cannot_drop_a_team_that_has_invitations(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha", "Beta"))
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    factories.make_invitation(campaign, "a@example.com", team=company.teams[0])
    data = _form(company, teams=[str(company.teams[1].id)])
    page = leader_client.post(f"/campaigns/{campaign.id}/edit", data=data).get_data(as_text=True)
    assert "“Alpha” already has 1 invitation;" in without_bdi(page)
    db.session.expire_all()
    assert len(campaign.teams) == 2


def test_closed_campaign_cannot_be_edited(leader_client, org):
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.CLOSED)
    response = leader_client.get(f"/campaigns/{campaign.id}/edit")
    assert response.status_code == 302
    page = leader_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A closed campaign cannot be edited: reopen it" in page


def test_open_close_reopen(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.DRAFT)
    url = f"/campaigns/{campaign.id}"

    page = leader_client.get(url).get_data(as_text=True)
    assert f'action="{url}/open"' in page
    assert leader_client.post(f"{url}/open").status_code == 302
    db.session.expire_all()
    assert campaign.status == CampaignStatus.OPEN

    # Opening twice is refused with a message, not an error page.
    response = leader_client.post(f"{url}/open", follow_redirects=True)
    assert "Only a draft campaign can be opened." in response.get_data(as_text=True)

    # Closing asks first: the detail page links to the confirmation, which posts.
    assert f'href="{url}/close"' in leader_client.get(url).get_data(as_text=True)
    leader_client.post(f"{url}/close")
    db.session.expire_all()
    assert campaign.status == CampaignStatus.CLOSED

    assert f'action="{url}/reopen"' in leader_client.get(url).get_data(as_text=True)
    leader_client.post(f"{url}/reopen", data={"closes_on": ""})
    db.session.expire_all()
    assert campaign.status == CampaignStatus.OPEN


def test_reopen_after_closing_date_needs_a_new_date(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.CLOSED)
    campaign.closes_on = TODAY - timedelta(days=2)
    db.session.commit()
    url = f"/campaigns/{campaign.id}/reopen"

    page = leader_client.post(url, data={}, follow_redirects=True).get_data(as_text=True)
    assert "choose a new closing date to reopen" in page
    db.session.expire_all()
    assert campaign.status == CampaignStatus.CLOSED

    new_date = TODAY + timedelta(days=7)
    leader_client.post(url, data={"closes_on": new_date.isoformat()})
    db.session.expire_all()
    assert campaign.status == CampaignStatus.OPEN
    assert campaign.closes_on == new_date


def test_open_with_past_closing_date_is_refused(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org), status=CampaignStatus.DRAFT)
    campaign.closes_on = TODAY - timedelta(days=1)
    db.session.commit()
    page = leader_client.post(f"/campaigns/{campaign.id}/open", follow_redirects=True)
    assert "The closing date has passed." in page.get_data(as_text=True)
    db.session.expire_all()
    assert campaign.status == CampaignStatus.DRAFT


def test_detail_lists_invitations_and_rates(leader_client, db, org):
    company = factories.make_company(org, teams=("Alpha",))
    campaign = factories.make_campaign(company)
    alpha = company.teams[0]
    factories.make_invitation(campaign, "ann@example.com", team=alpha)
    link = factories.make_invitation(campaign, kind=InvitationKind.LINK)
    link.status = InvitationStatus.STARTED
    opened = factories.make_invitation(campaign, kind=InvitationKind.OPEN)
    opened.status = InvitationStatus.COMPLETED
    done = factories.make_invitation(campaign, "bob@example.com")
    done.status = InvitationStatus.COMPLETED
    for n in range(3):  # responses are counted from the Response table
        db.session.add(Response(campaign_id=campaign.id, submitted_on=TODAY, nonce=f"n{n}"))
    db.session.commit()

    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)

    assert "ann@example.com" in page
    assert "Alpha" in page
    assert "anonymous link" in page
    assert "open link" in page
    # Counts only: no invitation carries its status on the page.
    for status in ("started", "pending", "completed"):
        assert f">{status}</span>" not in page
    assert "no page or download shows who has answered" in page
    assert "50&nbsp;%" in page  # 2 completed of 4 invitations
    assert "(2 completed / 4 invitations)" in page
    assert (
        '<div class="fs-4 fw-semibold">3</div><div class="small text-muted">Stored responses'
        in page
    )

    # The old per-status filter is gone: the parameter changes nothing.
    filtered = leader_client.get(f"/campaigns/{campaign.id}?status=completed").get_data(
        as_text=True
    )
    assert "bob@example.com" in filtered
    assert "ann@example.com" in filtered


def test_detail_paginates_long_lists(leader_client, db, org):
    campaign = factories.make_campaign(factories.make_company(org))
    from survey_app.models import Invitation

    db.session.add_all(
        Invitation(campaign=campaign, kind=InvitationKind.EMAIL, email=f"p{n:03}@example.com")
        for n in range(60)
    )
    db.session.commit()
    first = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "p059@example.com" in first
    assert "p000@example.com" not in first
    assert "Invitations (60)" in first
    second = leader_client.get(f"/campaigns/{campaign.id}?page=2").get_data(as_text=True)
    assert "p000@example.com" in second
    assert leader_client.get(f"/campaigns/{campaign.id}?page=99").status_code == 200
