"""A leader's team scope in words, for the users list, the audit entry and the flash."""

from __future__ import annotations

from flask_babel import gettext as _

from ..models import User
from ..text import sort_key


def describe_scope(user: User, shown: bool = False) -> str:
    """ "Every team", "No team", or the teams by company ("Acme: North, South; Beta: East").
    In English for the audit entry; ``shown``: in the page's language, for a page or a flash."""
    if not user.team_scoped:
        return _("Every team") if shown else "Every team"
    if not user.scope_teams:
        return _("No team") if shown else "No team"
    by_company: dict[str, list[str]] = {}
    for team in user.scope_teams:
        by_company.setdefault(team.company.name, []).append(team.name)
    parts = [
        f"{name}: {', '.join(sorted(teams, key=sort_key))}" for name, teams in by_company.items()
    ]
    return "; ".join(sorted(parts, key=sort_key))
