"""Invitations by email from the job queue, through a real SMTP server (aiosmtpd, tests/smtp.py).

Under TESTING the queue runs its tasks inline, so each request below has sent its mail by the
time it returns; tests/test_mail_queue_consumer.py runs them on a real consumer process.
"""

from __future__ import annotations

import io
import socket

from sqlalchemy import select

from survey_app.models import CampaignStatus, Invitation, MailDelivery, MailState, token_digest
from tests import factories
from tests.smtp import html_of, text_of


def _invitations(db, campaign) -> list[Invitation]:
    query = select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id)
    return list(db.session.scalars(query))


def _states(db, campaign) -> dict[str, MailState]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Invitation.email, MailDelivery.state)
        .join(MailDelivery, MailDelivery.invitation_id == Invitation.id)
        .where(Invitation.campaign_id == campaign.id)
    )
    return {email: state for email, state in rows}


def test_open_campaign_emails_each_invitation(leader_client, db, org, smtp_server):
    campaign = factories.make_campaign(factories.make_company(org, "Globex"), title="Spring wave")
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com\nbob@example.com"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "2 invitation emails queued" in page
    assert 'data-mail-count="sent">2<' in page  # the invite page's progress

    messages = smtp_server.messages
    assert [rcpt for rcpt, _ in messages] == [["ann@example.com"], ["bob@example.com"]]
    invitations = _invitations(db, campaign)
    assert all(i.emailed for i in invitations)
    assert set(_states(db, campaign).values()) == {MailState.SENT}
    _, first = messages[0]
    assert first["From"] == "scorecard@example.com"
    assert first["To"] == "ann@example.com"
    assert "Spring wave" in first["Subject"]
    body = text_of(first)
    (token,) = factories.tokens_in(body)
    assert f"http://localhost/s/{token}" in body
    assert token_digest(token) == invitations[0].token_hash
    assert "Globex" in body
    # Mailed, so never shown to the leader.
    assert factories.tokens_in(page) == []


def test_draft_invitations_are_mailed_when_the_campaign_opens(leader_client, db, org, smtp_server):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "They will be emailed when you open the campaign." in page
    assert smtp_server.messages == []

    page = leader_client.post(f"/campaigns/{campaign.id}/open", follow_redirects=True)
    assert "1 invitation email queued" in page.get_data(as_text=True)
    assert [rcpt for rcpt, _ in smtp_server.messages] == [["ann@example.com"]]
    assert _invitations(db, campaign)[0].emailed
    # The link mailed is made when it is mailed (no plaintext was kept), and it works.
    (_, message) = smtp_server.messages[0]
    (token,) = factories.tokens_in(text_of(message))
    assert token_digest(token) == _invitations(db, campaign)[0].token_hash
    assert leader_client.application.test_client().get(f"/s/{token}").status_code == 302


def test_csv_import_mails_the_imported_rows(leader_client, db, org, smtp_server):
    campaign = factories.make_campaign(factories.make_company(org))
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/csv",
        data={"csv-file": (io.BytesIO(b"ann@example.com\nbad\n"), "people.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "1 person invited; 1 row rejected." in page
    assert "1 email queued" in page
    assert [rcpt for rcpt, _ in smtp_server.messages] == [["ann@example.com"]]


def test_refused_recipient_is_counted_and_retried_with_the_retry_button(
    leader_client, db, org, smtp_server
):
    smtp_server.refused.add("bob@example.com")
    campaign = factories.make_campaign(factories.make_company(org))
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "ann@example.com, bob@example.com"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 email could not be sent (mail server refused (550))" in page
    assert _states(db, campaign) == {
        "ann@example.com": MailState.SENT,
        "bob@example.com": MailState.FAILED,
    }
    delivery = db.session.scalar(select(MailDelivery).where(MailDelivery.state == "failed"))
    assert delivery.reason == "mail server refused (550)"
    assert delivery.attempts == 1
    # The invite page counts it, says why, and offers to retry; it names nobody.
    assert 'data-mail-count="failed">1<' in page
    assert "Retry now" in page
    assert "bob@example.com" not in page.split('id="mail-progress"')[1].split("</section>")[0]

    smtp_server.refused.clear()
    page = leader_client.post(
        f"/campaigns/{campaign.id}/invite/retry", follow_redirects=True
    ).get_data(as_text=True)
    assert "1 email queued again." in page
    assert set(_states(db, campaign).values()) == {MailState.SENT}
    assert [rcpt for rcpt, _ in smtp_server.messages] == [["ann@example.com"], ["bob@example.com"]]
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
        follow_redirects=True,
    )
    invitations = _invitations(db, campaign)
    assert [i.email for i in invitations] == ["ann@example.com", "bob@example.com"]
    assert not any(i.emailed for i in invitations)
    page = response.get_data(as_text=True)
    assert "2 emails could not be sent (mail server unreachable (ConnectionRefusedError))" in page
    assert "The invitations are saved" in page
    assert set(_states(db, campaign).values()) == {MailState.FAILED}
    assert factories.tokens_in(page) == []  # links go by mail only, so none is shown


def test_the_mail_is_multipart_with_the_names_and_the_users_text_escaped(
    leader_client, db, org, smtp_server
):
    company = factories.make_company(org, "Tom & Jerry <Ltd>")
    campaign = factories.make_campaign(company, title='Q3 "pulse" <b>bold</b>')
    leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "ann@example.com"}
    )
    ((_, message),) = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    text, html = text_of(message), html_of(message)
    assert "Tom & Jerry <Ltd>" in text
    assert 'Q3 "pulse" <b>bold</b>' in text
    assert "Tom &amp; Jerry &lt;Ltd&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html
    (token,) = factories.tokens_in(text)
    assert factories.tokens_in(html) == [token]
    # The one-click opt-out (RFC 8058): a URL in angle brackets, and the POST it accepts.
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/u/")
    assert unsubscribe.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text
