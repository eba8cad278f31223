"""The mail task's promises, with aiosmtpd: opt-out, idempotent re-runs, retries, reminders,
and the progress the leader sees (counts only)."""

from __future__ import annotations

import io
import re
import socket

import pytest
from sqlalchemy import select, update

from survey_app.campaigns.mail_jobs import MailServerUnavailable, queue_mail, send_mail_batch
from survey_app.extensions import db
from survey_app.models import (
    Invitation,
    InvitationStatus,
    MailDelivery,
    MailKind,
    MailState,
    token_digest,
)
from survey_app.models._types import utcnow
from tests import factories
from tests.conftest import app_on_fresh_database, login
from tests.smtp import text_of


@pytest.fixture
def campaign(org):
    return factories.make_campaign(factories.make_company(org, "Globex"), title="Pulse")


def _invite(leader_client, campaign, *emails: str) -> None:
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "\n".join(emails)}
    )
    assert response.status_code == 302


def _deliveries() -> dict[str, MailDelivery]:
    db.session.expire_all()
    rows = db.session.scalars(select(MailDelivery).order_by(MailDelivery.id))
    return {d.invitation.email: d for d in rows}


def test_one_click_opt_out_declines_never_answers_and_stops_reminders(
    app, leader_client, campaign, smtp_server
):
    _invite(leader_client, campaign, "ann@example.com", "bob@example.com")
    (_, ann_mail), _ = smtp_server.messages
    url = ann_mail["List-Unsubscribe"][1:-1]
    path = url.removeprefix("http://localhost")
    mail_client = app.test_client()  # a mail client: no session, no CSRF token
    asked = mail_client.get(path)
    assert asked.status_code == 200
    assert "Stop the emails" in asked.get_data(as_text=True)
    ann = db.session.scalar(select(Invitation).where(Invitation.email == "ann@example.com"))
    db.session.refresh(ann)
    assert ann.declined_at is None  # the GET only asks
    done = mail_client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will get no more emails about this survey" in done.get_data(as_text=True)
    db.session.refresh(ann)
    assert ann.declined_at is not None
    assert ann.status == InvitationStatus.PENDING  # declined, never answered
    assert mail_client.get(path.replace("/u/", "/u/x")).status_code == 404

    # Counted, never named.
    progress = leader_client.get(f"/campaigns/{campaign.id}/invite/mail-progress.json").get_json()
    assert progress["declined"] == 1
    assert progress["sent"] == 2
    # No reminder goes to Ann; Bob gets his.
    ids = list(db.session.scalars(select(Invitation.id)))
    with app.test_request_context():
        queue_mail(campaign, ids, MailKind.REMINDER, "http://localhost/")
    assert [rcpt for rcpt, _ in smtp_server.messages[2:]] == [["bob@example.com"]]
    assert "Reminder" in smtp_server.messages[2][1]["Subject"]
    reminders = db.session.scalars(
        select(MailDelivery).where(MailDelivery.kind == MailKind.REMINDER)
    ).all()
    assert sorted(d.state for d in reminders) == [MailState.SENT, MailState.SKIPPED]
    # Her link says so, kindly, and still works.
    (token,) = factories.tokens_in(text_of(ann_mail))
    respondent = app.test_client()
    assert respondent.get(f"/s/{token}").status_code == 302
    assert "You asked for no more emails" in respondent.get("/survey").get_data(as_text=True)


def test_a_task_run_again_after_a_crash_sends_only_what_is_not_marked_sent(
    app, campaign, smtp_server
):
    invitations = [factories.make_invitation(campaign, email=f"p{n}@example.com") for n in range(5)]
    ids = [i.id for i in invitations]
    for i in ids:
        db.session.add(MailDelivery(campaign_id=campaign.id, invitation_id=i, kind="invitation"))
    db.session.commit()
    # A consumer (on this host, since gone) claimed all five and had sent two when it died.
    dead = f"{socket.gethostname()}:{2**22 + 12345}"
    db.session.execute(
        update(MailDelivery).values(
            state=MailState.SENDING, claimed_by=dead, claimed_at=utcnow(), attempts=1
        )
    )
    db.session.execute(
        update(MailDelivery)
        .where(MailDelivery.invitation_id.in_(ids[:2]))
        .values(state=MailState.SENT, sent_at=utcnow())
    )
    db.session.commit()
    send_mail_batch(campaign.id, ids, "invitation", "http://localhost/")
    assert [rcpt[0] for rcpt, _ in smtp_server.messages] == [f"p{n}@example.com" for n in (2, 3, 4)]
    send_mail_batch(campaign.id, ids, "invitation", "http://localhost/")  # once more: nothing
    assert len(smtp_server.messages) == 3
    assert {d.state for d in _deliveries().values()} == {MailState.SENT}
    # Each mail's link was committed before it went out: it is the invitation's link now.
    for rcpt, message in smtp_server.messages:
        (token,) = factories.tokens_in(text_of(message))
        stored = db.session.scalar(select(Invitation.token_hash).where(Invitation.email == rcpt[0]))
        assert token_digest(token) == stored


def test_a_live_claim_is_left_to_its_consumer(app, campaign, smtp_server):
    invitation = factories.make_invitation(campaign, email="ann@example.com")
    db.session.add(
        MailDelivery(
            campaign_id=campaign.id,
            invitation_id=invitation.id,
            kind="invitation",
            state=MailState.SENDING,
            claimed_by=f"{socket.gethostname()}:1",  # pid 1 is alive: another consumer
            claimed_at=utcnow(),
        )
    )
    db.session.commit()
    send_mail_batch(campaign.id, [invitation.id], "invitation", "http://localhost/")
    assert smtp_server.messages == []


def test_an_unreachable_server_fails_the_task_for_a_retry_and_keeps_the_reason(
    app, campaign, smtp_server
):
    invitation = factories.make_invitation(campaign, email="ann@example.com")
    db.session.add(
        MailDelivery(campaign_id=campaign.id, invitation_id=invitation.id, kind="invitation")
    )
    db.session.commit()
    port = app.config["MAIL_PORT"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        app.config["MAIL_PORT"] = probe.getsockname()[1]
    with pytest.raises(MailServerUnavailable):  # Huey retries it, with backoff
        send_mail_batch(campaign.id, [invitation.id], "invitation", "http://localhost/")
    (delivery,) = _deliveries().values()
    assert delivery.state == MailState.FAILED
    assert delivery.attempts == 1
    assert delivery.reason == "mail server unreachable (ConnectionRefusedError)"
    app.config["MAIL_PORT"] = port
    send_mail_batch(campaign.id, [invitation.id], "invitation", "http://localhost/")
    (delivery,) = _deliveries().values()
    assert delivery.state == MailState.SENT
    assert delivery.attempts == 2
    assert delivery.sent_at is not None
    assert delivery.reason is None


def test_reminders_skip_the_answered_and_never_replace_a_private_link(app, campaign, smtp_server):
    pending = factories.make_invitation(campaign, email="pen@example.com")
    started = factories.make_invitation(campaign, email="sta@example.com")
    answered = factories.make_invitation(campaign, email="ans@example.com")
    started.status, started.private_link = InvitationStatus.STARTED, True
    answered.status = InvitationStatus.COMPLETED
    db.session.commit()
    held = started.token_hash
    with app.test_request_context():
        queue_mail(campaign, [pending.id, started.id, answered.id], "reminder", "http://x/")
    mails = {rcpt[0]: text_of(m) for rcpt, m in smtp_server.messages}
    assert set(mails) == {"pen@example.com", "sta@example.com"}
    assert len(factories.tokens_in(mails["pen@example.com"])) == 1
    assert factories.tokens_in(mails["sta@example.com"]) == []  # they hold a private link
    db.session.refresh(started)
    assert started.token_hash == held


def test_the_progress_json_is_counts_only_and_for_leaders(
    app, leader_client, rep_client, campaign, smtp_server
):
    smtp_server.refused.add("bob@example.com")
    _invite(leader_client, campaign, "ann@example.com", "bob@example.com", "cy@example.com")
    response = leader_client.get(f"/campaigns/{campaign.id}/invite/mail-progress.json")
    data = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert set(data) == {
        "queued", "sent", "failed", "declined", "reasons", "total", "consumer_running"
    }  # fmt: skip
    assert (data["sent"], data["failed"], data["queued"], data["total"]) == (2, 1, 0, 3)
    assert data["reasons"] == ["mail server refused (550)"]
    assert "@" not in response.get_data(as_text=True)
    assert rep_client.get(f"/campaigns/{campaign.id}/invite/mail-progress.json").status_code in (
        302,
        403,
        404,
    )


def test_the_invite_page_warns_when_mail_waits_and_no_consumer_runs(tmp_path):
    with app_on_fresh_database(
        tmp_path, JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3")
    ) as app:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
        org = factories.make_org("Acme")
        leader = factories.make_user(org)
        campaign = factories.make_campaign(factories.make_company(org))
        client = login(app.test_client(), leader)
        page = client.post(
            f"/campaigns/{campaign.id}/invite/emails",
            data={"emails-emails": "ann@example.com"},
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "1 invitation email queued" in page
        assert 'data-mail-count="queued">1<' in page
        assert "no job consumer is running on this server" in page
        assert "data-mail-no-consumer hidden" not in page
        db.session.rollback()
        assert {d.state for d in db.session.scalars(select(MailDelivery))} == {MailState.QUEUED}
        db.session.rollback()


def test_import_of_many_rows_queues_one_task_per_hundred(tmp_path):
    with app_on_fresh_database(
        tmp_path, JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3")
    ) as app:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
        org = factories.make_org("Acme")
        campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
        client = login(app.test_client(), factories.make_user(org))
        rows = "".join(f"p{n}@example.com\n" for n in range(250)).encode()
        page = client.post(
            f"/campaigns/{campaign.id}/invite/csv",
            data={"csv-file": (io.BytesIO(rows), "people.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        assert "250 people invited" in page
        assert "250 emails queued" in page
        from survey_app.jobs import queue

        huey = queue(app)
        # One task that queues the batches: the request writes to the queue once.
        assert huey.pending_count() == 1
        ((task_name, args),) = [(t.name, t.args) for t in huey.pending()]
        assert task_name.endswith("queue_batches")
        huey.execute(huey.dequeue())  # what the consumer does first: 100 + 100 + 50
        assert [len(t.args[1]) for t in huey.pending()] == [100, 100, 50]
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(MailDelivery)) == 250
        assert not any(db.session.scalars(select(Invitation.emailed)))
        db.session.rollback()


def test_a_reset_request_queues_the_same_task_whether_or_not_the_address_has_an_account(
    tmp_path,
):
    """The page and the work of the request are the same for a known and an unknown address:
    one task queued, no SMTP in the request; the task alone looks the account up."""
    with app_on_fresh_database(
        tmp_path, JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3")
    ) as app:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # never reached: nothing sends
        from survey_app.jobs import queue

        known = factories.make_user(factories.make_org("Acme")).email
        pages = []
        for email in (known, "nobody@example.com"):
            before = queue(app).pending_count()
            response = app.test_client().post("/auth/forgot", data={"email": email})
            assert response.status_code == 200
            assert queue(app).pending_count() == before + 1
            task = queue(app).pending()[-1]
            assert task.name.endswith("send_reset_link")
            assert task.args[0] == email
            pages.append(response.get_data(as_text=True).replace(email, "EMAIL"))
        assert pages[0] == pages[1]
        db.session.rollback()


def test_an_admins_link_is_queued_and_issued_by_the_task(app, admin_client, smtp_server):
    """The admin's invitation goes through the queue: the task issues the link (the one the
    request made is retired), and only the mail holds it."""
    from survey_app.account.links import look_up

    response = admin_client.post(
        "/admin/users/invite",
        data={"email": "new.leader@example.com", "name": "New Leader", "role": "leader"},
        follow_redirects=True,
    )
    assert "A link is being emailed to new.leader@example.com." in response.get_data(as_text=True)
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["new.leader@example.com"]
    (token,) = re.findall(r"token=([A-Za-z0-9_-]+)", text_of(message))
    assert look_up(token).problem is None  # the mailed link is the one that works
