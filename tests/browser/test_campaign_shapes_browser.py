"""The dashboard of every campaign shape in headless Chromium: what is drawn, what is said, and
nothing empty. Screenshots go to $DASHBOARD_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from survey_app.models import Role
from tests import factories
from tests.shapes import shaped_campaign

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS")


@pytest.fixture(scope="module")
def shapes(live_server: LiveServer) -> dict[str, object]:
    def seed() -> dict[str, object]:
        org = factories.make_org("Shapes Org")
        leader = factories.make_user(org, Role.LEADER, email="shapes-leader@example.com")
        ids = {"email": leader.email}
        for shape in ("scorecard-only", "enemies-only", "both"):
            company = factories.make_company(org, name=f"{shape} Co", teams=("North", "South"))
            ids[shape] = shaped_campaign(company, shape).id
        small = factories.make_company(org, name="Small teams Co", teams=("A", "B", "C"))
        ids["hidden"] = shaped_campaign(small, "both", per_team=(2, 2, 2)).id
        return ids

    return live_server.seed(seed)


def _dashboard(new_page: PageFactory, live_server: LiveServer, shapes, name: str) -> Page:
    page = new_page(viewport=DESKTOP)
    page.set_default_timeout(30_000)
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill(shapes["email"])
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
    page.goto(live_server(f"/campaigns/{shapes[name]}/dashboard"))
    expect(page.locator("h1")).to_be_visible()
    return page


def _drawn(page: Page, names: tuple[str, ...]) -> None:
    for name in names:
        chart = page.locator(f"#chart-{name}")
        expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=30_000)
        expect(chart).to_have_class(re.compile("chart-ready"), timeout=30_000)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"shape-{name}.png"), full_page=True)


def test_scorecard_only_dashboard(new_page, live_server, shapes):
    page = _dashboard(new_page, live_server, shapes, "scorecard-only")
    _drawn(page, ("ipa", "distribution", "categories", "team_practices"))
    for absent in ("#chart-enemies", "#chart-team_enemies", "#kpi-band", "#band-story"):
        expect(page.locator(absent)).to_have_count(0)
    expect(page.locator("#kpi-risk-none")).to_be_visible()
    expect(page.locator("#practice-table tbody tr")).to_have_count(9)
    recs = page.locator("#recommendations")
    expect(recs.locator(".rec-practice").first).to_be_visible()
    expect(recs).to_contain_text("One concrete action for every practice in “Concentrate here”")
    expect(recs).not_to_contain_text("more than one rater in three")
    _shot(page, "scorecard-only")


def test_enemies_only_dashboard(new_page, live_server, shapes):
    page = _dashboard(new_page, live_server, shapes, "enemies-only")
    _drawn(page, ("enemies", "team_enemies"))
    for absent in ("#chart-ipa", "#chart-distribution", "#chart-team_practices", "#practices"):
        expect(page.locator(absent)).to_have_count(0)
    expect(page.locator("#kpi-index-none")).to_have_text(
        "Not measured: this campaign did not use the Teamwork Scorecard."
    )
    expect(page.locator("#kpi-band")).to_have_text("At risk")
    expect(page.locator("#band-story")).to_have_text(
        "The band is At risk: Misaligned goals (60%) is seen by half of the raters or more."
    )
    recs = page.locator("#recommendations")
    expect(recs.locator(".rec-enemy")).to_have_count(3)  # 60%, 40% and 40%: above a third
    expect(recs).not_to_contain_text("Concentrate here")
    _shot(page, "enemies-only")


def test_both_instruments_dashboard(new_page, live_server, shapes):
    page = _dashboard(new_page, live_server, shapes, "both")
    _drawn(page, ("ipa", "distribution", "categories", "enemies", "team_practices", "team_enemies"))
    recs = page.locator("#recommendations")
    expect(recs.locator(".rec-practice").first).to_be_visible()
    expect(recs.locator(".rec-enemy")).to_have_count(3)
    expect(page.locator("#teams-all-hidden")).to_have_count(0)
    _shot(page, "both")


def test_every_team_hidden_dashboard(new_page, live_server, shapes):
    page = _dashboard(new_page, live_server, shapes, "hidden")
    _drawn(page, ("ipa", "enemies"))
    expect(page.locator("#teams-all-hidden")).to_have_text(
        "All 3 teams have fewer than 5 responses or must stay hidden to protect a smaller one, "
        "so no team is shown on its own. The results above cover everyone."
    )
    expect(page.locator("#chart-team_practices")).to_have_count(0)
    expect(page.locator(".suppressed-col")).to_have_count(0)
    _shot(page, "hidden")
