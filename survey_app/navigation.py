"""The main menu, per role."""

from __future__ import annotations

from flask_login import current_user

from .models import Role

# Every role: the prospect pipeline and the private self-check.
_OWN_PAGES = [("prospects.index", "Prospects"), ("selfcheck.index", "My self-check")]
_MENU: dict[Role, list[tuple[str, str]]] = {
    Role.ADMIN: [("campaigns.index", "Campaigns"), ("companies.index", "Companies"), *_OWN_PAGES],
    Role.LEADER: [("campaigns.index", "Campaigns"), ("companies.index", "Companies"), *_OWN_PAGES],
    Role.REP: _OWN_PAGES,
}


def nav_items() -> list[tuple[str, str]]:
    """(endpoint, label) pairs the signed-in user may open; empty when signed out."""
    if not current_user.is_authenticated:
        return []
    return _MENU.get(current_user.role, [])
