"""Comments in a real browser: hidden below the campaign's comment threshold, shown once it is
met; searched, tagged and hidden by a leader with the keyboard-friendly controls; axe clean."""

from __future__ import annotations

import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from survey_app.campaigns.services import close_campaign
from survey_app.extensions import db
from survey_app.models import Campaign, Role
from survey_app.surveys.submission import submit_response
from tests import factories

from .conftest import LiveServer, PageFactory
from .demo_data import sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser
SCORECARD = "teamwork_scorecard"


def _answer(campaign_id: int, text: str) -> None:
    campaign = db.session.get(Campaign, campaign_id)
    team = campaign.teams[0]
    invitation = factories.make_invitation(campaign, team=team)
    answers = factories.complete_answers(campaign)
    submit_response(
        invitation.id, answers, team.id, secrets.token_hex(8), comments={SCORECARD: text}
    )


def test_a_comment_is_hidden_below_the_threshold_and_shown_once_it_is_met(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    def seed() -> tuple[int, str]:
        org = factories.make_org("Comment Co")
        leader = factories.make_user(org, Role.LEADER, email="lead@comments.example")
        campaign = factories.make_campaign(factories.make_company(org), "Pulse", k=3)
        for pinned in campaign.instruments:
            if pinned.instrument_key == SCORECARD:
                pinned.comment_prompt = "What one thing would make teamwork better here?"
        campaign.comment_threshold = 4
        db.session.commit()
        return campaign.id, leader.email

    campaign_id, email = live_server.seed(seed)
    for text in ("More time for <b>account</b> planning", "Credit splits agreed early", "x"):
        live_server.seed(lambda text=text: _answer(campaign_id, text))
    page = new_page()
    sign_in(page, live_server, email, factories.PASSWORD)
    page.goto(live_server(f"/campaigns/{campaign_id}/comments"))
    expect(page.locator("#comments-not-shown")).to_contain_text(
        "Comments are shown once at least 4 people have answered"
    )
    expect(page.get_by_text("Credit splits agreed early")).to_have_count(0)
    assert_accessible(Axe(), page)

    live_server.seed(lambda: _answer(campaign_id, "A fourth voice"))
    live_server.seed(lambda: close_campaign(db.session.get(Campaign, campaign_id)))
    page.reload()
    expect(page.locator("#comments-title")).to_have_text("4 comments")
    expect(page.get_by_text("More time for <b>account</b> planning")).to_be_visible()  # as typed
    page.get_by_role("searchbox", name="Search").fill("credit")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.locator("#comments-title")).to_have_text("1 comment found")
    card = page.locator("article.comment")
    card.get_by_text("Tag by practice or enemy").click()
    card.get_by_label("Split credits are settled up-front and support our strategy.").check()
    card.get_by_role("button", name="Save tags").click()
    expect(page.get_by_text("Tags saved.")).to_be_visible()
    page.locator("article.comment").get_by_role("button", name="Hide").click()
    expect(page.get_by_text("it stays in the record")).to_be_visible()
    expect(page.locator("#hidden-comments")).to_contain_text("1 hidden comment")
    assert_accessible(Axe(), page)
