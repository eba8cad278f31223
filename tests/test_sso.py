"""Single sign-on with OpenID Connect (issue 17) against a real provider on loopback
(tests/oidc_provider.py): the full authorization-code flow with PKCE, the app through the
Flask test client and the provider over real HTTP (``requests``), the provider calling nothing
back: the app itself fetches discovery, the JWKS and the token from it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import AuditEntry, Role, User, UserSession
from survey_app.models.sso import SsoSettings
from tests import factories
from tests.oidc_provider import ProviderUser, RunningProvider, start_provider

CALLBACK = "http://localhost/auth/sso/callback"  # the test app's SERVER_NAME is localhost


@pytest.fixture(scope="module")
def running() -> Iterator[RunningProvider]:
    provider = start_provider([CALLBACK])
    yield provider
    provider.stop()


@pytest.fixture
def idp(running: RunningProvider) -> Iterator[RunningProvider]:
    running.provider.user = None
    yield running
    running.provider.forged_key = None
    running.provider.codes.clear()
    running.provider.tokens.clear()


@pytest.fixture
def sso_row(org, idp: RunningProvider) -> SsoSettings:
    row = SsoSettings(
        organization_id=org.id,
        enabled=True,
        issuer=idp.issuer,
        client_id=idp.provider.client.client_id,
        client_secret=idp.provider.client.client_secret,
        email_domain="example.com",
        default_role=Role.LEADER,
    )
    db.session.add(row)
    db.session.commit()
    return row


def _to_provider(client, email: str) -> str:
    """Start at the sign-in page's SSO form; the provider's authorize address it sends to."""
    response = client.post("/auth/sso", data={"sso_email": email})
    assert response.status_code == 200, response.get_data(as_text=True)
    # The hand-over page's link (a page, not a redirect: CSP form-action 'self').
    found = re.search(r'id="sso-continue"[^>]*href="([^"]+)"', response.get_data(as_text=True))
    assert found is not None
    return html.unescape(found.group(1))


def _at_provider(authorize_url: str) -> str:
    """The browser's visit to the provider (real HTTP): where it sends the person back."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def _back(client, callback_url: str):
    parts = urlsplit(callback_url)
    assert f"http://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def _sign_in(client, email: str):
    return _back(client, _at_provider(_to_provider(client, email)))


def _signed_in_as(client) -> str | None:
    page = client.get("/account")
    return page.get_data(as_text=True) if page.status_code == 200 else None


def test_first_sign_in_creates_the_user_with_the_default_role(app, org, idp, sso_row):
    idp.provider.user = ProviderUser("sub-1", "New.Person@Example.com", "New Person")
    client = app.test_client()
    authorize = _to_provider(client, "new.person@example.com")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(idp.issuer + "/authorize?")
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["state"]
    assert query["nonce"]
    assert query["code_challenge"]
    assert query["redirect_uri"] == [CALLBACK]

    response = _back(client, _at_provider(authorize))

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    user = db.session.scalar(select(User).where(User.email == "new.person@example.com"))
    assert user is not None
    assert (user.organization_id, user.role, user.name) == (org.id, Role.LEADER, "New Person")
    assert db.session.scalar(select(func.count()).where(UserSession.user_id == user.id)) == 1
    entries = {
        (e.action, e.details)
        for e in db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id))
    }
    assert ("sign in", "single sign-on") in entries
    assert ("create", "first sign-in through single sign-on, as leader") in entries
    assert client.get("/").status_code == 200  # signed in: the home page, not the sign-in page
    assert "new.person@example.com" in (_signed_in_as(client) or "")


def test_a_second_sign_in_matches_the_account_by_email(app, org, idp, sso_row, leader):
    idp.provider.user = ProviderUser("sub-2", leader.email.upper(), "Whatever The IdP Says")
    users_before = db.session.scalar(select(func.count()).select_from(User))

    response = _sign_in(app.test_client(), leader.email)
    again = _sign_in(app.test_client(), leader.email)

    assert response.status_code == again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert db.session.scalar(select(func.count()).where(UserSession.user_id == leader.id)) == 2
    db.session.refresh(leader)
    assert leader.role == Role.LEADER
    assert leader.name != "Whatever The IdP Says"


def test_an_email_of_another_domain_is_refused(app, org, idp, sso_row):
    idp.provider.user = ProviderUser("sub-3", "someone@elsewhere.test", "Someone")
    client = app.test_client()

    response = _sign_in(client, "someone@example.com")

    assert response.status_code == 403
    assert "Only example.com addresses can sign in here" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "someone@elsewhere.test")) is None
    assert client.get("/").status_code == 302  # still signed out


def test_a_deactivated_account_stays_refused(app, org, idp, sso_row, leader):
    leader.active = False
    db.session.commit()
    idp.provider.user = ProviderUser("sub-4", leader.email, "Leader")

    response = _sign_in(app.test_client(), leader.email)

    assert response.status_code == 403
    assert "This account cannot sign in" in response.get_data(as_text=True)
    refused = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "failed sign-in", AuditEntry.object_id == leader.id
        )
    )
    assert refused is not None
    assert refused.details.startswith("single sign-on:")


def test_an_account_of_another_organisation_is_never_signed_in(app, org, other_org, idp, sso_row):
    stranger = factories.make_user(other_org, Role.ADMIN)  # also @example.com
    idp.provider.user = ProviderUser("sub-5", stranger.email, "Stranger")

    response = _sign_in(app.test_client(), stranger.email)

    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).where(UserSession.user_id == stranger.id)) == 0


def test_a_bad_state_is_refused_before_the_code_is_used(app, org, idp, sso_row):
    idp.provider.user = ProviderUser("sub-6", "new.person@example.com", "New Person")
    client = app.test_client()
    back = _at_provider(_to_provider(client, "new.person@example.com"))
    forged = back.replace("state=", "state=x")
    tokens_before = idp.provider.token_requests

    response = _back(client, forged)

    assert response.status_code == 403
    assert "was not started here" in response.get_data(as_text=True)
    assert idp.provider.token_requests == tokens_before  # the code was never presented
    assert db.session.scalar(select(User).where(User.email == "new.person@example.com")) is None
    # The real answer cannot be used afterwards either: the sign-in under way is spent.
    assert _back(client, back).status_code == 403


def test_a_callback_in_another_browser_is_refused(app, org, idp, sso_row):
    """The link the provider sends back, opened in a browser that did not set off (login CSRF)."""
    idp.provider.user = ProviderUser("sub-7", "new.person@example.com", "New Person")
    back = _at_provider(_to_provider(app.test_client(), "new.person@example.com"))

    assert _back(app.test_client(), back).status_code == 403


def test_a_domain_without_single_sign_on_keeps_the_email(app, org, idp, sso_row):
    response = app.test_client().post("/auth/sso", data={"sso_email": "amy@nowhere.org"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Single sign-on is not set up for nowhere.org" in page
    assert 'value="amy@nowhere.org"' in page


def test_switched_off_single_sign_on_is_not_offered(app, org, idp, sso_row):
    sso_row.enabled = False
    db.session.commit()

    response = app.test_client().post("/auth/sso", data={"sso_email": "amy@example.com"})

    assert response.status_code == 200
    assert "Single sign-on is not set up for example.com" in response.get_data(as_text=True)


def test_password_sign_in_off_refuses_a_leader_but_admits_the_break_glass_admin(
    app, org, idp, sso_row, leader, admin
):
    other_admin = factories.make_user(org, Role.ADMIN)
    sso_row.password_off = True
    sso_row.break_glass_user_id = admin.id
    db.session.commit()

    def password(user: User):
        return app.test_client().post(
            "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
        )

    refused = password(leader)
    assert refused.status_code == 403
    assert "Password sign-in is turned off for your organisation" in refused.get_data(as_text=True)
    assert password(other_admin).status_code == 403
    assert password(admin).status_code == 302
    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "failed sign-in", AuditEntry.object_id == leader.id
        )
    )
    assert entry is not None
    assert entry.details == "refused: password sign-in is off"
    # The leader still gets in through the provider.
    idp.provider.user = ProviderUser("sub-8", leader.email, "Leader")
    assert _sign_in(app.test_client(), leader.email).status_code == 302


def test_an_id_token_not_signed_by_the_providers_keys_is_refused(app, org, idp, sso_row):
    idp.provider.user = ProviderUser("sub-9", "new.person@example.com", "New Person")
    idp.provider.forged_key = RSAKey.generate_key(
        2048, parameters={"kid": idp.provider.key.kid, "alg": "RS256"}
    )
    client = app.test_client()

    response = _sign_in(client, "new.person@example.com")

    assert response.status_code == 403
    assert "could not be verified" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new.person@example.com")) is None


def test_what_the_provider_says_is_shown_escaped(app, org, idp, sso_row):
    hostile = '"><script>alert(1)</script>'
    idp.provider.user = ProviderUser("sub-10", f"{hostile}@elsewhere.test", hostile)

    response = _sign_in(app.test_client(), "someone@example.com")

    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;@elsewhere.test" in page
