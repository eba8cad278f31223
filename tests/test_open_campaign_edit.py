"""An open campaign's title and closing date can be edited; its instruments, teams, opening
date and k cannot, even from a forged form, and a closing date moved to the past or before the
opening date is refused with a message on the field."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from survey_app.campaigns.open_edit import update_open_campaign
from survey_app.campaigns.services import CampaignError, CampaignInput
from survey_app.editing import EditConflict
from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD
from survey_app.models import Campaign, CampaignStatus
from tests import factories

TODAY = date.today()


@pytest.fixture
def campaign(org) -> Campaign:
    company = factories.make_company(org, "Acme", teams=("Alpha", "Beta", "Gamma"))
    campaign = factories.make_campaign(company, "Spring wave", instruments=(SCORECARD,), k=5)
    campaign.teams = company.teams[:2]
    db.session.commit()
    factories.make_responses(campaign, company.teams[0], 2)
    return campaign


def _stored(campaign_id: int) -> tuple:
    db.session.expire_all()
    c = db.session.get(Campaign, campaign_id)
    return (
        c.title,
        c.closes_on,
        c.opens_on,
        c.min_group_size,
        sorted(ci.instrument_key for ci in c.instruments),
        sorted(t.name for t in c.teams),
        c.status,
    )


def _page_form(page: str) -> dict[str, object]:
    """What the edit page would post if saved as shown: every input's name and value."""
    data: dict[str, object] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data.setdefault(name, [])
        data[name].append(value)  # type: ignore[union-attr]
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}  # type: ignore[index]


def test_the_edit_page_shows_fixed_fields_as_text_and_saves_title_and_closing_date(
    leader_client, campaign
):
    url = f"/campaigns/{campaign.id}/edit"
    detail = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'href="{url}"' in detail
    page = leader_client.get(url).get_data(as_text=True)
    assert "its instruments, teams, opening date and k are fixed" in page
    assert 'type="checkbox"' not in page  # no box to tick: nothing that could change
    assert 'name="min_group_size" value="5"' in page
    data = _page_form(page)
    new_close = TODAY + timedelta(days=40)
    data |= {"title": "Spring wave (extended)", "closes_on": new_close.isoformat()}
    response = leader_client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    title, closes_on, *_rest = _stored(campaign.id)
    assert (title, closes_on) == ("Spring wave (extended)", new_close)


@pytest.mark.parametrize(
    ("field", "forged"),
    [
        ("instruments", [SCORECARD, ENEMIES]),
        ("teams", "all three"),
        ("opens_on", (TODAY - timedelta(days=20)).isoformat()),
        ("min_group_size", "3"),
    ],
)
def test_a_forged_form_cannot_change_what_is_fixed(leader_client, campaign, field, forged):
    url = f"/campaigns/{campaign.id}/edit"
    data = _page_form(leader_client.get(url).get_data(as_text=True))
    if forged == "all three":
        forged = [str(t.id) for t in campaign.company.teams]
    data |= {"title": "Renamed too", field: forged}
    before = _stored(campaign.id)
    response = leader_client.post(url, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "cannot change once a campaign is open" in page
    assert _stored(campaign.id) == before  # not even the title: nothing is saved


def test_the_service_refuses_what_is_fixed_whatever_the_page(campaign):
    fixed = CampaignInput(
        title="Renamed",
        instrument_keys=[SCORECARD],
        team_ids=[t.id for t in campaign.teams],
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        min_group_size=4,
    )
    with pytest.raises(CampaignError) as refused:
        update_open_campaign(campaign, fixed)
    assert set(refused.value.errors) == {"min_group_size"}
    db.session.rollback()
    assert _stored(campaign.id)[3] == 5


@pytest.mark.parametrize(
    ("closes_on", "message"),
    [
        (TODAY - timedelta(days=1), "is in the past: choose today"),
        ("before opening", "must be on or after the opening date"),
    ],
)
def test_a_closing_date_in_the_past_or_before_the_opening_is_refused(
    leader_client, campaign, closes_on, message
):
    if closes_on == "before opening":
        campaign.opens_on = TODAY + timedelta(days=5)
        db.session.commit()
        closes_on = TODAY + timedelta(days=2)
    url = f"/campaigns/{campaign.id}/edit"
    data = _page_form(leader_client.get(url).get_data(as_text=True))
    data |= {"closes_on": closes_on.isoformat()}
    before = _stored(campaign.id)
    page = leader_client.post(url, data=data).get_data(as_text=True)
    assert message in page
    assert 'id="closes_on-error"' in page
    assert _stored(campaign.id) == before


def test_a_closing_date_that_has_passed_can_be_kept_or_removed(leader_client, campaign):
    """The edit page saves what is stored: a passed date left alone is no error."""
    campaign.closes_on = TODAY - timedelta(days=3)
    db.session.commit()
    url = f"/campaigns/{campaign.id}/edit"
    data = _page_form(leader_client.get(url).get_data(as_text=True))
    assert leader_client.post(url, data=data | {"title": "Kept date"}).status_code == 302
    assert _stored(campaign.id)[:2] == ("Kept date", TODAY - timedelta(days=3))
    data = _page_form(leader_client.get(url).get_data(as_text=True))
    assert leader_client.post(url, data=data | {"closes_on": ""}).status_code == 302
    assert _stored(campaign.id)[1] is None


def test_an_edit_loaded_before_a_close_is_refused(leader_client, campaign):
    url = f"/campaigns/{campaign.id}/edit"
    data = _page_form(leader_client.get(url).get_data(as_text=True))
    leader_client.post(f"/campaigns/{campaign.id}/close")
    response = leader_client.post(url, data=data | {"title": "Too late"}, follow_redirects=True)
    assert "A closed campaign cannot be edited" in response.get_data(as_text=True)
    assert _stored(campaign.id)[0] == "Spring wave"
    assert _stored(campaign.id)[-1] == CampaignStatus.CLOSED


def test_an_edit_from_an_older_page_is_a_conflict(campaign):
    data = CampaignInput(
        title="Mine",
        instrument_keys=[SCORECARD],
        team_ids=[t.id for t in campaign.teams],
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        min_group_size=5,
    )
    with pytest.raises(EditConflict):
        update_open_campaign(campaign, data, expected_version=campaign.version - 1 or 99)


def test_an_open_campaigns_reminder_message_can_change_and_leads_its_reminders(
    app, leader_client, campaign, smtp_server
):
    from sqlalchemy import select

    from survey_app.campaigns.mail_jobs import queue_mail
    from survey_app.models import Invitation, MailKind
    from tests.smtp import html_of, text_of

    url = f"/campaigns/{campaign.id}/edit"
    words = "Half of Alpha has answered.\r\n\r\nFive minutes <b>now</b> & thank you."
    data = _page_form(leader_client.get(url).get_data(as_text=True)) | {"reminder_message": words}
    assert leader_client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).reminder_message == words.strip()
    assert "Five minutes &lt;b&gt;now&lt;/b&gt; &amp; thank you." in leader_client.get(
        url
    ).get_data(as_text=True)  # shown again to edit, as text

    invited = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "ann@example.com"}
    )
    assert invited.status_code == 302
    invitation = smtp_server.messages[-1][1]
    assert "Half of Alpha" not in text_of(invitation)  # the invitation is the standard one
    with app.test_request_context():
        ids = list(db.session.scalars(select(Invitation.id)))
        queue_mail(campaign, ids, MailKind.REMINDER, "http://localhost/")
    reminder = smtp_server.messages[-1][1]
    plain = text_of(reminder).replace("\r\n", "\n")
    assert plain.startswith(
        "Hello,\n\nHalf of Alpha has answered.\n\nFive minutes <b>now</b> & thank you.\n\n"
        "This is a reminder about “Spring wave”"
    )
    html = html_of(reminder)
    assert "<p>Five minutes &lt;b&gt;now&lt;/b&gt; &amp; thank you.</p>" in html
    assert "<b>now</b>" not in html
