"""XSS in a real browser: pages full of hostile text run none of it.

Names, titles, notes and evidence carry payloads that, if they ever ran, would open a dialog and
set ``window.__xss``. A leader and two respondents then go through the main pages in headless
Chromium, charts drawn and every element moused over; no dialog may open and ``__xss`` must stay
undefined. The pages are loaded with the Content-Security-Policy bypassed: the CSP would stop an
inline script anyway, and the point here is that the text is escaped, not that the CSP holds.

The data is made with factories (the forms and their cleaning are exercised in
``tests/security/test_xss.py``); one note is typed into the self-check form here.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, latest_versions
from survey_app.models import CampaignStatus, CompanyKind, InvitationKind, Role
from tests import factories

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
LONG_JS = "alert(__xss=1)"  # opens a dialog and sets the global
SHORT_JS = "__xss=1"  # in 120 characters, leaves room for the <script> break-out


def hostile(code: str, limit: int = 200) -> str:
    """A ``javascript:`` URL, the field's marker, then every payload that fits in ``limit``."""
    js = LONG_JS if limit > 120 else SHORT_JS
    text = f"javascript:{js}//{code}{{{{7*7}}}}"
    for piece in (
        f'"><img src=x onerror={js}>',
        f"' onmouseover='{js}'",
        f"</script><script>{js}</script>",
        f"<svg onload={js}>",
        "<!--<script>",
    ):
        if len(text) + len(piece) <= limit:
            text += piece
    return text


def _seed() -> dict[str, Any]:
    org = factories.make_org(hostile("xbog"))
    leader = factories.make_user(org, Role.LEADER, email=f"xss-{secrets.token_hex(4)}@example.com")
    leader.name = hostile("xbul")
    company = factories.make_company(org, hostile("xbcn"), (hostile("xbta", 120), "Ops"))
    company.industry, company.notes = hostile("xbci", 120), hostile("xbcx")
    next(t for t in company.teams if t.name == "Ops").name = hostile("xbtb", 120)
    waves = [factories.make_campaign(company, hostile(code), k=3) for code in ("xbw1", "xbw2")]
    for wave in waves:
        for team in company.teams:
            factories.make_responses(wave, team, 3)
    waves[0].status = CampaignStatus.CLOSED
    picks = factories.make_invitation(waves[1], email="respondent@example.com")
    fixed = factories.make_invitation(waves[1], team=company.teams[0], kind=InvitationKind.LINK)

    prospect = factories.make_prospect(org, leader, hostile("xbpn"), notes=hostile("xbpx"))
    prospect.industry = hostile("xbpi", 120)
    enemies = [i.key for i in latest_versions()[ENEMIES].items_of_type("enemy")][:10]
    factories.make_assessment(prospect, leader, tuple(enemies), hostile("xbae"), hostile("xbas"))
    inside = factories.make_campaign(prospect, hostile("xbwp"), k=3, with_teams=False)
    factories.make_responses(inside, None, 3)
    assert prospect.kind == CompanyKind.PROSPECT
    db.session.commit()
    return {
        "email": leader.email,
        "company": company.id,
        "waves": [w.id for w in waves],
        "prospect": prospect.id,
        "tokens": {"picks a team": picks.token, "fixed team": fixed.token},
    }


class Watch:
    """Records every dialog of a page (and dismisses it, so the page goes on)."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message} at {dialog.page.url}")
        dialog.dismiss()


# Every chart of the page drawn by Plotly (labels, legends and names are rendered by then).
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-figure]')]
    .every(n => n.querySelector('svg.main-svg'))"""
# The texts Plotly printed that hold a field's marker.
CHART_TEXTS = """() => [...document.querySelectorAll('[data-figure] svg text')]
    .map(t => t.textContent).filter(t => t.includes('{{7*7}}'))"""
ENTITY = re.compile(r"&(lt|gt|amp|quot|#x?[0-9a-f]+);", re.I)
# Fire what a person's pointer would: an injected onmouseover would run now.
MOUSE_OVER_ALL = """() => document.querySelectorAll('*').forEach(
    e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"""


def visit(page: Page, watch: Watch, url: str, *shown: str) -> list[str]:
    """Open ``url``, let the charts draw, hover them and every element; nothing may have run.
    ``shown``: fields that must be in the page, so the check is not made on an empty page.
    Returns the chart texts that hold a field."""
    page.goto(url)
    page.wait_for_function(CHARTS_DRAWN)
    for chart in page.locator("[data-figure]").all():
        chart.hover()  # Plotly's hover labels hold names too
    page.evaluate(MOUSE_OVER_ALL)
    content = page.content()
    assert [code for code in shown if f"{code}{{{{7*7}}}}" not in content] == [], url
    assert page.evaluate("() => window.__xss") is None, url
    assert watch.dialogs == [], watch.dialogs
    # What the charts print is the text as typed: no entity shown, as when escaped twice.
    printed = page.evaluate(CHART_TEXTS)
    assert [text for text in printed if ENTITY.search(text)] == [], url
    return printed


def test_hostile_text_runs_nowhere(live_server: LiveServer, new_page: PageFactory) -> None:
    ids = live_server.seed(_seed)
    page = new_page(DESKTOP, bypass_csp=True)
    page.set_default_timeout(30_000)  # Plotly is 4.8 MB of script
    watch = Watch(page)
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill(ids["email"])
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # A note typed into the real form (with its CSRF token) on the way.
    page.goto(live_server("/self-check/"))
    page.get_by_label("A private note to myself (optional)").fill(hostile("xbsn"))
    page.get_by_label("Cynicism", exact=True).check()  # none ticked would be asked about first
    page.get_by_role("button", name="Save my self-check").click()
    expect(page.get_by_text("Saved. Only you can see your self-check.")).to_be_visible()

    closed, opened = ids["waves"]
    company, prospect = ids["company"], ids["prospect"]
    charted = []
    for path, shown in (
        (f"/campaigns/{closed}/dashboard", ("xbcn", "xbta", "xbtb", "xbw1")),
        (f"/campaigns/{opened}", ("xbw2",)),
        (f"/campaigns/{opened}/invite", ("xbw2",)),
        ("/campaigns/", ("xbw1", "xbw2", "xbwp")),
        ("/companies/", ("xbcn", "xbpn")),
        (f"/companies/{company}", ("xbcn", "xbci", "xbcx", "xbta")),
        (f"/companies/{company}/edit", ("xbcn", "xbcx", "xbtb")),
        (f"/companies/{company}/trends", ("xbw1", "xbw2")),
        ("/prospects/", ("xbpn", "xbpi", "xbul")),
        (f"/prospects/{prospect}", ("xbpn", "xbpx", "xbae", "xbas")),
        (f"/prospects/{prospect}/compare", ("xbpn", "xbwp")),
        (f"/prospects/{prospect}/edit", ("xbpn", "xbpx")),
        ("/self-check/", ("xbsn", "xbul")),
    ):
        charted += visit(page, watch, live_server(path), *shown)
    # Plotly drew the team names, titles and the prospect's name: the charts were tested too.
    for code in ("xbta", "xbtb", "xbw1", "xbw2", "xbpn"):
        assert any(f"{code}{{{{7*7}}}}" in text for text in charted), code

    # Respondents: one picks among the hostile team names, one was invited into a team.
    for who, intro, form in (
        ("picks a team", ("xbcn", "xbw2"), ("xbcn", "xbta", "xbtb")),
        ("fixed team", ("xbcn", "xbw2", "xbta"), ("xbcn",)),
    ):
        respondent = new_page(DESKTOP, bypass_csp=True)
        watched = Watch(respondent)
        visit(respondent, watched, live_server(f"/s/{ids['tokens'][who]}"), *intro)
        visit(respondent, watched, live_server("/survey/answers"), *form)

    # The watch works: a handler slipped into this page is seen at once.
    page.evaluate("""() => document.body.insertAdjacentHTML(
        'beforeend', '<img src="data:," onerror="alert(__xss=1)">')""")
    page.wait_for_function("() => window.__xss === 1")
    assert len(watch.dialogs) == 1
