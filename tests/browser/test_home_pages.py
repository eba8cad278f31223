"""The home pages in a real browser: the demo leader's (open campaign, changed verdict), the
demo rep's (their pipeline first, then their actions), and a brand-new organisation's leader,
whose empty home teaches the first step and whose button starts it. Each passes axe, and a rep
records a deal outcome from the keyboard, mistakes and all."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from survey_app.models import Role
from tests import factories

from .conftest import LiveServer, PageFactory
from .demo_data import Demo, seed_demo, sign_in
from .test_accessibility import assert_accessible

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> Demo:
    return seed_demo(live_server)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _section(page: Page, heading: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


def test_the_demo_leaders_home(
    live_server: LiveServer, new_page: PageFactory, demo: Demo, axe: Axe
) -> None:
    page = new_page(DESKTOP)
    sign_in(page, live_server, *demo.logins[Role.LEADER])
    expect(page).to_have_url(live_server("/"))
    expect(page.get_by_role("heading", name="Hello, Lena Leader")).to_be_visible()
    expect(page.locator("#first-steps")).to_have_count(0)  # the demo has done them all
    campaigns = _section(page, "Campaigns open now")
    expect(campaigns).to_contain_text("Autumn 2026 teamwork pulse")
    expect(campaigns).to_contain_text(
        re.compile(r"Response rate \d+\s?% \(\d+ of \d+ invitations\)")
    )
    expect(campaigns).to_contain_text("25 days left")
    changes = _section(page, "Verdicts that changed")
    expect(changes).to_contain_text(
        re.compile(r"Contoso Logistics[\s\S]*from Walk away to Pursue with caution on")
    )
    for heading in ("Actions due and overdue", "Sessions coming up"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(axe, page)
    campaigns.get_by_role("link", name="The campaign list").click()
    expect(page.get_by_role("heading", name="Campaigns", exact=True)).to_be_visible()


def test_the_demo_reps_home_and_an_outcome(
    live_server: LiveServer, new_page: PageFactory, demo: Demo, axe: Axe
) -> None:
    page = new_page(DESKTOP)
    sign_in(page, live_server, *demo.logins[Role.REP])
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("My pipeline") < headings.index("My actions"), headings
    pipeline = _section(page, "My pipeline")
    expect(pipeline).to_contain_text("Woodgrove Insurance")
    expect(pipeline).not_to_contain_text("Alpine Ski House")  # closed: in the track record
    expect(page.get_by_role("heading", name="Campaigns open now")).to_have_count(0)
    assert_accessible(axe, page)

    # The track record of the demo's closed deals: Pursue has five, the others fewer.
    page.get_by_role("link", name="The whole pipeline and its track record").click()
    track = page.locator("#track-table")
    expect(track.get_by_role("row", name=re.compile("^Pursue 5 4 · 1 · 0 80%"))).to_be_visible()
    expect(
        track.get_by_role("row", name=re.compile("^Walk away 2 .*not enough deals yet"))
    ).to_be_visible()
    expect(page.locator("#fig-track")).to_be_attached()
    assert_accessible(axe, page)

    # Record an outcome with the keyboard: a mistake first, kept and explained.
    pipeline_row = page.locator("#pipeline").get_by_role("link", name="Proseware")
    pipeline_row.click()
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Note").fill("Chose us after the pilot")
    page.get_by_label("Outcome date").fill("2999-01-01")
    page.get_by_label("Note").press("Enter")  # a textarea: Enter is a new line, not a submit
    page.get_by_role("button", name="Save the outcome").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Choose how the deal ended.").last).to_be_visible()
    expect(page.get_by_text("The outcome date cannot be in the future.").last).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("Chose us after the pilot\n")
    assert_accessible(axe, page)
    page.get_by_label("Won").check()
    page.get_by_label("Outcome date").fill("2026-01-15")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("Outcome saved: won.")).to_be_visible()
    expect(page.locator("#deal-outcome")).to_contain_text("Won on 15 Jan 2026")


def _seed_new_org() -> tuple[str, str]:
    org = factories.make_org("Fresh Start Ltd")
    leader = factories.make_user(org, Role.LEADER)
    rep = factories.make_user(org, Role.REP)
    return leader.email, rep.email


def test_a_brand_new_organisation_is_shown_where_to_start(
    live_server: LiveServer, new_page: PageFactory, axe: Axe
) -> None:
    leader_email, rep_email = live_server.seed(_seed_new_org)
    page = new_page(DESKTOP)
    sign_in(page, live_server, leader_email, factories.PASSWORD)
    steps = page.locator("#first-steps")
    expect(steps.get_by_role("heading")).to_have_text(
        "Welcome: three steps to your first strategy session"
    )
    expect(steps.locator("li")).to_have_count(3)
    expect(steps.get_by_role("link", name="Create a campaign")).to_have_count(0)  # company first
    expect(page.get_by_text("No campaign yet: the first steps above start one.")).to_be_visible()
    assert_accessible(axe, page)
    steps.get_by_role("link", name="Add your company").click()
    expect(page).to_have_url(live_server("/companies/new"))

    rep = new_page(DESKTOP)
    sign_in(rep, live_server, rep_email, factories.PASSWORD)
    expect(rep.locator("#first-steps")).to_contain_text("Start with the deal you are working on.")
    assert_accessible(axe, rep)
    rep.get_by_role("link", name="Add your first prospect").click()
    expect(rep.get_by_role("heading", name="New prospect")).to_be_visible()
