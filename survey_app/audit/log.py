"""Reading the audit log: the organisation's entries, filtered, newest first."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from werkzeug.datastructures import MultiDict

from ..exports.cells import neutralise
from ..extensions import db
from ..models import AuditEntry, User
from . import actions

PER_PAGE = 50
COLUMNS = (
    "When (UTC)",
    "User id",
    "User email",
    "Action",
    "Kind",
    "Object id",
    "Object",
    "Details",
    "Address",
)


@dataclass(frozen=True)
class Filters:
    """What the page's form asked for, each part checked; ``problems`` says what was not."""

    user_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    problems: tuple[str, ...] = ()

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (the CSV and paging links keep them)."""
        args = {
            "user": str(self.user_id) if self.user_id else "",
            "action": self.action,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in args.items() if value}


def _day(raw: str, label: str, problems: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(_("%(label)s: enter a date as YYYY-MM-DD.", label=label))
        return None


def parse_filters(args: MultiDict[str, str], user_ids: set[int]) -> Filters:
    """The filters in ``args``; a part that does not parse is left out and named."""
    problems: list[str] = []
    raw_user = args.get("user", "").strip()
    user_id = int(raw_user) if raw_user.isdigit() and int(raw_user) in user_ids else None
    if raw_user and user_id is None:
        problems.append(_("User: choose one of the organisation's users."))
    action = args.get("action", "").strip()
    if action and action not in actions.ALL:
        problems.append(_("Action: choose one of the list."))
        action = ""
    since = _day(args.get("since", "").strip()[:10], _("From"), problems)
    until = _day(args.get("until", "").strip()[:10], _("To"), problems)
    if since and until and since > until:
        problems.append(_("From must not be after To."))
        since = until = None
    return Filters(user_id, action, since, until, tuple(problems))


def entries_query(org_id: int, filters: Filters) -> Select[tuple[AuditEntry]]:
    """The organisation's entries matching ``filters``, newest first (both days included)."""
    query = select(AuditEntry).where(AuditEntry.organization_id == org_id)
    if filters.user_id:
        query = query.where(AuditEntry.actor_id == filters.user_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.since:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min)
        query = query.where(AuditEntry.at < end)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def users_of(org_id: int) -> list[User]:
    query = select(User).where(User.organization_id == org_id)
    return list(db.session.scalars(query.order_by(func.lower(User.name), User.id)))


def as_csv(entries: list[AuditEntry]) -> str:
    """The entries as CSV, each text cell made inert for spreadsheets (exports/cells.py)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in entries:
        row = (
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_id,
            e.actor_email or "command line",
            e.action,
            e.object_kind,
            e.object_id,
            e.object_label,
            e.details,
            e.address or "",
        )
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
