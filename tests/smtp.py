"""A real SMTP server on localhost for the mail tests: aiosmtpd, made for the job.

``MailServer`` runs aiosmtpd's ``Controller`` on a free loopback port; ``messages`` holds
``(recipients, message)`` for each mail received, and an address in ``refused`` is refused at
RCPT (550), as a real server refuses an unknown mailbox. The ``smtp_server`` fixture (registered
in ``tests/conftest.py``) points the app's mail settings at one for the test.
"""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    """The mailbox a test reads; started and stopped around it."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.refused: set[str] = set()
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    # aiosmtpd's handler hooks
    async def handle_RCPT(  # noqa: N802 - aiosmtpd's name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(raw)))
        return "250 queued"

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


def text_of(message: Message) -> str:
    """The plain-text part of a mail (the whole body of a single-part one)."""
    part = message.get_body(("plain",)) if hasattr(message, "get_body") else None
    chosen = part or message
    if chosen.is_multipart():
        chosen = next(p for p in chosen.walk() if p.get_content_type() == "text/plain")
    return chosen.get_payload(decode=True).decode(chosen.get_content_charset() or "utf-8")


def html_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


@pytest.fixture
def smtp_server(app) -> Iterator[MailServer]:
    server = MailServer().start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    app.config["MAIL_SENDER"] = "scorecard@example.com"
    yield server
    server.stop()
