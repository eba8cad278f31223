"""Personal access tokens for the API tests and walks: made through the real service."""

from __future__ import annotations

from survey_app.account.tokens import create_token
from survey_app.models import TokenScope, User

READ = TokenScope.READ_RESULTS
MANAGE = TokenScope.MANAGE_INVITATIONS


def make_token(user: User, scope: TokenScope = READ, days: int = 30) -> str:
    """A new token's plaintext."""
    return create_token(user, "probe", scope, days)[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
