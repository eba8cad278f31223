"""The administration journeys in a real browser, with mail caught by a real SMTP server on
loopback (tests/smtp.py): an invitation, a forgotten password, a deactivation."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import CampaignStatus, Role, User
from tests import factories
from tests.smtp import MailServer

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}
NEW_PASSWORD = "plenty of fresh words"
LINK = re.compile(r"https?://\S+/auth/set-password\?token=[A-Za-z0-9_\-]+")


@pytest.fixture
def mailbox(live_server: LiveServer) -> Iterator[MailServer]:
    """The live app's mail goes to a local SMTP server (aiosmtpd) for the test."""
    server = MailServer().start()
    config = live_server.app.config
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    yield server
    config.update(MAIL_SERVER="", MAIL_PORT=None)
    server.stop()


def _link_mailed_to(mailbox: MailServer, address: str) -> str:
    for _ in range(250):
        for recipients, message in mailbox.messages:
            if address in recipients:
                match = LINK.search(message.get_payload(decode=True).decode())
                assert match, message
                return match.group(0)
        time.sleep(0.02)
    raise AssertionError(f"no mail reached {address}")


def _seed(*roles: Role) -> list[tuple[str, str]]:
    """An organisation with a user of each role; their (email, name)."""
    org = factories.make_org(f"Journey Org {secrets.token_hex(3)}")
    users = []
    for role in roles:
        user = factories.make_user(
            org, role, email=f"{role.value}.{secrets.token_hex(4)}@example.com"
        )
        users.append((user.email, user.name))
    return users


def _sign_in(page: Page, live_server: LiveServer, email: str, password: str) -> None:
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _choose_password(page: Page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_text("Your password is set. You are signed in.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_admin_invites_a_leader_who_sets_a_password_and_signs_in(
    live_server: LiveServer, new_page: PageFactory, mailbox: MailServer
) -> None:
    ((admin_email, _),) = live_server.seed(lambda: _seed(Role.ADMIN))
    invitee = f"nia.{secrets.token_hex(4)}@example.com"
    admin = new_page(viewport=DESKTOP)
    _sign_in(admin, live_server, admin_email, factories.PASSWORD)
    admin.get_by_role("link", name="Admin").click()
    expect(admin.get_by_role("heading", name="Users")).to_be_visible()
    admin.get_by_role("link", name="Invite a user").click()
    admin.get_by_label("Email").fill(invitee)
    admin.get_by_label("Name").fill("Nia Okafor")
    admin.get_by_label("Role").select_option(label="Sales leader")
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text(f"A link is being emailed to {invitee}.")).to_be_visible()
    row = admin.get_by_role("row", name=re.compile("Nia Okafor"))
    expect(row).to_contain_text("Invited")
    expect(row).to_contain_text("Never")

    link = _link_mailed_to(mailbox, invitee)
    leader = new_page(viewport=DESKTOP)
    _choose_password(leader, link)
    expect(leader.get_by_role("link", name="Campaigns")).to_be_visible()  # a leader's menu
    expect(leader.get_by_role("link", name="Admin")).to_have_count(0)
    leader.get_by_role("button", name="Sign out").click()
    _sign_in(leader, live_server, invitee, NEW_PASSWORD)

    # The link was for once: its page is a deliberate 410.
    new_page.allow_console_error("status of 410")
    again = new_page(viewport=DESKTOP)
    again.goto(link)
    expect(again.get_by_text("This link has already been used.")).to_be_visible()
    admin.reload()
    row = admin.get_by_role("row", name=re.compile("Nia Okafor"))
    expect(row).to_contain_text("Active")
    expect(row).not_to_contain_text("Never")


def _seed_teams() -> tuple[str, str, str, int]:
    """An admin, a leader and a closed campaign of two teams: North Sales (3 responses, all
    "We do this consistently") and South Sales (4, all "we never do this"), k = 3."""
    (admin_email, _), (leader_email, leader_name) = _seed(Role.ADMIN, Role.LEADER)
    leader = db.session.scalar(select(User).where(User.email == leader_email))
    assert leader is not None
    company = factories.make_company(
        leader.organization, "Northwind", teams=("North Sales", "South Sales")
    )
    north, south = company.teams
    campaign = factories.make_campaign(company, "Northwind pulse", k=3)
    factories.make_responses(campaign, north, 3, execution=4)
    factories.make_responses(campaign, south, 4, execution=1)
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return admin_email, leader_email, leader_name, campaign.id


def test_the_admin_limits_a_leader_to_one_team_and_the_dashboard_narrows(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    admin_email, leader_email, leader_name, campaign_id = live_server.seed(_seed_teams)
    leader = new_page(viewport=DESKTOP)
    _sign_in(leader, live_server, leader_email, factories.PASSWORD)
    leader.goto(live_server(f"/campaigns/{campaign_id}/dashboard"))
    expect(leader.locator("#kpi-responses")).to_have_text("7")
    expect(leader.locator("main")).to_contain_text("South Sales")  # the team breakdown
    expect(leader.locator("main")).to_contain_text("Whole company")  # the team filter

    admin = new_page(viewport=DESKTOP)
    _sign_in(admin, live_server, admin_email, factories.PASSWORD)
    admin.goto(live_server("/admin/users"))
    row = admin.get_by_role("row", name=re.compile(leader_name))
    expect(row).to_contain_text("Every team")
    row.get_by_role("link", name=f"Limit to some teams for {leader_name}").click()
    expect(admin.get_by_role("heading", name=f"Which teams {leader_name} sees")).to_be_visible()
    _assert_accessible(admin)
    admin.get_by_label("Only the teams ticked below").check()
    new_page.allow_console_error("status of 422")  # the refusal below is a deliberate 422
    admin.get_by_role("button", name="Save the team scope").click()  # nothing ticked yet
    expect(admin.get_by_role("alert")).to_contain_text("Tick at least one of the teams")
    expect(admin.get_by_label("Only the teams ticked below")).to_be_checked()  # kept
    admin.get_by_label("North Sales").check()
    admin.get_by_role("button", name="Save the team scope").click()
    expect(admin.get_by_text(f"{leader_name} now sees: Northwind: North Sales.")).to_be_visible()
    expect(admin.get_by_role("row", name=re.compile(leader_name))).to_contain_text(
        "Northwind: North Sales"
    )

    # The leader's open dashboard, reloaded: North Sales only, and no company-wide figure.
    leader.reload()
    expect(leader.locator("#scope-note")).to_contain_text("You see your teams only")
    expect(leader.locator("#kpi-responses")).to_have_text("3")
    main = leader.locator("main")  # its text, what is folded away in <details> included
    expect(main).to_contain_text("North Sales")
    for hidden in ("South Sales", "Whole company", "Rest of the company"):
        expect(main).not_to_contain_text(hidden)
    _assert_accessible(leader)
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    expect(leader.get_by_role("link", name="Northwind pulse")).to_be_visible()
    expect(leader.get_by_role("link", name="New campaign")).to_have_count(0)
    _assert_accessible(leader)
    leader.get_by_role("link", name="Northwind", exact=True).click()
    expect(leader.get_by_role("heading", name="Your teams", exact=True)).to_be_visible()
    expect(leader.locator("main")).not_to_contain_text("South Sales")
    _assert_accessible(leader)


def _assert_accessible(page: Page) -> None:
    """No serious or critical axe violation on the page as it is now (its charts drawn)."""
    for chart in page.locator("[data-figure]").all():
        expect(chart.locator("svg.main-svg").first).to_be_attached(timeout=30_000)
    results = Axe().run(page)
    blocking = [v["id"] for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, (page.url, blocking)


def test_a_user_resets_a_forgotten_password(
    live_server: LiveServer, new_page: PageFactory, mailbox: MailServer
) -> None:
    ((email, _),) = live_server.seed(lambda: _seed(Role.REP))
    page = new_page(viewport=DESKTOP)
    page.goto(live_server("/auth/login"))
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send me a reset link").click()
    expect(page.get_by_text(f"If an account uses {email}")).to_be_visible()

    _choose_password(page, _link_mailed_to(mailbox, email))
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Email or password is not right.", exact=True)).to_be_visible()
    _sign_in(page, live_server, email, NEW_PASSWORD)


def test_a_deactivated_users_open_session_fails(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    (admin_email, _), (leader_email, leader_name) = live_server.seed(
        lambda: _seed(Role.ADMIN, Role.LEADER)
    )
    leader = new_page(viewport=DESKTOP)
    _sign_in(leader, live_server, leader_email, factories.PASSWORD)
    expect(leader.get_by_role("heading", name="Campaigns")).to_be_visible()

    admin = new_page(viewport=DESKTOP)
    _sign_in(admin, live_server, admin_email, factories.PASSWORD)
    admin.goto(live_server("/admin/users"))
    admin.get_by_role("button", name=f"Deactivate {leader_name}").click()
    expect(admin.get_by_text(f"{leader_name} is deactivated")).to_be_visible()
    row = admin.get_by_role("row", name=re.compile(leader_name))
    expect(row).to_contain_text("Deactivated")

    leader.reload()
    expect(leader.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    leader.get_by_label("Email").fill(leader_email)
    leader.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    leader.get_by_role("button", name="Sign in").click()
    expect(leader.get_by_text("Email or password is not right.", exact=True)).to_be_visible()
