"""The main menu, per role, in the signed-in user's language (survey_app/i18n.py)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from flask_login import current_user

from .models import Role

# Every role: the prospect pipeline and the private self-check.
_OWN_PAGES = [
    ("prospects.index", lazy_gettext("Prospects")),
    ("selfcheck.index", lazy_gettext("My self-check")),
]
_ACCOUNT = [("account.index", lazy_gettext("My account"))]
_MENU: dict[Role, list[tuple[str, Any]]] = {
    Role.ADMIN: [
        ("campaigns.index", lazy_gettext("Campaigns")),
        ("companies.index", lazy_gettext("Companies")),
        ("actions.index", lazy_gettext("Actions")),
        *_OWN_PAGES,
        ("admin.users", lazy_gettext("Admin")),
        *_ACCOUNT,
    ],
    Role.LEADER: [
        ("campaigns.index", lazy_gettext("Campaigns")),
        ("companies.index", lazy_gettext("Companies")),
        ("actions.index", lazy_gettext("Actions")),
        *_OWN_PAGES,
        *_ACCOUNT,
    ],
    Role.REP: [*_OWN_PAGES, *_ACCOUNT],
}


# A team-scoped leader reads their teams' results (survey_app/auth/scope.py).
_SCOPED = [
    ("campaigns.index", lazy_gettext("Campaigns")),
    ("companies.index", lazy_gettext("Companies")),
    ("selfcheck.index", lazy_gettext("My self-check")),
    *_ACCOUNT,
]


def nav_items() -> list[tuple[str, Any]]:
    """(endpoint, label) pairs the signed-in user may open; empty when signed out."""
    if not current_user.is_authenticated:
        return []
    from .auth.scope import current_viewer

    if current_viewer().scoped:
        return _SCOPED
    return _MENU.get(current_user.role, [])


# The role beside the user's name in the menu, in their language ("leader" is the stored value).
_ROLE_NAMES = {
    Role.ADMIN: lazy_gettext("admin"),
    Role.LEADER: lazy_gettext("leader"),
    Role.REP: lazy_gettext("rep"),
}


def role_name(role: Role) -> str:
    return str(_ROLE_NAMES[role])
