"""The invitation and password-reset emails, sent with the campaigns' SMTP settings, written in
the language being rendered: the account's own (``i18n.rendering_in``, see .mail_jobs).

Nothing here logs a message body or a link: a failure is reported by its reason only.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from ..campaigns.mail import mail_headers, one_line
from ..models import User


def _message(config: Mapping[str, Any], to: str, subject: str, body: str) -> EmailMessage:
    message = mail_headers(config, to, subject)
    message.set_content(body)
    return message


def invitation_message(user: User, inviter: str, url: str, hours: int) -> EmailMessage:
    org, inviter = one_line(user.organization.name), one_line(inviter)
    paragraphs = [
        _("Hello,"),
        _(
            "%(inviter)s invites you to %(organisation)s on Teamwork Scorecard.",
            inviter=inviter,
            organisation=org,
        ),
        _("Choose your password here to sign in:"),
        url,
        ngettext(
            "The link works once and for %(num)s hour. If it has expired, ask %(inviter)s to "
            "send a new one.",
            "The link works once and for %(num)s hours. If it has expired, ask %(inviter)s to "
            "send a new one.",
            hours,
            inviter=inviter,
        ),
    ]
    subject = _("You are invited to %(organisation)s", organisation=org)
    return _message(current_app.config, user.email, subject, "\n\n".join(paragraphs) + "\n")


def reset_message(user: User, url: str, minutes: int) -> EmailMessage:
    paragraphs = [
        _("Hello,"),
        _("Someone (we hope you) asked to reset the password of your Teamwork Scorecard account."),
        _("Choose a new password here:"),
        url,
        ngettext(
            "The link works once and for %(num)s minute. If you did not ask for it, ignore this "
            "email: your password stays as it is.",
            "The link works once and for %(num)s minutes. If you did not ask for it, ignore this "
            "email: your password stays as it is.",
            minutes,
        ),
    ]
    body = "\n\n".join(paragraphs) + "\n"
    return _message(current_app.config, user.email, _("Reset your password"), body)
