"""Personal access tokens for the REST API: made and revoked by their owner on ``/account``.

A token is ``tws_`` and 32 random bytes; only its SHA-256 is stored (``api_tokens.token_hash``,
:func:`survey_app.models.invitations.token_digest`, the same reasoning as survey tokens: 256
random bits need no slow hash, and a digest lets every API call find its token by an index).
The plaintext is returned once, to be shown once, and never logged. Each token has one scope
and an expiry; a revoked or expired token, or one whose owner is deactivated or no longer a
leader or admin, opens nothing. Making and revoking one is audited (survey_app/audit/kinds.py).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext
from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, Role, TokenScope, User, token_digest
from ..models._types import utcnow

PREFIX = "tws_"
LIFETIMES_DAYS = (7, 30, 90, 365)
SCOPE_LABELS = {  # in the account page's language
    TokenScope.READ_RESULTS: lazy_gettext("Read results (companies, teams, campaigns, results)"),
    TokenScope.MANAGE_INVITATIONS: lazy_gettext(
        "Manage invitations (create, open and close campaigns, add invitations, read their counts)"
    ),
}
API_ROLES = (Role.LEADER, Role.ADMIN)  # the roles that see campaigns and results in the app


class TokenError(ValueError):
    """Nothing was stored; the message says what to fix."""


def may_use_api(user: User) -> bool:
    return user.active and user.role in API_ROLES


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included (marked as such)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(user: User, name: str, scope: TokenScope, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plaintext, to show once. Commits."""
    if not may_use_api(user):
        raise TokenError("Only leaders and admins can make API tokens.")
    if days not in LIFETIMES_DAYS:
        raise TokenError("Choose one of the expiry periods shown.")
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        organization_id=user.organization_id,
        name=name.strip()[:80],
        scope=scope,
        token_hash=token_digest(plaintext),
        prefix=plaintext[:10],
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.commit()
    return token, plaintext


def own_token(user: User, token_id: int) -> ApiToken | None:
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )


def revoke_token(token: ApiToken) -> None:
    """The token stops working at once. Kept in the list, marked revoked. Commits."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def authenticate(plaintext: str, now: datetime | None = None) -> ApiToken | None:
    """The usable token with this plaintext, whose owner may use the API; else None."""
    if not plaintext.startswith(PREFIX):
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_digest(plaintext))
    )
    if token is None or not token.usable(now or utcnow()) or not may_use_api(token.user):
        return None
    if token.user.organization_id != token.organization_id:
        return None
    return token
