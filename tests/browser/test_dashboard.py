"""The campaign dashboard and the trends page in headless Chromium, on the demo data."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from survey_app.demo import DEMO_ORG, load_demo
from survey_app.extensions import db
from survey_app.models import Campaign, Organization

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 900}
CHARTS = ("ipa", "distribution", "categories", "enemies", "team_practices", "team_enemies")
SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS")  # a folder: save screenshots there


def _demo(live_server: LiveServer) -> dict[str, int]:
    def seed() -> dict[str, int]:
        load_demo(base_url=live_server.url)
        org = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
        campaigns = list(
            db.session.scalars(
                select(Campaign).where(Campaign.organization_id == org.id).order_by(Campaign.id)
            )
        )
        company = campaigns[0].company  # the waves' own: the demo has other companies
        return {
            "first": campaigns[0].id,
            "closed": campaigns[1].id,
            "open": campaigns[2].id,
            "company": company.id,
        }

    return live_server.seed(seed)


def _login(page: Page, live_server: LiveServer) -> None:
    # Plotly is 4.8 MB of script and six charts: give a loaded CI machine time to draw them.
    page.set_default_timeout(30_000)
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill("leader@northwind.example")
    page.get_by_label("Password").fill("demo-leader-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)


def _charts_drawn(page: Page, names: tuple[str, ...]) -> None:
    for name in names:
        chart = page.locator(f"#chart-{name}")
        expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=30_000)
        expect(chart).to_have_class(re.compile("chart-ready"), timeout=30_000)


def test_dashboard_draws_every_chart_and_sorts(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    ids = _demo(live_server)
    page = new_page(DESKTOP)
    _login(page, live_server)
    page.goto(live_server(f"/campaigns/{ids['closed']}/dashboard"))
    _charts_drawn(page, CHARTS)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-desktop.png", full_page=True)

    table = page.locator("#practice-table")
    header = table.locator("thead th").nth(5)  # Gap
    first_rows = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.key)")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    by_gap = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert by_gap != first_rows
    gaps = table.locator("tbody tr td:nth-child(6)").evaluate_all(
        "cells => cells.map(c => parseFloat(c.dataset.sort))"
    )
    assert gaps == sorted(gaps, reverse=True)

    header.get_by_role("button").press("Enter")  # keyboard: the header is a real button
    expect(header).to_have_attribute("aria-sort", "ascending")
    gaps = table.locator("tbody tr td:nth-child(6)").evaluate_all(
        "cells => cells.map(c => parseFloat(c.dataset.sort))"
    )
    assert gaps == sorted(gaps)
    expect(page.locator("#dash-status")).to_contain_text("Sorted by Gap, ascending")


def test_dashboard_on_a_phone_and_crosshair_toggle(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    ids = _demo(live_server)
    page = new_page()  # 390 x 844
    _login(page, live_server)
    page.goto(live_server(f"/campaigns/{ids['closed']}/dashboard?crosshairs=fixed"))
    _charts_drawn(page, CHARTS)
    expect(page.get_by_role("link", name="Fixed at 50 / 50")).to_have_attribute(
        "aria-current", "true"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-phone.png", full_page=True)


def test_below_k_campaign_draws_no_chart(live_server: LiveServer, new_page: PageFactory) -> None:
    ids = _demo(live_server)
    page = new_page(DESKTOP)
    _login(page, live_server)
    page.goto(live_server(f"/campaigns/{ids['open']}/dashboard"))
    expect(page.get_by_role("heading", name="Results appear once at least 5")).to_be_visible()
    expect(page.locator("svg.main-svg")).to_have_count(0)


def test_trends_and_comparison(live_server: LiveServer, new_page: PageFactory) -> None:
    ids = _demo(live_server)
    page = new_page(DESKTOP)
    _login(page, live_server)
    page.goto(live_server(f"/companies/{ids['company']}/trends"))
    _charts_drawn(page, ("trend_headline", "trend_practices", "compare_practices"))
    page.get_by_label("Wave A (before)").select_option(str(ids["closed"]))
    page.get_by_label("Wave B (after)").select_option(str(ids["first"]))
    page.get_by_role("button", name="Compare").click()
    _charts_drawn(page, ("compare_practices", "compare_enemies"))
    assert f"a={ids['closed']}" in page.url
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/trends-desktop.png", full_page=True)
