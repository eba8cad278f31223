"""The main menu, per role."""

from __future__ import annotations

from flask_login import current_user

from .models import Role

_MENU: dict[Role, list[tuple[str, str]]] = {
    Role.ADMIN: [("campaigns.index", "Campaigns"), ("companies.index", "Companies")],
    Role.LEADER: [("campaigns.index", "Campaigns"), ("companies.index", "Companies")],
    Role.REP: [("campaigns.index", "Campaigns")],
}


def nav_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    return _MENU.get(current_user.role, [])
