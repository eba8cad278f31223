"""The weekly digest: each owner who is a user gets one email listing their due and overdue
actions, in the owner's own language (``User.language``). Sent by the job queue's weekly task
(:func:`weekly_digests`), never by a web request.

Every consumer runs a periodic task, so the digest of an owner and a week is claimed first by
inserting its :class:`~survey_app.models.ActionDigest` row: the primary key lets one insert
win, and only the winner sends. A failed send removes the claim, so the retry sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from huey import crontab
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..campaigns.mail import MailReport, mail_enabled, one_line, send_all
from ..extensions import db
from ..i18n import language_or_default, rendering_in
from ..jobs import job
from ..models import OPEN_STATUSES, Action, ActionDigest, User
from ..text import page_day, page_number
from .services import actions_for_owner, target_text

DUE_WITHIN = timedelta(days=7)  # "due": within the coming week


def digest_actions(user: User, today: date) -> list[Action]:
    """The owner's open actions that are overdue or due within the week, overdue first."""
    return [a for a in actions_for_owner(user) if a.due_on <= today + DUE_WITHIN]


def build_digest(config: Mapping[str, Any], user: User, today: date) -> EmailMessage | None:
    """The digest for ``user``, or None when nothing is due or overdue; in the owner's own
    language (``User.language``, English by default)."""
    actions = digest_actions(user, today)
    if not actions:
        return None
    with rendering_in(language_or_default(user.language)):
        return _digest(config, user, actions, today)


def _digest(
    config: Mapping[str, Any], user: User, actions: list[Action], today: date
) -> EmailMessage:
    overdue = [a for a in actions if a.overdue(today)]
    message = EmailMessage()
    due = page_number(len(actions) - len(overdue))
    message["Subject"] = (
        _(
            "Your actions: %(late)s overdue, %(due)s due this week",
            late=page_number(len(overdue)),
            due=due,
        )
        if overdue
        else _("Your actions: %(due)s due this week", due=due)
    )
    message["From"] = one_line(str(config.get("MAIL_SENDER") or "surveys@localhost"))
    message["To"] = one_line(user.email)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=str(config.get("MAIL_SERVER") or "localhost"))
    hello = _("Hello %(name)s,", name=one_line(user.name))
    lines = [hello, "", _("Your open actions, overdue and due first:"), ""]
    for action in actions:
        names = {"title": one_line(action.title), "day": page_day(action.due_on)}
        if action.overdue(today):
            lines.append("- " + _("%(title)s: due %(day)s (OVERDUE)", **names))
        else:
            lines.append("- " + _("%(title)s: due %(day)s", **names))
        lines.append(
            f"  {one_line(action.company.name)} \u00b7 "
            f"{target_text(action.target_kind, action.target_key)} \u00b7 {action.status.label}"
        )
    lines += ["", _("Change their status on the Actions page of Teamwork Scorecard."), ""]
    message.set_content("\n".join(lines))
    return message


def send_owner_digest(config: Mapping[str, Any], user: User, today: date) -> MailReport:
    """Build and send one owner's digest (an empty report when nothing is due)."""
    message = build_digest(config, user, today)
    return send_all(config, [message] if message is not None else [])


def _claim(user_id: int, week: date) -> bool:
    db.session.add(ActionDigest(user_id=user_id, week_of=week))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@job(periodic=crontab(day_of_week="1", hour="6", minute="0"))
def weekly_digests(today: date | None = None) -> int:
    """Monday morning: each active owner with due or overdue actions gets their digest once.
    Returns how many were sent here."""
    config = current_app.config
    if not mail_enabled(config):
        return 0
    today = today or date.today()
    week = today - timedelta(days=today.weekday())
    owners = db.session.scalars(
        select(User)
        .where(User.active.is_(True))
        .where(
            User.id.in_(
                select(Action.owner_id).where(
                    Action.status.in_(OPEN_STATUSES), Action.due_on <= today + DUE_WITHIN
                )
            )
        )
        .order_by(User.id)
    ).all()
    sent = 0
    for owner in owners:
        if not _claim(owner.id, week):
            continue  # another consumer has it
        report = send_owner_digest(config, owner, today)
        if report.failed:
            db.session.execute(
                delete(ActionDigest).where(
                    ActionDigest.user_id == owner.id, ActionDigest.week_of == week
                )
            )
            db.session.commit()
            raise RuntimeError(f"digest to user {owner.id} not sent: {report.error_summary}")
        sent += len(report.sent)
    return sent
