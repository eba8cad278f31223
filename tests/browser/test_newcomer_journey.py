"""The newcomer's first journey, end to end in Chromium: sign in with the demo login, create a
company and a campaign, invite two people, answer as one of them, see the response counted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from survey_app.demo import DEMO_USERS, load_demo

pytestmark = pytest.mark.browser

PRACTICES = [
    "recognized_rewarded",
    "support_people",
    "org_chart_mapping",
    "strategy_reviews",
    "clear_owner",
    "split_credits",
    "global_coverage",
    "sales_culture",
    "selling_skills",
]


def test_leader_sets_up_and_an_employee_answers(new_page, live_server) -> None:
    printed = live_server.seed(lambda: load_demo(base_url=live_server.url, only_if_empty=False))
    _, email, _, password = next(u for u in DEMO_USERS if u[0].value == "leader")
    assert email in printed

    leader = new_page(viewport={"width": 1280, "height": 900})
    leader.goto(live_server("/"))
    leader.get_by_label("Email").fill(email)
    leader.get_by_label("Password").fill(password)
    leader.get_by_role("button", name="Sign in").click()
    expect(leader.get_by_role("heading", name=re.compile("Campaigns"))).to_be_visible()

    leader.goto(live_server("/companies/new"))
    leader.get_by_label("Name", exact=True).fill("Contoso Field Sales")
    leader.get_by_label("Team names").fill("Alpha\nBeta")
    leader.get_by_role("button", name="Create company").click()
    expect(leader.get_by_role("heading", name="Contoso Field Sales")).to_be_visible()

    leader.get_by_role("link", name=re.compile("New campaign")).first.click()
    leader.get_by_label("Title").fill("Contoso first pulse")
    leader.get_by_label("Alpha").check()
    leader.get_by_label("Beta").check()
    leader.get_by_label(re.compile("Minimum group size")).fill("3")
    leader.get_by_role("button", name="Create draft campaign").last.click()
    expect(leader.get_by_role("heading", name="Contoso first pulse")).to_be_visible()
    leader.get_by_role("button", name="Open", exact=True).click()
    campaign_url = leader.url

    leader.goto(campaign_url.rstrip("/") + "/invite")
    leader.get_by_label(re.compile("Email addresses")).fill(
        "ann@contoso.example\nbob@contoso.example"
    )
    leader.get_by_role("button", name="Invite", exact=True).click()
    content = leader.content()
    links = re.findall(r"https?://[^\s\"<]+/s/[A-Za-z0-9_\-]+", content)
    assert len(set(links)) == 2, content[:3000]

    employee = new_page()  # another device, phone-sized, no cookies
    employee.goto(sorted(set(links))[0])
    employee.get_by_role("link", name="Start the survey").click()
    for n, key in enumerate(PRACTICES):
        employee.locator(f"label[for='{key}__importance-{6 + n % 4}']").click()
        employee.locator(f"label[for='{key}__execution-{n % 4}']").click()
    employee.get_by_text("Misaligned goals").click()
    team = employee.get_by_label("Alpha")
    if team.count():
        team.check()
    employee.get_by_role("button", name="Submit my answers").click()
    expect(
        employee.get_by_role("heading", name=re.compile("your answers have been received"))
    ).to_be_visible()

    leader.goto(campaign_url)
    body = " ".join(leader.locator("main").inner_text().split())
    assert re.search(r"\b1\b.*response", body, re.IGNORECASE), body[:1500]
    assert "50%" in body or "50 %" in body, body[:1500]
