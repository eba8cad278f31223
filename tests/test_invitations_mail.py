"""Invitations by email, through a real (tiny, local) SMTP server driven by smtplib."""

from __future__ import annotations

import email
import socket
import socketserver
import threading
from collections.abc import Iterator
from email.message import Message

import pytest
from sqlalchemy import select

from survey_app.models import CampaignStatus, Invitation
from tests import factories


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 localhost test SMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-localhost")
                self._reply("250-8BITMIME")
                self._reply("250 SMTPUTF8")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in self.server.refused:  # type: ignore[attr-defined]
                    self._reply("550 no such user")
                    continue
                recipients.append(address)
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append((recipients, email.message_from_bytes(data)))  # type: ignore[attr-defined]
                recipients = []
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            elif verb in {"HELO", "MAIL", "RSET", "NOOP"}:
                self._reply("250 OK")
            else:
                self._reply("502 not implemented")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def smtp_server(app) -> Iterator[_SMTPServer]:
    server = _SMTPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []  # type: ignore[attr-defined]
    server.refused = set()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.server_address[1])
    app.config["MAIL_SENDER"] = "scorecard@example.com"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _messages(server) -> list[tuple[list[str], Message]]:
    return server.messages


def _invitations(db, campaign) -> list[Invitation]:
    query = select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id)
    return list(db.session.scalars(query))


def test_open_campaign_emails_each_invitation(leader_client, db, org, smtp_server):
    campaign = factories.make_campaign(factories.make_company(org, "Globex"), title="Spring wave")
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com\nbob@example.com"},
        follow_redirects=True,
    )
    assert "2 invitation emails sent." in response.get_data(as_text=True)

    messages = _messages(smtp_server)
    assert [rcpt for rcpt, _ in messages] == [["ann@example.com"], ["bob@example.com"]]
    invitations = _invitations(db, campaign)
    assert all(i.emailed for i in invitations)
    _, first = messages[0]
    assert first["From"] == "scorecard@example.com"
    assert first["To"] == "ann@example.com"
    assert "Spring wave" in first["Subject"]
    body = first.get_payload(decode=True).decode()
    assert f"http://localhost/s/{invitations[0].token}" in body
    assert "Globex" in body


def test_draft_invitations_are_mailed_when_the_campaign_opens(leader_client, db, org, smtp_server):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "They will be emailed when you open the campaign." in page
    assert _messages(smtp_server) == []

    page = leader_client.post(f"/campaigns/{campaign.id}/open", follow_redirects=True)
    assert "1 invitation emails sent." in page.get_data(as_text=True)
    assert [rcpt for rcpt, _ in _messages(smtp_server)] == [["ann@example.com"]]
    assert _invitations(db, campaign)[0].emailed


def test_csv_import_mails_the_imported_rows(leader_client, db, org, smtp_server):
    import io

    campaign = factories.make_campaign(factories.make_company(org))
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/csv",
        data={"csv-file": (io.BytesIO(b"ann@example.com\nbad\n"), "people.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "1 person invited; 1 row rejected." in page
    assert "1 emails sent." in page
    assert [rcpt for rcpt, _ in _messages(smtp_server)] == [["ann@example.com"]]


def test_refused_recipient_is_reported_and_can_be_retried(leader_client, db, org, smtp_server):
    smtp_server.refused.add("bob@example.com")
    campaign = factories.make_campaign(factories.make_company(org))
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com, bob@example.com"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 invitation emails sent." in page
    assert "1 emails could not be sent" in page
    assert {i.email: i.emailed for i in _invitations(db, campaign)} == {
        "ann@example.com": True,
        "bob@example.com": False,
    }

    invite_page = leader_client.get(f"/campaigns/{campaign.id}/invite").get_data(as_text=True)
    assert "1 email invitations have not been sent." in invite_page
    smtp_server.refused.clear()
    leader_client.post(f"/campaigns/{campaign.id}/invite/send")
    db.session.expire_all()
    assert all(i.emailed for i in _invitations(db, campaign))


def test_unreachable_mail_server_keeps_the_invitations(app, leader_client, db, org):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    campaign = factories.make_campaign(factories.make_company(org))

    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com\nbob@example.com"},
    )

    assert response.status_code == 302
    assert "/links?" in response.headers["Location"]
    invitations = _invitations(db, campaign)
    assert [i.email for i in invitations] == ["ann@example.com", "bob@example.com"]
    assert not any(i.emailed for i in invitations)
    page = leader_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 emails could not be sent" in page
    assert "The invitations are saved" in page
    assert f"http://localhost/s/{invitations[0].token}" in page
