"""``/admin/audit``: the organisation's audit log, for its admins (403 or 404 for others)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.wrappers import Response

from ..auth.access import org_id, roles_required
from ..downloads import attachment, download_name
from ..extensions import db
from ..models import AuditEntry, Role, User
from ..models._types import utcnow
from . import actions, log

bp = Blueprint("audit", __name__, url_prefix="/admin")
MAX_CSV_ROWS = 100_000


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
    )


@bp.get("/audit.csv")
@roles_required(Role.ADMIN)
def export_csv() -> Response:
    """The entries the page's filters select, all pages, as CSV (recorded as an export)."""
    filters, _ = _filters()
    query = log.entries_query(org_id(), filters).limit(MAX_CSV_ROWS)
    entries: list[AuditEntry] = list(db.session.scalars(query))  # type: ignore[arg-type]
    day = utcnow().date().isoformat()
    name = download_name("audit-log", day, suffix=".csv", default="audit-log")
    return attachment(log.as_csv(entries), "text/csv; charset=utf-8", name)
