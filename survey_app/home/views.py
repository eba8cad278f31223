"""The home page, rendered for the signed-in user's role (the route is ``main.index``)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from ..actions.services import actions_for_owner
from ..campaigns.recurrence import recent_waves
from ..campaigns.services import today
from ..models import Role
from . import services

# A rep's home lists their worst deals first, up to this many; the pipeline has them all.
DEALS_SHOWN = 10
# Shortcuts an admin gets on top of a leader's home: (endpoint, label, what it is for).
ADMIN_SHORTCUTS = (
    ("admin.users", "Users", "Invite people, set roles, reset access."),
    ("admin.settings", "Organisation settings", "The default k, the risk bands, logo and paper."),
    ("audit.index", "Audit log", "Who changed what, and when."),
)


def _has(endpoint: str) -> bool:
    """Whether a page exists: the session pages are built separately from the home page."""
    return endpoint in current_app.view_functions


def _team_scoped() -> bool:
    """A leader limited to some teams (survey_app/results/scope.py) sees no company-wide
    figure and no prospect: their home holds only their own actions and their teams' pages.
    Read with getattr: the scope is a column of its own, added by that feature."""
    return current_user.role == Role.LEADER and bool(getattr(current_user, "team_scoped", False))


def home_page() -> str:
    day = today()
    role = current_user.role
    if _team_scoped():
        return render_template(
            "home/scoped.html",
            today=day,
            actions=actions_for_owner(current_user._get_current_object()),
            has_page=_has,
            due_soon_days=services.DUE_SOON_DAYS,
        )
    pipeline = services.pipeline(day)
    context = {
        "today": day,
        "pipeline": pipeline,
        "actions": services.due_actions(day),
        "sessions": services.upcoming_sessions(day),
        "steps": services.first_steps(),
        "has_page": _has,
        "due_soon_days": services.DUE_SOON_DAYS,
        "changed_within": services.CHANGED_WITHIN_DAYS,
    }
    if role == Role.REP:
        return render_template("home/rep.html", deals_shown=DEALS_SHOWN, **context)
    return render_template(
        "home/leader.html",
        campaigns=services.open_campaigns(day),
        shortcuts=ADMIN_SHORTCUTS if role == Role.ADMIN else (),
        new_waves=recent_waves(current_user.organization_id),  # recurring pulses' next waves
        **context,
    )
