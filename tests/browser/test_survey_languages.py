"""A respondent answers in French, in a real browser; the leader's dashboard pools the languages
(issue 17, part 2)."""

from __future__ import annotations

import re
import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from survey_app.extensions import db
from survey_app.models import Response
from tests import factories

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


def no_serious_violation(page: Page) -> None:
    """axe on the page as it is now, as the every-page walk runs it (serious or critical)."""
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_a_respondent_answers_in_french_and_the_dashboard_pools_it(live_server, new_page):
    def seed() -> dict[str, object]:
        org = factories.make_org()
        leader = factories.make_user(org, email=f"leader-{secrets.token_hex(4)}@example.com")
        company = factories.make_company(org, name="Acme Sales")
        campaign = factories.make_campaign(company, title="Spring wave", k=3, with_teams=False)
        factories.make_responses(campaign, None, 2)  # in English, ticking no enemy
        invitation = factories.make_invitation(campaign, email="luc@example.com")
        return {"campaign": campaign.id, "token": invitation.token, "leader": leader.email}

    ids = live_server.seed(seed)
    page = new_page(locale="fr-FR")  # Accept-Language: fr-FR
    page.goto(live_server(f"/s/{ids['token']}"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Ce qui reste confidentiel")).to_be_visible()

    # The picker, by keyboard: German, then back to French.
    picker = page.get_by_role("navigation", name="Langue")
    picker.get_by_role("link", name="Deutsch").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("link", name="Umfrage starten")).to_be_visible()
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Français").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(picker.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    no_serious_violation(page)  # the French intro, picker included

    page.get_by_role("link", name="Commencer le questionnaire").click()
    expect(page.get_by_text("Nous avons une forte culture commerciale.")).to_be_visible()
    no_serious_violation(page)  # the French form
    for n, key in enumerate(PRACTICES):
        page.locator(f"label[for='{key}__importance-6']").click()
        page.locator(f"label[for='{key}__execution-{n % 4}']").click()
        if n == 2:  # a switch of language halfway keeps every answer given (then back)
            french = page.get_by_role("navigation", name="Langue")
            french.get_by_role("link", name="Deutsch").click()
            expect(page.locator("html")).to_have_attribute("lang", "de")
            # The first save gave a private link: its page says so, in German, then the form.
            expect(page.get_by_label("Ihr privater Link")).to_be_visible()
            page.locator("main a[href$='/survey/answers']").click()
            for done in PRACTICES[:3]:
                expect(page.locator(f"#{done}__importance-6")).to_be_checked()
            german = page.get_by_role("navigation", name="Sprache")
            german.get_by_role("link", name="Français").click()
            expect(page.get_by_text("Nous avons une forte culture commerciale.")).to_be_visible()
            expect(page.locator(f"#{PRACTICES[2]}__execution-2")).to_be_checked()
    page.locator("label[for='no_trust__present']").click()
    expect(page.locator("label[for='no_trust__present']")).to_contain_text("Absence de confiance")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(
        page.get_by_role("heading", name="Merci, vos réponses ont bien été reçues")
    ).to_be_visible()

    def languages() -> list[str]:
        return sorted(
            db.session.scalars(
                db.select(Response.language).where(Response.campaign_id == ids["campaign"])
            )
        )

    assert live_server.seed(languages) == ["en", "en", "fr"]

    leader = new_page(viewport={"width": 1280, "height": 900})
    leader.set_default_timeout(30_000)
    leader.goto(live_server("/auth/login"))
    expect(leader.locator("html")).to_have_attribute("lang", "en")  # leaders' pages: English
    leader.locator("#email").fill(str(ids["leader"]))
    leader.locator("#password").fill(factories.PASSWORD)
    leader.get_by_role("button", name="Sign in").click()
    leader.wait_for_url(lambda url: "/auth/login" not in url)
    leader.goto(live_server(f"/campaigns/{ids['campaign']}/dashboard"))
    expect(leader.locator("#kpi-responses")).to_have_text("3")
    # Only the French respondent ticked "No trust": one in three of the pooled raters.
    row = leader.locator("#enemy-table tr", has_text="No trust")
    expect(row).to_contain_text(re.compile(r"33"))
