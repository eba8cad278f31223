"""Deleting a campaign in a real browser: the button opens a page that says what goes, Cancel
keeps everything, and only the confirmation's POST (with its CSRF token) deletes."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from survey_app.extensions import db
from survey_app.models import Campaign, Role
from tests import factories

from .conftest import LiveServer

pytestmark = pytest.mark.browser


def _seed() -> tuple[str, int, int]:
    org = factories.make_org("Deleting Sales")
    leader = factories.make_user(org, Role.LEADER)
    company = factories.make_company(org, "Contoso", teams=("North",))
    campaign = factories.make_campaign(company, "Autumn wave")
    factories.make_responses(campaign, company.teams[0], 2)
    factories.make_invitation(campaign, "waiting@example.com", team=company.teams[0])
    return leader.email, campaign.id, company.id


def _exists(live_server: LiveServer, campaign_id: int) -> bool:
    return live_server.seed(lambda: db.session.get(Campaign, campaign_id) is not None)


def test_deleting_a_campaign_asks_first(live_server: LiveServer, page: Page) -> None:
    email, campaign_id, company_id = live_server.seed(_seed)
    page.goto(live_server(f"/auth/login?next=/campaigns/{campaign_id}"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Autumn wave")

    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the campaign “Autumn wave”?")
    removes = page.locator("#confirm-removes")
    expect(removes).to_contain_text("2 responses and their answers")
    expect(removes).to_contain_text("3 invitations (emails and single-use links)")
    expect(page.locator("#confirm-keeps")).to_contain_text("The company “Contoso”")
    # The confirmation itself (the menu and breadcrumbs are every page's, checked by
    # test_every_page.py).
    results = Axe().run(page, context=".confirm-page")
    blocking = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not blocking, blocking

    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(f"/campaigns/{campaign_id}$"))
    assert _exists(live_server, campaign_id)

    page.get_by_role("link", name="Delete…").click()
    page.get_by_role("button", name="Delete the campaign").click()
    expect(page).to_have_url(re.compile(f"/companies/{company_id}$"))
    expect(page.get_by_role("status").first).to_contain_text(
        "deleted, with 2 responses and 3 invitations"
    )
    assert not _exists(live_server, campaign_id)
