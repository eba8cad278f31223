"""A sales rep's journey in a real browser: prospect, assessments, verdict, one-pager."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from survey_app.models import Role
from tests import factories

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path(tempfile.gettempdir())  # screenshots to look at after a run


def _seed_rep() -> str:
    org = factories.make_org("Journey Sales")
    factories.make_user(org, Role.LEADER)
    return factories.make_user(org, Role.REP).email


def _sign_in(page: Page, live_server: LiveServer, email: str) -> None:
    # The landing page is the campaigns list, which reps may not open: start from Prospects.
    page.goto(live_server("/auth/login?next=/prospects/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _assess(page: Page, confidence: str, enemies: dict[str, str]) -> None:
    expect(page.get_by_role("heading", name=re.compile("Assess"))).to_be_visible()
    page.get_by_label(re.compile(f"^{confidence}:", re.I)).check()
    for name, note in enemies.items():
        page.get_by_label(name, exact=True).check()
        if note:
            page.get_by_label(f"Evidence for “{name}”").fill(note)
    page.get_by_role("button", name="Save assessment").click()


def test_rep_journey(live_server: LiveServer, new_page: PageFactory) -> None:
    email = live_server.seed(_seed_rep)
    page = new_page(viewport=DESKTOP, accept_downloads=True)
    _sign_in(page, live_server, email)

    page.get_by_role("link", name="New prospect").click()
    page.get_by_label("Company name").fill("Woodgrove Insurance")
    page.get_by_label("Industry").fill("Insurance")
    page.get_by_label("Estimated deal size").fill("650000")
    page.get_by_role("button", name="Create prospect").click()

    _assess(
        page,
        "high",
        {
            "Misaligned goals": "CFO and VP Sales contradicted each other on the goal.",
            "No trust": "Legal reviews every slide before anyone may share it.",
        },
    )
    verdict = page.locator("#verdict")
    # Culture Risk 2 of 20 = 10, but the one observer saw both enemies: 100% weighted each.
    expect(verdict).to_contain_text("Walk away")
    expect(page.locator("#verdict-why")).to_contain_text(
        "Misaligned goals (100%) and No trust (100%) are seen by three quarters"
    )
    expect(page.locator(".evidence").first).to_contain_text("CFO and VP Sales contradicted")
    expect(page.locator(".js-figure .main-svg").first).to_be_visible()

    page.get_by_role("link", name="Add an assessment").click()
    _assess(page, "high", {})  # a second meeting where neither showed: 50% weighted each
    expect(verdict).to_contain_text("Pursue with caution")
    expect(page.locator("#verdict-why")).to_contain_text("seen by half of the assessments")
    expect(verdict).to_contain_text("Trend since the last assessment")
    page.screenshot(path=SHOTS / "prospect_page.png", full_page=True)

    # The first PDF of a process starts Chromium for the charts: allow it a minute.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="One-pager (PDF)").click(timeout=60_000)
    download = info.value
    assert download.suggested_filename == "one-pager-woodgrove-insurance.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Prospects").click()
    row = page.locator("#pipeline tbody tr").first
    expect(row).to_contain_text("Woodgrove Insurance")
    expect(row).to_contain_text("Pursue with caution")
    page.screenshot(path=SHOTS / "pipeline.png", full_page=True)
