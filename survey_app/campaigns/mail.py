"""Invitation emails over SMTP (stdlib ``smtplib``), one connection per batch.

Sending happens after the invitations are stored: a mail failure never loses an invitation,
it only leaves it marked as not emailed, so the leader can copy the link or retry.

Header values are made one line here, whatever is stored: the forms refuse control characters
in single-line fields (:mod:`survey_app.input_guard`), but a title stored before that rule
would otherwise make every mail action of its campaign fail on the Subject header.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from ..input_guard import has_control_character

SMTP_TIMEOUT = 20


def one_line(text: str) -> str:
    """``text`` with line breaks, tabs and other control characters as single spaces."""
    return " ".join("".join(" " if has_control_character(c) else c for c in text).split())


@dataclass
class MailReport:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # address -> reason

    @property
    def error_summary(self) -> str:
        reasons = sorted(set(self.failed.values()))
        return "; ".join(reasons[:3])


def mail_enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("MAIL_SERVER"))


def build_message(
    config: Mapping[str, Any], to: str, url: str, title: str, company: str, closes_on: str
) -> EmailMessage:
    message = EmailMessage()
    title, company = one_line(title), one_line(company)
    message["Subject"] = f"Your views on teamwork: {title}"
    message["From"] = one_line(str(config.get("MAIL_SENDER") or "surveys@localhost"))
    message["To"] = one_line(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=str(config.get("MAIL_SERVER") or "localhost"))
    deadline = f"\nThe survey closes on {closes_on}.\n" if closes_on else ""
    message.set_content(
        f"Hello,\n\nYou are invited to take part in “{title}”, a short teamwork survey for "
        f"{company}.\n\nOpen your personal link to answer (about 10 minutes; you can stop "
        f"and continue later from the same link):\n\n{url}\n{deadline}\n"
        "Your answers are anonymous: results are only shown for groups large enough that no "
        "one can be singled out, and your answers are stored without any link to this email.\n"
        "\nPlease do not forward this link: it can be used once.\n"
    )
    return message


def send_all(config: Mapping[str, Any], messages: Sequence[EmailMessage]) -> MailReport:
    """Send over one SMTP connection; each failure is recorded instead of raised."""
    report = MailReport()
    if not messages:
        return report
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=SMTP_TIMEOUT
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            for message in messages:
                to = str(message["To"])
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                    report.failed[to] = f"refused by the mail server ({type(exc).__name__})"
                else:
                    report.sent.append(to)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"mail server {config['MAIL_SERVER']}: {exc.__class__.__name__}: {exc}"[:300]
        for message in messages:
            to = str(message["To"])
            if to not in report.sent:
                report.failed.setdefault(to, reason)
    return report
