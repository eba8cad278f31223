"""Own account: name, password, devices; "Forgot password"; the set-password links."""

from __future__ import annotations

import re
import time
from datetime import timedelta

from sqlalchemy import select, update

from survey_app.auth.passwords import verify_password
from survey_app.extensions import db
from survey_app.models import AccountLink, LinkPurpose, User, UserSession, token_digest
from survey_app.models._types import utcnow

from . import factories
from .conftest import login

NEW_PASSWORD = "a much better passphrase"
LINK = re.compile(r"/auth/set-password\?token=([A-Za-z0-9_\-]+)")


def _signed_in(client) -> bool:
    db.session.commit()  # release the test's own transaction (SQLite's lock)
    return client.get("/account").status_code == 200


def _set(client, token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    data = {"token": token, "password": password, "confirm": confirm or password}
    return client.post("/auth/set-password", data=data)


def _reset_link(client, smtp_server, email: str) -> str:
    count = len(smtp_server.messages)
    page = client.post("/auth/forgot", data={"email": email}).get_data(as_text=True)
    assert "If an account uses" in page
    for _ in range(200):  # the mail goes on a thread of its own
        if len(smtp_server.messages) > count:
            break
        time.sleep(0.02)
    _, message = smtp_server.messages[-1]
    return LINK.search(message.get_payload(decode=True).decode()).group(1)


def test_the_account_page_changes_the_name(leader_client, leader):
    assert leader_client.get("/account").status_code == 200
    assert leader_client.post("/account/name", data={"name": "  Lee Renamed "}).status_code == 302
    db.session.refresh(leader)
    assert leader.name == "Lee Renamed"
    refused = leader_client.post("/account/name", data={"name": ""}).get_data(as_text=True)
    assert "Enter your name." in refused


def test_changing_the_password_needs_the_current_one_and_signs_out_the_others(app, leader):
    here, other = login(app.test_client(), leader), login(app.test_client(), leader)
    wrong = here.post(
        "/account/password",
        data={"current": "not it at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "not your current password" in wrong.get_data(as_text=True)
    weak = here.post(
        "/account/password",
        data={"current": factories.PASSWORD, "password": "password", "confirm": "password"},
    )
    assert "most common" in weak.get_data(as_text=True)
    ok = here.post(
        "/account/password",
        data={"current": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    db.session.refresh(leader)
    assert verify_password(leader.password_hash, NEW_PASSWORD)
    assert _signed_in(here)
    assert not _signed_in(other)


def test_own_devices_are_listed_and_the_others_can_be_signed_out(app, leader):
    here = login(app.test_client(), leader)
    others = [login(app.test_client(), leader) for _ in range(2)]
    page = here.get("/account").get_data(as_text=True)
    assert page.count("signed in ") == 3
    assert "this device" in page
    assert here.post("/account/sessions/sign-out-others").status_code == 302
    assert _signed_in(here)
    assert not any(_signed_in(o) for o in others)
    count = db.session.scalar(select(UserSession.id).where(UserSession.user_id == leader.id))
    assert count is not None  # this device's row stays


def test_forgot_password_answers_the_same_whether_or_not_the_email_exists(
    app, client, leader, smtp_server
):
    known = client.post("/auth/forgot", data={"email": leader.email}).get_data(as_text=True)
    unknown = client.post("/auth/forgot", data={"email": "nobody@example.com"}).get_data(
        as_text=True
    )
    assert known.replace(leader.email, "EMAIL") == unknown.replace("nobody@example.com", "EMAIL")


def test_a_reset_link_sets_a_new_password_once_and_signs_in(app, client, leader, smtp_server):
    stolen = login(app.test_client(), leader)
    token = _reset_link(client, smtp_server, leader.email)
    link = db.session.scalar(select(AccountLink).where(AccountLink.user_id == leader.id))
    assert link.purpose == LinkPurpose.RESET
    assert link.token_hash == token_digest(token)
    assert timedelta(minutes=59) < link.expires_at - link.created_at <= timedelta(hours=1)
    assert client.get(f"/auth/set-password?token={token}").status_code == 200
    mismatch = _set(client, token, confirm="something else entirely")
    assert "not the same" in mismatch.get_data(as_text=True)
    assert _set(client, token).status_code == 302
    db.session.refresh(leader)
    assert verify_password(leader.password_hash, NEW_PASSWORD)
    assert _signed_in(client)
    assert not _signed_in(stolen)  # whoever knew the old password is signed out
    # Single use: the same link again, by anyone, sets nothing.
    again = app.test_client()
    assert again.get(f"/auth/set-password?token={token}").status_code == 410
    assert _set(again, token, password="yet another passphrase").status_code == 410
    db.session.refresh(leader)
    assert verify_password(leader.password_hash, NEW_PASSWORD)


def test_an_expired_or_unknown_link_sets_nothing(app, client, leader, smtp_server):
    token = _reset_link(client, smtp_server, leader.email)
    db.session.execute(update(AccountLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    page = client.get(f"/auth/set-password?token={token}")
    assert page.status_code == 410
    assert "expired" in page.get_data(as_text=True)
    assert _set(client, token).status_code == 410
    assert _set(client, "x" + token).status_code == 404
    assert client.get("/auth/set-password").status_code == 200  # how to get a link
    db.session.refresh(leader)
    assert verify_password(leader.password_hash, factories.PASSWORD)


def test_a_new_reset_link_retires_the_earlier_one(client, leader, smtp_server):
    first = _reset_link(client, smtp_server, leader.email)
    second = _reset_link(client, smtp_server, leader.email)
    assert _set(client, first).status_code == 410
    assert _set(client, second).status_code == 302


def test_an_invitation_link_lands_signed_in_and_then_signs_in_with_the_password(app, admin_client):
    page = admin_client.post(
        "/admin/users/invite", data={"email": "ivy@example.com", "name": "Ivy", "role": "rep"}
    ).get_data(as_text=True)
    token = LINK.search(page).group(1)
    invitee = app.test_client()
    # No password yet: nobody can sign in to the account before the link is used.
    assert (
        invitee.post("/auth/login", data={"email": "ivy@example.com", "password": ""}).status_code
        == 200
    )
    assert _set(invitee, token).status_code == 302
    assert _signed_in(invitee)
    user = db.session.scalar(select(User).where(User.email == "ivy@example.com"))
    assert user.last_login_at is not None
    fresh = app.test_client()
    reply = fresh.post("/auth/login", data={"email": "ivy@example.com", "password": NEW_PASSWORD})
    assert reply.status_code == 302


def test_an_invitation_link_past_its_72_hours_sets_nothing_and_says_so(app, admin_client):
    page = admin_client.post(
        "/admin/users/invite", data={"email": "ivo@example.com", "name": "Ivo", "role": "rep"}
    ).get_data(as_text=True)
    token = LINK.search(page).group(1)
    link = db.session.scalar(
        select(AccountLink).where(AccountLink.token_hash == token_digest(token))
    )
    assert link.purpose == LinkPurpose.INVITE
    invitee = app.test_client()

    def sent_earlier(by: timedelta) -> None:  # the link as if the admin had sent it then
        link.created_at, link.expires_at = link.created_at - by, link.expires_at - by
        db.session.commit()

    sent_earlier(timedelta(hours=71, minutes=59))
    assert invitee.get(f"/auth/set-password?token={token}").status_code == 200  # a minute left
    sent_earlier(timedelta(minutes=1, seconds=1))
    page = invitee.get(f"/auth/set-password?token={token}")
    assert page.status_code == 410
    assert "This link has expired. Ask for a new one." in page.get_data(as_text=True)
    reply = _set(invitee, token)
    assert reply.status_code == 410
    assert "This link has expired" in reply.get_data(as_text=True)
    assert not _signed_in(invitee)
    db.session.refresh(link)
    assert link.used_at is None
    assert link.user.password_hash == ""
    assert link.user.last_login_at is None
    fresh = app.test_client()
    reply = fresh.post("/auth/login", data={"email": "ivo@example.com", "password": NEW_PASSWORD})
    assert reply.status_code == 200  # refused: the form again


def test_forgot_password_is_throttled_like_sign_in(app, client, leader, smtp_server):
    app.config["LOGIN_MAX_FAILURES_PER_EMAIL"] = 3
    for _ in range(3):
        assert client.post("/auth/forgot", data={"email": leader.email}).status_code == 200
    locked = client.post("/auth/forgot", data={"email": leader.email})
    assert locked.status_code == 429
    unknown = [client.post("/auth/forgot", data={"email": "ghost@example.com"}) for _ in range(4)]
    assert unknown[-1].status_code == 429  # the same lock for an unknown address
    # Reset requests never lock sign-in.
    assert login(app.test_client(), leader)


def test_a_deactivated_user_gets_no_reset_and_cannot_use_a_link(app, client, leader, smtp_server):
    token = _reset_link(client, smtp_server, leader.email)
    leader.active = False
    db.session.commit()
    assert _set(client, token).status_code == 410
    sent = len(smtp_server.messages)
    client.post("/auth/forgot", data={"email": leader.email})
    time.sleep(0.3)
    assert len(smtp_server.messages) == sent
