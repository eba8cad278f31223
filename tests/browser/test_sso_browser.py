"""Single sign-on in a real browser (issue 17): Chromium goes from the sign-in page to the
local OpenID provider (tests/oidc_provider.py, on loopback) and back, through the full
authorization-code flow with PKCE, and is signed in as the new user with the default role."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Role, User
from survey_app.models.sso import SsoSettings
from tests import factories
from tests.oidc_provider import ProviderUser, RunningProvider, start_provider

from .conftest import LiveServer, PageFactory

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def idp(live_server: LiveServer) -> Iterator[RunningProvider]:
    provider = start_provider([live_server("/auth/sso/callback")])
    yield provider
    provider.stop()


def test_an_oidc_sign_in_completes_against_the_local_provider(
    new_page: PageFactory, live_server: LiveServer, idp: RunningProvider
) -> None:
    page = new_page(DESKTOP)  # the navigation bar (with "Sign out") open
    domain = f"sso-{secrets.token_hex(3)}.example.org"

    def seed() -> None:
        org = factories.make_org(f"SSO Org {domain}")
        db.session.add(
            SsoSettings(
                organization_id=org.id,
                enabled=True,
                issuer=idp.issuer,
                client_id=idp.provider.client.client_id,
                client_secret=idp.provider.client.client_secret,
                email_domain=domain,
                default_role=Role.LEADER,
            )
        )
        db.session.commit()

    live_server.seed(seed)
    idp.provider.user = ProviderUser("sub-browser", f"Dana@{domain}", "Dana Field")

    page.goto(live_server("/auth/login"))
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, results.generate_report()
    page.get_by_label("Work address").fill(f"dana@{domain}")
    page.get_by_role("button", name="Continue with single sign-on").click()

    # Out to the provider on its own port and back: the browser lands signed in.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url.rstrip("/") == live_server("")
    assert idp.provider.token_requests == 1

    def created() -> tuple[str, str]:
        user = db.session.scalar(select(User).where(User.email == f"dana@{domain}"))
        assert user is not None
        return user.role.value, user.name

    assert live_server.seed(created) == ("leader", "Dana Field")
