"""axe-core on the pages only a team-scoped leader (issue 14, part 3) is shown.

The walk over every page (test_every_page.py) signs in as each ``Role``; a leader limited to
some teams shares the leader's role but gets pages of their own: the home with their actions
and no pipeline, the lists of their companies and of their teams' campaigns, a company's page
with their teams only, and the dashboard narrowed to their teams. Those are opened here, once
each, in an organisation of their own, and checked as the walk checks a page (axe, dates,
plurals).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Role
from tests import factories

from .conftest import LiveServer, PageFactory
from .demo_data import sign_in
from .test_every_page import ACCESSIBILITY_PROPERTY, DESKTOP, Checked, check_page

pytestmark = pytest.mark.browser


def _seed_scoped_leader() -> tuple[str, int, int]:
    """A leader who sees the Sales team of a company with a closed wave (k answers from each
    team) and owns an action on it; their email, the company and the campaign."""
    org = factories.make_org(f"Scoped Org {secrets.token_hex(3)}")
    company = factories.make_company(org, "Northfield", teams=("North Sales", "North Support"))
    wave = factories.make_campaign(company, "Northfield spring wave", k=5)
    for team in company.teams:
        factories.make_responses(wave, team, 5)
    wave.status = CampaignStatus.CLOSED
    leader = factories.make_user(org, Role.LEADER, email=f"scoped.{secrets.token_hex(4)}@ex.com")
    leader.team_scoped, leader.scope_teams = True, [company.teams[0]]
    db.session.commit()
    factories.make_session_and_action(wave, leader, "Northfield")
    db.session.commit()
    return leader.email, company.id, wave.id


def test_the_team_scoped_leaders_own_pages_pass_axe(
    live_server: LiveServer,
    new_page: PageFactory,
    record_property: Callable[[str, object], None],
) -> None:
    email, company_id, campaign_id = live_server.seed(_seed_scoped_leader)
    page = new_page(DESKTOP)
    page.set_default_timeout(30_000)
    sign_in(page, live_server, email, factories.PASSWORD)
    axe, checked = Axe(), Checked()
    pages = {
        "/": "Campaigns of your teams",  # home/scoped.html, with their action
        "/companies": "You see the companies with one of your teams",
        f"/companies/{company_id}": "Your teams",
        "/campaigns": "Northfield spring wave",
        f"/campaigns/{campaign_id}/dashboard": "You see your teams only",
    }
    for path, shown in pages.items():
        page.goto(live_server(path))
        expect(page.locator("main")).to_contain_text(shown)  # their page, not another's
        expect(page.locator("main")).not_to_contain_text("North Support")
        if path == "/":
            expect(page.locator("main")).to_contain_text("Northfield action")  # their action
        check_page(page, axe, checked, f"team-scoped leader {path}")
    assert not checked.failures, "\n".join(checked.failures)
    record_property(  # printed at the end of the run (tests/security/conftest.py)
        ACCESSIBILITY_PROPERTY,
        f"axe: {len(checked.pages)} pages of the team-scoped leader checked (home, companies, "
        "a company, campaigns, a dashboard), no serious or critical violation",
    )
