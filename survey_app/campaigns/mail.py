"""Invitation emails over SMTP (stdlib ``smtplib``), one connection per batch.

Sending happens after the invitations are stored: a mail failure never loses an invitation,
it only leaves it marked as not emailed, so the leader can copy the link or retry.

Header values are made one line here, whatever is stored: the forms refuse control characters
in single-line fields (:mod:`survey_app.input_guard`), but a title stored before that rule
would otherwise make every mail action of its campaign fail on the Subject header.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from typing import Any

from flask_babel import gettext as _
from markupsafe import escape

from ..i18n import current_language
from ..input_guard import has_control_character
from ..text import page_day

SMTP_TIMEOUT = 20


_NO_BREAK = "\u00a0\u202f"


def one_line(text: str) -> str:
    """``text`` with line breaks, tabs and other control characters as single spaces. A
    no-break space stays one (French puts one before the colon of a subject)."""
    spaced = "".join(
        " " if (has_control_character(c) or c.isspace()) and c not in _NO_BREAK else c
        for c in text
    )
    return re.sub(" +", " ", spaced).strip()


@dataclass
class MailReport:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # address -> reason
    new_links: int = 0  # invitations mailed a new link in place of an earlier one

    @property
    def error_summary(self) -> str:
        reasons = sorted(set(self.failed.values()))
        return "; ".join(reasons[:3])


def mail_enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("MAIL_SERVER"))


def mail_headers(config: Mapping[str, Any], to: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = one_line(subject)
    message["From"] = one_line(str(config.get("MAIL_SENDER") or "surveys@localhost"))
    message["To"] = one_line(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=str(config.get("MAIL_SERVER") or "localhost"))
    return message


def _html(before: Sequence[str], url: str | None, after: Sequence[str], footer: str) -> str:
    """The HTML part: every piece of text escaped here (titles and names are people's text)."""
    body = "".join(f"<p>{escape(p)}</p>" for p in before)
    if url:
        link, button = escape(url), escape(_("Open the survey"))
        body += (
            f'<p><a href="{link}" style="display:inline-block;padding:10px 18px;'
            'background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px">'
            f'{button}</a></p><p style="font-size:90%">{link}</p>'
        )
    body += "".join(f"<p>{escape(p)}</p>" for p in after)
    return (
        f'<!DOCTYPE html><html lang="{escape(current_language())}"><head><meta charset="utf-8">'
        '</head><body style="font-family:sans-serif;line-height:1.5;max-width:40em">'
        f'{body}<hr><p style="font-size:85%;color:#555">{escape(footer)}</p></body></html>'
    )


def build_message(
    config: Mapping[str, Any],
    to: str,
    url: str | None,
    title: str,
    company: str,
    closes_on: date | None,
    *,
    unsubscribe_url: str | None = None,
    reminder: bool = False,
    leaders_words: str = "",
) -> Message:
    """An invitation (or a reminder): plain text and HTML, with the organisation's name and the
    campaign's title, and, with ``unsubscribe_url``, a one-click opt-out (RFC 8058). Written in
    the language being rendered (``i18n.rendering_in``: the campaign's, :func:`mail_language`).

    A reminder to someone who already holds a private link (``url`` None) carries no link:
    a new one would take their saved answers away from the link they hold. ``leaders_words``
    (the campaign's reminder message) come first, as the leader wrote them."""
    title, company = one_line(title), one_line(company)
    if reminder:
        line = one_line(_("Reminder: your views on teamwork: %(title)s", title=title))
    else:
        line = one_line(_("Your views on teamwork: %(title)s", title=title))
    # The classic (compat32) message classes: a queue of 10,000 mails builds each in a fraction
    # of the time the modern header registry takes, for the same bytes on the wire.
    message = MIMEMultipart("alternative")
    message["Subject"] = line if line.isascii() else Header(line, "utf-8")
    message["From"] = one_line(str(config.get("MAIL_SENDER") or "surveys@localhost"))
    message["To"] = one_line(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=str(config.get("MAIL_SERVER") or "localhost"))
    deadline = [_("The survey closes on %(day)s.", day=page_day(closes_on))] if closes_on else []
    if reminder:
        opening = [
            _(
                "This is a reminder about “%(title)s”, a short teamwork survey for %(company)s. "
                "If you have answered already, thank you: please ignore this email.",
                title=title,
                company=company,
            )
        ]
    else:
        opening = [
            _(
                "You are invited to take part in “%(title)s”, a short teamwork survey for "
                "%(company)s.",
                title=title,
                company=company,
            )
        ]
    if url:
        how = [
            _(
                "Open your personal link to answer (about 10 minutes; you can stop and continue "
                "later from the same link):"
            )
        ]
        after = [
            _(
                "Please do not forward this link: it is for you alone. When you first save your "
                "answers, it is replaced by a private link that only you hold, and this one "
                "stops working. Any link sent to you earlier for this survey no longer works."
            )
        ]
    else:
        how = [_("Continue from the private link you were sent when you first saved your answers.")]
        after = []
    promise = [
        _(
            "Your answers are anonymous: results are only shown for groups large enough that no "
            "one can be singled out, and your answers are stored without any link to this email."
        )
    ]
    footer = _("Sent for %(company)s by Teamwork Scorecard.", company=company)
    if unsubscribe_url:
        footer += " " + _("To get no more emails about this survey: %(url)s", url=unsubscribe_url)
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    own = [p.strip() for p in leaders_words.replace("\r\n", "\n").split("\n\n") if p.strip()]
    text = [_("Hello,"), *own, *opening, *how]
    plain = "\n\n".join(text) + (f"\n\n{url}\n" if url else "\n")
    plain += "\n" + "\n\n".join([*deadline, *promise, *after]) + "\n\n-- \n" + footer + "\n"
    message.attach(MIMEText(plain, "plain", "utf-8"))
    message.attach(
        MIMEText(_html(text, url, [*deadline, *promise, *after], footer), "html", "utf-8")
    )
    return message


def build_private_link_message(
    config: Mapping[str, Any], to: str, url: str, title: str, company: str, closes_on: date | None
) -> EmailMessage:
    """The resume link a respondent's first save gave them, sent to their own address, in the
    language being rendered (the one they answer in)."""
    title = one_line(title)
    message = mail_headers(config, to, _("Your private link to continue: %(title)s", title=title))
    parts = [
        _("Hello,"),
        _(
            "Your answers to “%(title)s” (%(company)s) are saved. This is your own private link "
            "to continue and submit them, on any device:",
            title=title,
            company=one_line(company),
        ),
        url,
    ]
    if closes_on:
        parts.append(_("The survey closes on %(day)s.", day=page_day(closes_on)))
    parts += [
        _(
            "The link in your invitation no longer opens your answers: anyone else holding a "
            "copy of it only sees that it has been used."
        ),
        _("Please keep this link to yourself."),
    ]
    message.set_content("\n\n".join(parts) + "\n")
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
