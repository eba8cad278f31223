"""``/admin/audit``: the organisation's audit log, for its admins (403 or 404 for others)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext
from werkzeug.wrappers import Response

from ..auth.access import org_id, roles_required
from ..downloads import attachment, download_name
from ..extensions import db
from ..models import AuditEntry, Role, User
from ..models._types import utcnow
from . import actions, log

bp = Blueprint("audit", __name__, url_prefix="/admin")
MAX_CSV_ROWS = 100_000


def action_names() -> dict[str, str]:
    """Each action as the page shows it, in the page's language (the log and the CSV keep the
    stored name: English, as the page shows it in English, capitalised)."""
    names = {
        actions.CREATE: pgettext("audit", "Create"),
        actions.CHANGE: pgettext("audit", "Change"),
        actions.DELETE: pgettext("audit", "Delete"),
        actions.OPEN: pgettext("audit", "Open"),
        actions.CLOSE: pgettext("audit", "Close"),
        actions.EXPORT: pgettext("audit", "Export"),
        actions.PDF_DOWNLOAD: pgettext("audit", "Pdf download"),
        actions.ROLE_CHANGE: pgettext("audit", "Role change"),
        actions.DEACTIVATE: pgettext("audit", "Deactivate"),
        actions.REACTIVATE: pgettext("audit", "Reactivate"),
        actions.SIGN_IN: pgettext("audit", "Sign in"),
        actions.FAILED_SIGN_IN: pgettext("audit", "Failed sign-in"),
        actions.SETTINGS_CHANGE: pgettext("audit", "Settings change"),
        actions.INVITATION_SENT: pgettext("audit", "Invitation sent"),
        actions.RESET_LINK_SENT: pgettext("audit", "Reset link sent"),
        actions.ERASE: pgettext("audit", "Erase"),
        actions.RESPONSES_PRUNED: pgettext("audit", "Responses pruned"),
        actions.REMINDER_SENT: pgettext("audit", "Reminder sent"),
        actions.COMMENT_HIDDEN: pgettext("audit", "Comment hidden"),
        actions.COMMENT_SHOWN: pgettext("audit", "Comment shown"),
    }
    return {action: names.get(action, action.capitalize()) for action in actions.ALL}


def kind_names() -> dict[str, str]:
    """The kinds of object the log names (survey_app/audit/kinds.py), in the page's language."""
    return {
        "prospect": _("prospect"),
        "company": _("company"),
        "team": _("team"),
        "campaign": _("campaign"),
        "assessment": _("assessment"),
        "deal outcome": _("deal outcome"),
        "user": _("user"),
        "organisation": _("organisation"),
        "API token": _("API token"),
        "webhook endpoint": _("webhook endpoint"),
        "single sign-on": _("single sign-on"),
        "action": _("action"),
        "strategy session": _("strategy session"),
        "decision": _("decision"),
    }


def _filters() -> tuple[log.Filters, list[User]]:
    users = log.users_of(org_id())
    return log.parse_filters(request.args, {u.id for u in users}), users


@bp.get("/audit")
@roles_required(Role.ADMIN)
def index() -> str:
    filters, users = _filters()
    page = db.paginate(log.entries_query(org_id(), filters), per_page=log.PER_PAGE, error_out=False)
    return render_template(
        "audit/index.html",
        page=page,
        filters=filters,
        users=users,
        actions=actions.ALL,
        action_names=action_names(),
        kind_names=kind_names(),
    )


@bp.get("/audit.csv")
@roles_required(Role.ADMIN)
def export_csv() -> Response:
    """The entries the page's filters select, all pages, as CSV (recorded as an export)."""
    filters, _users = _filters()
    query = log.entries_query(org_id(), filters).limit(MAX_CSV_ROWS)
    entries: list[AuditEntry] = list(db.session.scalars(query))  # type: ignore[arg-type]
    day = utcnow().date().isoformat()
    name = download_name("audit-log", day, suffix=".csv", default="audit-log")
    return attachment(log.as_csv(entries), "text/csv; charset=utf-8", name)
