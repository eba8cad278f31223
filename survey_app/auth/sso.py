"""Single sign-on with OpenID Connect (issue 17): who may use it, and who it signs in.

The flow is Authlib's Flask client, made per request from the organisation's row
(survey_app/models/sso.py): discovery from ``<issuer>/.well-known/openid-configuration``, the
authorization-code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session and
checked on the way back, and the ID token verified against the provider's JWKS (signature,
issuer, audience, expiry, nonce). The views are in :mod:`.sso_views`.

A person is matched by email within the organisation, or created with the admin's default role.
Only emails of the allowed domain are taken, whatever the provider asserts: the provider
speaks for its own domain only. A deactivated account stays refused, and an email that
belongs to another organisation is never signed in here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Role, User
from ..models.sso import SsoSettings
from .passwords import hash_password
from .services import normalise_email

CLIENT_NAME = "sso"  # the key of Authlib's state data in the session
PENDING = "sso_pending"  # the session's record of the sign-in under way: state and organisation
TIMEOUT = 10  # seconds for each call to the provider: a sign-in page must not hang


class SsoRefused(Exception):
    """A sign-in through the provider that is not let in; the message says why, to the person.

    ``str()`` is the English reason (the audit log's and the server log's); :meth:`shown` is
    the same in the page's language, made from the same marked message when it is shown."""

    def __init__(self, message: str, **variables: str) -> None:
        self.template, self.variables = message, variables
        super().__init__(message % variables if variables else message)

    def shown(self) -> str:
        return _(self.template, **self.variables)


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "marked, translated when shown"
    return text


def email_domain(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def issuer_problem(issuer: str) -> str | None:
    """HTTPS, or plain HTTP on this machine's loopback only (a provider in development)."""
    parts = urlsplit(issuer.strip())
    if not parts.hostname or parts.query or parts.fragment:
        return _("Enter the issuer's address, like https://login.example.com.")
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in {"localhost", "127.0.0.1", "::1"}:
        return None
    return _("The issuer's address must start with https://.")


def settings_of(org_id: int) -> SsoSettings | None:
    return db.session.get(SsoSettings, org_id)


def provider_for_email(email: str) -> SsoSettings | None:
    """The switched-on provider of the organisation that owns the email's domain."""
    domain = email_domain(email)
    if not domain:
        return None
    row = db.session.scalar(select(SsoSettings).where(SsoSettings.email_domain == domain))
    return row if row is not None and row.enabled else None


def client_for(row: SsoSettings) -> FlaskOAuth2App:
    """Authlib's client for the organisation's provider (its metadata is fetched on use)."""
    issuer = row.issuer.strip().rstrip("/")
    return FlaskOAuth2App(
        FlaskIntegration(CLIENT_NAME),
        CLIENT_NAME,
        client_id=row.client_id,
        client_secret=row.client_secret,
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )


def check_issuer(client: FlaskOAuth2App, row: SsoSettings) -> None:
    """OpenID Connect Discovery 4.3: the metadata must name the issuer it was fetched from
    (the ID token's ``iss`` is then checked against it by Authlib)."""
    issuer = client.load_server_metadata().get("issuer", "")
    if issuer.rstrip("/") != row.issuer.strip().rstrip("/"):
        raise SsoRefused(N_("The sign-in provider names another issuer than the one set up."))


def password_refused(user: User) -> bool:
    """Whether password sign-in is off for the user's organisation and they are not its
    break-glass admin (who must still be an active admin to be let in)."""
    row = settings_of(user.organization_id)
    if row is None or not row.password_off:
        return False
    return not (row.break_glass_user_id == user.id and user.role == Role.ADMIN)


@dataclass(frozen=True)
class Identity:
    email: str
    name: str


def identity_from(userinfo: dict[str, Any]) -> Identity:
    email = normalise_email(str(userinfo.get("email") or ""))
    if not email:
        raise SsoRefused(N_("The sign-in provider did not give an email address."))
    if userinfo.get("email_verified") is False:
        raise SsoRefused(N_("The sign-in provider has not verified this email address."))
    name = str(userinfo.get("name") or "").strip()[:200]
    return Identity(email=email, name=name or email)


def user_for(row: SsoSettings, identity: Identity) -> User:
    """The account to sign in: matched by email in the organisation, or created with the
    default role. Commits when it creates one."""
    if email_domain(identity.email) != row.email_domain:
        raise SsoRefused(
            N_("Only %(domain)s addresses can sign in here; the provider gave %(email)s."),
            domain=row.email_domain,
            email=identity.email,
        )
    user = db.session.scalar(select(User).where(User.email == identity.email))
    if user is not None:
        if user.organization_id != row.organization_id or not user.active:
            raise SsoRefused(N_("This account cannot sign in. Ask your administrator."))
        return user
    user = User(
        organization_id=row.organization_id,
        email=identity.email,
        name=identity.name,
        # No password is ever told to anyone: a password reset is the way to one.
        password_hash=hash_password(secrets.token_urlsafe(32)),
        role=row.default_role,
    )
    db.session.add(user)
    db.session.flush()
    # Nobody is signed in yet, so the session hook records nothing: the entry is the new
    # user's own, with the role it was given.
    audit.record(
        audit.actions.CREATE,
        user,
        actor=user,
        details=f"first sign-in through single sign-on, as {user.role.value}",
    )
    db.session.commit()
    return user
