"""The invitation and password-reset emails, sent with the campaigns' SMTP settings.

Nothing here logs a message body or a link: a failure is reported by its reason only.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from flask import current_app

from ..campaigns.mail import mail_headers, one_line
from ..models import User


def _message(config: Mapping[str, Any], to: str, subject: str, body: str) -> EmailMessage:
    message = mail_headers(config, to, subject)
    message.set_content(body)
    return message


def invitation_message(user: User, inviter: str, url: str, hours: int) -> EmailMessage:
    org = one_line(user.organization.name)
    body = (
        f"Hello,\n\n{one_line(inviter)} invites you to {org} on Teamwork Scorecard.\n\n"
        f"Choose your password here to sign in:\n\n{url}\n\n"
        f"The link works once and for {hours} hours. If it has expired, ask {one_line(inviter)} "
        "to send a new one.\n"
    )
    return _message(current_app.config, user.email, f"You are invited to {org}", body)


def reset_message(user: User, url: str, minutes: int) -> EmailMessage:
    body = (
        "Hello,\n\nSomeone (we hope you) asked to reset the password of your Teamwork "
        f"Scorecard account.\n\nChoose a new password here:\n\n{url}\n\n"
        f"The link works once and for {minutes} minutes. If you did not ask for it, ignore "
        "this email: your password stays as it is.\n"
    )
    return _message(current_app.config, user.email, "Reset your password", body)
