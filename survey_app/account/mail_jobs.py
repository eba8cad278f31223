"""Account mail from the job queue: the "Forgot password" link, and the links an admin sends
(an invitation to set a password, or a reset).

The reset request queues :func:`send_reset_link` for *every* address asked about, known or
not, and the task decides: so the page gives the same answer in the same time whether or not
an account has the address (the request never looks at SMTP, nor at whether the mail goes
out). The link is issued by the task, in its own transaction, and its plaintext exists only in
the mail: nothing secret is written to the queue. Each mail is written in the account's own
language (``User.language``; English when it has none), as the campaigns' mails are written in
theirs, inside ``i18n.rendering_in``.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..campaigns.mail import mail_enabled, send_all
from ..extensions import db
from ..i18n import language_or_default, rendering_in
from ..jobs import job
from ..models import LinkPurpose, User
from . import links
from .mail import invitation_message, reset_message


class AccountMailFailed(RuntimeError):
    """The mail server did not take the mail: Huey retries with backoff (a new link each time,
    in place of the one that did not go out)."""


@job(retries=3, retry_delay=30.0, retry_backoff=2.0)
def send_reset_link(email: str, base_url: str) -> None:
    """Mail a reset link to the active account of ``email``, if there is one."""
    config = current_app.config
    if not mail_enabled(config):
        return
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        return
    minutes = int(links.lifetime(LinkPurpose.RESET).total_seconds() // 60)
    token = links.issue_link(user, LinkPurpose.RESET)
    db.session.commit()  # the link works before the mail can be read
    with (
        current_app.test_request_context(base_url=base_url),  # link_url's address and route
        rendering_in(language_or_default(user.language)),
    ):
        message = reset_message(user, links.link_url(token), minutes)
    report = send_all(config, [message])
    if report.failed:
        current_app.logger.warning("reset link not sent: %s", report.error_summary)
        raise AccountMailFailed(report.error_summary)


@job(retries=3, retry_delay=30.0, retry_backoff=2.0)
def send_account_link(user_id: int, purpose: str, inviter: str, base_url: str) -> None:
    """Mail ``user_id`` a new link of ``purpose`` (an admin's invitation or reset): issued here,
    in place of any earlier one, so its plaintext exists only in the mail."""
    config = current_app.config
    user = db.session.get(User, user_id)
    if user is None or not user.active or not mail_enabled(config):
        return
    link_purpose = LinkPurpose(purpose)
    hours = int(links.lifetime(link_purpose).total_seconds() // 3600)
    token = links.issue_link(user, link_purpose)
    db.session.commit()
    with (
        current_app.test_request_context(base_url=base_url),
        rendering_in(language_or_default(user.language)),
    ):
        url = links.link_url(token)
        if link_purpose == LinkPurpose.INVITE:
            message = invitation_message(user, inviter, url, hours)
        else:
            message = reset_message(user, url, hours * 60)
    report = send_all(config, [message])
    if report.failed:
        current_app.logger.warning("account link not sent: %s", report.error_summary)
        raise AccountMailFailed(report.error_summary)
