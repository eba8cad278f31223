"""Sending a batch over one SMTP connection, each mail marked sent right after the server
accepted it (on a connection of its own, one commit per mail)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from typing import Any

from sqlalchemy import Connection, update

from ..extensions import db
from ..models import Invitation, MailDelivery, MailKind, MailState
from ..models._types import utcnow
from .mail import SMTP_TIMEOUT


@dataclass(frozen=True)
class Target:
    """What the marks need of a delivery, read before the commit (an expired object would
    load itself through the session, whose transaction would hold SQLite's writer lock)."""

    id: int
    kind: MailKind
    invitation_id: int


def _mark(
    marker: Connection, delivery: Target, state: MailState, reason: str | None = None
) -> None:
    values: dict[str, Any] = {"state": state, "reason": reason}
    if state == MailState.SENT:
        values["sent_at"] = utcnow()
    marker.execute(update(MailDelivery).where(MailDelivery.id == delivery.id).values(**values))
    if state == MailState.SENT and delivery.kind == MailKind.INVITATION:
        marker.execute(
            update(Invitation).where(Invitation.id == delivery.invitation_id).values(emailed=True)
        )
    marker.commit()


@contextmanager
def _marker() -> Iterator[Connection]:
    """A connection of its own for the marks, one commit per mail. On SQLite its commits skip
    the fsync (synchronous=NORMAL, in WAL mode): a mark then survives the consumer's crash or
    kill, which is what idempotency needs, though not a power cut (a few mails would go twice)."""
    with db.engine.connect() as marker:
        driver = marker.connection.driver_connection
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            marker.rollback()  # no transaction open, so the level may change
            driver.execute("PRAGMA synchronous=NORMAL").close()
        try:
            yield marker
        finally:
            if sqlite:
                marker.rollback()
                driver.execute("PRAGMA synchronous=FULL").close()


def _refusal(exc: smtplib.SMTPException) -> tuple[bool, str]:
    """(lasting, reason) of a refused message: a 5xx code will not change by retrying."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code = next(iter(exc.recipients.values()))[0]
    lasting = isinstance(code, int) and code >= 500
    return lasting, f"mail server refused ({code or type(exc).__name__})"


def send_over_smtp(config: Any, prepared: Sequence[tuple[Target, Message]]) -> bool:
    """Send over one connection; True if some mail should be tried again later."""
    again = False
    pending = list(prepared)
    with _marker() as marker:
        try:
            again = _over_one_connection(config, pending, marker)
        except (OSError, smtplib.SMTPException) as exc:
            reason = f"mail server unreachable ({type(exc).__name__})"
            for delivery, _ in pending:
                _mark(marker, delivery, MailState.FAILED, reason)
            again = bool(pending)
    return again


def _over_one_connection(
    config: Any, pending: list[tuple[Target, Message]], marker: Connection
) -> bool:
    again = False
    with smtplib.SMTP(
        config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=SMTP_TIMEOUT
    ) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        while pending:
            delivery, message = pending[0]
            try:
                smtp.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                lasting, reason = _refusal(exc)
                again |= not lasting
                _mark(marker, delivery, MailState.FAILED, reason)
            else:
                _mark(marker, delivery, MailState.SENT)  # right after the server accepted it
            pending.pop(0)
    return again
