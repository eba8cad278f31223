"""The respondent's survey through the Flask test client, on a real database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import (
    Answer,
    CampaignStatus,
    Draft,
    Invitation,
    InvitationKind,
    InvitationStatus,
    Response,
)
from survey_app.surveys import submission
from survey_app.surveys.services import SurveyUnavailable

from . import factories

IMPORTANCE = "recognized_rewarded__importance"
EXECUTION = "recognized_rewarded__execution"
ENEMY = "no_trust__present"


@pytest.fixture
def company(org):
    return factories.make_company(org, name="Acme Sales")


@pytest.fixture
def campaign(company):
    return factories.make_campaign(company, title="Spring wave", k=7)


@pytest.fixture
def invitation(campaign):
    return factories.make_invitation(campaign, email="pat@example.com")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_data(answers: dict[str, int], team_id: int | None = None, **extra: str) -> dict:
    """What a browser posts for these answers: unticked boxes are simply absent."""
    data = {name: str(v) for name, v in answers.items() if not name.endswith("__present")}
    data.update({name: "y" for name, v in answers.items() if name.endswith("__present") and v})
    if team_id is not None:
        data["team"] = str(team_id)
    data.setdefault("action", "submit")
    data.update(extra)
    return data


def open_link(client, token: str):
    response = client.get(f"/s/{token}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def text(html: str) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def nonce_of(html: str) -> str:
    match = re.search(r'name="nonce"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="nonce"', html
    )
    assert match, "the form has no nonce"
    return match.group(1)


def test_link_swaps_token_for_session_and_leaves_the_url(client, invitation):
    response = open_link(client, invitation.token)
    assert response.location.endswith("/survey")
    assert invitation.token not in response.location
    page = client.get(response.location)
    assert page.status_code == 200
    assert invitation.token not in page.get_data(as_text=True)
    with client.session_transaction() as session:
        assert session["survey_invitation"] == invitation.id
        assert invitation.token not in str(dict(session))


def test_opening_the_link_and_the_form_changes_nothing(client, invitation, campaign):
    open_link(client, invitation.token)
    assert client.get("/survey").status_code == 200
    assert client.get("/survey/answers").status_code == 200
    db.session.expire_all()
    assert invitation.status == InvitationStatus.PENDING
    assert count(Draft) == 0
    assert count(Invitation) == 1


@pytest.mark.parametrize(
    ("setup", "status", "text"),
    [
        ("unknown", 404, "We could not find this survey"),
        ("not_open", 200, "This survey is not open yet"),
        ("closed", 410, "This survey has closed"),
        ("full", 410, "has all the answers it needs"),
        # Someone else's copy of an answered link: the same page as a started one's.
        ("already_submitted", 410, "This link has been used: the person it was sent to has"),
    ],
)
def test_friendly_pages_when_the_link_cannot_be_used(client, company, setup, status, text):
    campaign = factories.make_campaign(company, open_link="open-link-token", open_link_cap=1)
    invitation = factories.make_invitation(campaign)
    token = invitation.token
    if setup == "unknown":
        token = "no-such-token"
    elif setup == "not_open":
        campaign.status = CampaignStatus.DRAFT
    elif setup == "closed":
        campaign.status = CampaignStatus.CLOSED
    elif setup == "full":
        factories.make_invitation(
            campaign, kind=InvitationKind.OPEN
        ).status = InvitationStatus.COMPLETED
        token = "open-link-token"
    elif setup == "already_submitted":
        invitation.status = InvitationStatus.COMPLETED
    db.session.commit()

    response = client.get(f"/s/{token}")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert text in html
    assert 'class="navbar' not in html  # the staff navigation is not shown to respondents


def test_survey_pages_without_a_link_say_how_to_get_in(client):
    response = client.get("/survey/answers")
    assert response.status_code == 200
    assert "Please open the survey from your link" in response.get_data(as_text=True)


def test_intro_explains_what_is_and_is_not_confidential(client, invitation):
    open_link(client, invitation.token)
    html = client.get("/survey").get_data(as_text=True)
    assert "combined over at least 7 people" in html
    assert "IP address" in html
    assert "date only" in html
    assert "not linked" in html
    assert "whether it has been answered" in html
    assert "never who" in html
    assert 'href="/survey/answers"' in html


def test_form_is_built_from_the_instrument_definitions(client, invitation, campaign):
    open_link(client, invitation.token)
    html = client.get("/survey/answers").get_data(as_text=True)
    for instrument in campaign.pinned_instruments():
        for item in instrument.items:
            assert item.text.replace("'", "&#39;") in html
        for category in instrument.categories:
            assert category.title in html
    assert "We do this consistently" in html
    assert html.count('type="checkbox"') == 20
    assert html.count(f'name="{IMPORTANCE}"') == 10
    assert "0 of 19 questions answered" in text(html)  # 9 x 2 ratings + the team
    assert len(nonce_of(html)) >= 16


def test_missing_answers_are_flagged_and_given_answers_kept(client, invitation, campaign):
    open_link(client, invitation.token)
    answers = factories.complete_answers(campaign)
    answers.pop(EXECUTION)
    answers[ENEMY] = 1
    answers[IMPORTANCE] = 4
    team = campaign.teams[0]
    response = client.post("/survey/answers", data=form_data(answers, team.id))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert f'href="#{EXECUTION}-0"' in html  # the summary links to the question
    assert f'id="{EXECUTION}-error"' in html  # and the error sits next to it
    assert "1 question still needs an answer" in html
    assert re.search(rf'id="{IMPORTANCE}-3"[^>]*checked|checked[^>]*id="{IMPORTANCE}-3"', html)
    assert re.search(rf'checked[^>]*id="{ENEMY}"|id="{ENEMY}"[^>]*checked', html)
    assert f'id="team-0" name="team" type="radio" value="{team.id}" checked' in html or re.search(
        rf'checked[^>]*value="{team.id}"', html
    )
    assert "18 of 19 questions answered" in text(html)
    assert count(Response) == 0
    # What was given survives closing the tab: it is kept as a draft.
    assert db.session.get(Draft, invitation.id).answers[IMPORTANCE] == "4"


def test_save_and_resume_replays_the_draft(client, app, invitation, campaign):
    handed_out = invitation.token
    open_link(client, handed_out)
    saved = client.post(
        "/survey/answers",
        data={"action": "save", IMPORTANCE: "9", ENEMY: "y", "csrf_token": "x", "nonce": "n"},
    )
    # The first save is the link's first use: the browser gets a private link of its own.
    assert saved.status_code == 302
    private = re.fullmatch(r"(?:http://localhost)?/s/([A-Za-z0-9_-]+)", saved.location)
    assert private, saved.location
    assert private.group(1) != handed_out
    page = client.get(saved.location).get_data(as_text=True)
    assert "This is now your own private link" in page
    assert f'value="http://localhost/s/{private.group(1)}"' in page
    resaved = client.post("/survey/answers", data={"action": "save", IMPORTANCE: "9", ENEMY: "y"})
    assert resaved.location.endswith("/survey/saved")
    assert "your private link" in client.get(resaved.location).get_data(as_text=True)
    draft = db.session.get(Draft, invitation.id)
    assert draft.answers == {IMPORTANCE: "9", ENEMY: "y"}
    assert count(Response) == 0

    other_device = app.test_client()
    open_link(other_device, private.group(1))
    intro = other_device.get("/survey").get_data(as_text=True)
    assert "Continue where you left off" in intro
    assert "1 of 19 questions answered so far" in intro
    html = other_device.get("/survey/answers").get_data(as_text=True)
    assert re.search(rf'checked[^>]*id="{IMPORTANCE}-8"|id="{IMPORTANCE}-8"[^>]*checked', html)
    assert re.search(rf'checked[^>]*id="{ENEMY}"|id="{ENEMY}"[^>]*checked', html)
    assert "1 of 19 questions answered" in text(html)


def test_submission_stores_one_response_and_closes_the_invitation(client, invitation, campaign):
    open_link(client, invitation.token)
    client.post("/survey/answers", data={"action": "save", IMPORTANCE: "2"})
    nonce = nonce_of(client.get("/survey/answers").get_data(as_text=True))
    answers = factories.complete_answers(campaign, importance=6, execution=2)
    answers[ENEMY] = 1
    team = campaign.teams[1]

    response = client.post("/survey/answers", data=form_data(answers, team.id, nonce=nonce))

    assert response.status_code == 302
    assert response.location.endswith("/survey/thanks")
    stored = db.session.scalars(select(Response)).one()
    assert stored.team_id == team.id
    assert stored.nonce == nonce
    values = {(a.item_key, a.dimension): a.value for a in stored.answers}
    assert len(values) == 9 * 2 + 20
    assert values[("recognized_rewarded", "importance")] == 6
    assert values[("recognized_rewarded", "execution")] == 2
    assert values[("no_trust", "present")] == 1
    assert values[("cynicism", "present")] == 0
    db.session.expire_all()
    assert invitation.status == InvitationStatus.COMPLETED
    assert count(Draft) == 0
    with client.session_transaction() as session:
        assert "survey_invitation" not in session
    thanks = client.get("/survey/thanks").get_data(as_text=True)
    assert "your answers have been received" in thanks
    assert "at least 7 people" in thanks


def test_a_second_submission_is_refused(client, invitation, campaign):
    open_link(client, invitation.token)
    data = form_data(factories.complete_answers(campaign), campaign.teams[0].id)
    assert client.post("/survey/answers", data=data).status_code == 302

    again = client.post("/survey/answers", data=data)  # the back button and submit again
    assert "We have already received your answers" in again.get_data(as_text=True)
    reopened = client.get(f"/s/{invitation.token}")
    assert reopened.status_code == 200
    assert "We have already received your answers" in reopened.get_data(as_text=True)
    assert count(Response) == 1


def test_a_retried_post_from_a_second_tab_stores_one_response(client, app, invitation, campaign):
    second_tab = app.test_client()
    open_link(client, invitation.token)
    open_link(second_tab, invitation.token)
    data = form_data(factories.complete_answers(campaign), campaign.teams[0].id, nonce="n" * 32)
    assert client.post("/survey/answers", data=data).status_code == 302
    again = second_tab.post("/survey/answers", data=data)
    assert "We have already received your answers" in again.get_data(as_text=True)
    assert count(Response) == 1


def test_the_same_nonce_never_stores_two_responses(campaign):
    first = factories.make_invitation(campaign)
    second = factories.make_invitation(campaign)
    answers = factories.complete_answers(campaign)
    team_id = campaign.teams[0].id
    submission.submit_response(first.id, answers, team_id, "same-nonce-123456")
    with pytest.raises(SurveyUnavailable) as raised:
        submission.submit_response(second.id, answers, team_id, "same-nonce-123456")
    assert raised.value.reason == "already_submitted"
    assert count(Response) == 1
    assert count(Answer) == 38


def test_open_link_starts_by_post_and_respects_the_cap(client, app, company):
    campaign = factories.make_campaign(
        company, open_link="team-open-link", open_link_cap=1, with_teams=False
    )
    open_link(client, "team-open-link")
    intro = client.get("/survey").get_data(as_text=True)
    assert 'action="/survey/start"' in intro
    assert "shared link" in intro
    assert client.get("/survey/start").status_code == 405
    assert client.get("/survey/answers").location.endswith("/survey")  # Start first
    assert count(Invitation) == 0  # no GET made anything

    started = client.post("/survey/start")
    assert started.location.endswith("/survey/answers")
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.kind == InvitationKind.OPEN
    form = client.get("/survey/answers").get_data(as_text=True)
    assert 'name="team"' not in form  # the campaign has no teams
    done = client.post("/survey/answers", data=form_data(factories.complete_answers(campaign)))
    assert done.location.endswith("/survey/thanks")

    latecomer = app.test_client()
    full = latecomer.get("/s/team-open-link")
    assert full.status_code == 410
    assert "has all the answers it needs" in full.get_data(as_text=True)


def test_open_link_resumes_the_draft_in_the_same_browser(client, company):
    factories.make_campaign(company, open_link="shared-link-abc")
    open_link(client, "shared-link-abc")
    client.post("/survey/start")
    client.post("/survey/answers", data={"action": "save", IMPORTANCE: "3"})

    open_link(client, "shared-link-abc")
    assert "Continue where you left off" in client.get("/survey").get_data(as_text=True)
    html = client.get("/survey/answers").get_data(as_text=True)
    assert re.search(rf'checked[^>]*id="{IMPORTANCE}-2"|id="{IMPORTANCE}-2"[^>]*checked', html)
    assert count(Invitation) == 1


def test_team_is_required_when_the_invitation_does_not_fix_it(client, invitation, campaign):
    open_link(client, invitation.token)
    response = client.post("/survey/answers", data=form_data(factories.complete_answers(campaign)))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Please choose your team." in html
    assert 'href="#team-0"' in html
    assert count(Response) == 0


def test_a_team_from_another_company_is_refused(client, invitation, campaign, org):
    stranger = factories.make_company(org, teams=("Elsewhere",)).teams[0]
    open_link(client, invitation.token)
    data = form_data(factories.complete_answers(campaign), stranger.id)
    html = client.post("/survey/answers", data=data).get_data(as_text=True)
    assert "Please choose your team." in html
    assert count(Response) == 0


def test_an_invitation_with_a_fixed_team_stores_that_team(client, campaign):
    support = next(t for t in campaign.teams if t.name == "Support")
    invitation = factories.make_invitation(campaign, team=support)
    open_link(client, invitation.token)
    intro = client.get("/survey").get_data(as_text=True)
    assert "Support" in intro
    form = client.get("/survey/answers").get_data(as_text=True)
    assert 'name="team"' not in form
    assert "0 of 18 questions answered" in text(form)
    sales = next(t for t in campaign.teams if t.name == "Sales")
    data = form_data(factories.complete_answers(campaign), sales.id)  # ignored
    assert client.post("/survey/answers", data=data).status_code == 302
    assert db.session.scalars(select(Response)).one().team_id == support.id


def test_out_of_range_answers_are_refused(client, invitation, campaign):
    open_link(client, invitation.token)
    answers = factories.complete_answers(campaign)
    answers[IMPORTANCE] = 11
    html = client.post("/survey/answers", data=form_data(answers, campaign.teams[0].id))
    assert "Please choose a number from 1 to 10." in html.get_data(as_text=True)
    assert count(Response) == 0


def test_csrf_failure_gets_a_friendly_page(app, client, invitation, campaign):
    app.config["WTF_CSRF_ENABLED"] = True
    open_link(client, invitation.token)
    response = client.post("/survey/answers", data={"action": "save", IMPORTANCE: "3"})
    assert response.status_code == 400
    assert "This page has expired" in response.get_data(as_text=True)
    assert count(Draft) == 0


def test_many_teams_become_a_labelled_drop_down(client, org):
    company = factories.make_company(org, teams=tuple(f"Team {n}" for n in range(1, 10)))
    campaign = factories.make_campaign(company)
    invitation = factories.make_invitation(campaign)
    open_link(client, invitation.token)
    html = client.get("/survey/answers").get_data(as_text=True)
    assert '<label for="team"' in html
    assert re.search(r'<select[^>]*name="team"', html)
    team = campaign.teams[8]
    data = form_data(factories.complete_answers(campaign), team.id)
    assert client.post("/survey/answers", data=data).status_code == 302
    assert db.session.scalars(select(Response)).one().team_id == team.id


def test_the_error_summary_names_each_practice_once(client, invitation, campaign):
    open_link(client, invitation.token)
    answers = factories.complete_answers(campaign)
    del answers[IMPORTANCE], answers[EXECUTION]
    html = client.post("/survey/answers", data=form_data(answers)).get_data(as_text=True)
    summary = text(
        html[html.index('id="error-summary"') : html.index('id="survey-progress"')]
    ).replace(" :", ":")
    assert "3 questions still need an answer" in summary
    assert "Your team: Please choose your team." in summary
    assert (
        "Individuals are recognized and rewarded for their sales teamwork.: "
        "answer importance and execution" in summary
    )
