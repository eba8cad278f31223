"""The account page's API tokens and the settings page's webhooks, in a real browser: made,
shown once, used, revoked; each state of both pages passes axe."""

from __future__ import annotations

import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from survey_app.models import Role
from tests import factories

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}


def _seed() -> dict[Role, str]:
    org = factories.make_org(f"Token Org {secrets.token_hex(3)}")
    return {
        role: factories.make_user(
            org, role, email=f"{role.value}.{secrets.token_hex(4)}@example.com"
        ).email
        for role in (Role.LEADER, Role.ADMIN)
    }


def _sign_in(page: Page, live_server: LiveServer, email: str) -> None:
    page.goto(live_server("/auth/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _axe(page: Page, axe: Axe, what: str) -> None:
    results = axe.run(page)
    blocking = [
        (v["id"], [n["target"] for n in v["nodes"]], [n["any"][0]["message"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    assert blocking == [], f"{what}: {blocking}"


def test_a_leader_makes_uses_and_revokes_a_token(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    emails = live_server.seed(_seed)
    axe = Axe()
    page = new_page(viewport=DESKTOP)
    _sign_in(page, live_server, emails[Role.LEADER])
    page.goto(live_server("/account"))
    page.get_by_role("button", name="Make the token").click()  # nothing filled in
    expect(page.get_by_text("Choose what the token may do.").first).to_be_visible()
    _axe(page, axe, "account page, token form with its errors")
    page.get_by_label("Token name").fill("CRM sync")
    page.get_by_label("Read results (companies, teams, campaigns, results)").check()
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("Copy it now: it is shown this once")).to_be_visible()
    _axe(page, axe, "account page, new token shown")
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("tws_")
    api = page.request.get(
        live_server("/api/v1/companies"), headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status == 200
    cookie_only = page.request.get(live_server("/api/v1/companies"))  # the browser's cookie
    assert cookie_only.status == 401
    assert cookie_only.headers["content-type"] == "application/problem+json"
    page.goto(live_server("/account"))  # a new look at the page: the token is gone from it
    expect(page.get_by_text(token)).to_have_count(0)
    page.get_by_role("link", name="Revoke CRM sync").click()
    _axe(page, axe, "revoke confirmation")
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("The token is revoked")).to_be_visible()
    expect(page.get_by_role("row", name="CRM sync")).to_contain_text("Revoked")
    again = page.request.get(
        live_server("/api/v1/companies"), headers={"Authorization": f"Bearer {token}"}
    )
    assert again.status == 401


def test_an_admin_adds_and_removes_a_webhook_endpoint(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    emails = live_server.seed(_seed)
    axe = Axe()
    page = new_page(viewport=DESKTOP)
    _sign_in(page, live_server, emails[Role.ADMIN])
    page.goto(live_server("/admin/settings"))
    expect(page.get_by_text("called from this server")).to_be_visible()
    page.get_by_role("link", name="Endpoints and their delivery logs").click()
    page.get_by_label("Endpoint address").fill("ftp://example.com/hook")
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_text("Use an http:// or https:// address.").first).to_be_visible()
    expect(page.get_by_label("Endpoint address")).to_have_value("ftp://example.com/hook")
    _axe(page, axe, "webhooks page with its errors")
    page.get_by_label("Endpoint address").fill("http://127.0.0.1:9/hooks")
    page.get_by_label("A campaign closed").check()
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_text("Copy its signing secret now")).to_be_visible()
    assert page.get_by_label("Signing secret").input_value().startswith("whsec_")
    _axe(page, axe, "webhooks page, new secret shown")
    page.get_by_role("link", name="http://127.0.0.1:9/hooks", exact=True).click()
    expect(page.get_by_text("Nothing sent yet.")).to_be_visible()
    _axe(page, axe, "endpoint page")
    page.get_by_role("link", name="Remove this endpoint").click()
    page.get_by_role("button", name="Remove the endpoint").click()
    expect(page.get_by_text("No endpoint yet.")).to_be_visible()
