"""The users page: who may open it, inviting, role changes, deactivation, the last admin."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from survey_app.admin import services
from survey_app.extensions import db
from survey_app.models import AccountLink, LinkPurpose, Role, User, UserSession, token_digest

from . import factories
from .conftest import login
from .test_races import ROUNDS, together

LINK = re.compile(r"https?://[^\s\"<>]+/auth/set-password\?token=([A-Za-z0-9_\-]+)")


def _invite(client, email="new.leader@example.com", role="leader", name="Nia Leader"):
    return client.post("/admin/users/invite", data={"email": email, "name": name, "role": role})


def test_only_admins_open_the_users_page(admin_client, leader_client, rep_client):
    assert admin_client.get("/admin/users").status_code == 200
    assert admin_client.get("/admin/users/invite").status_code == 200
    for client in (leader_client, rep_client):
        assert client.get("/admin/users").status_code in (403, 404)
        assert client.get("/admin/users/invite").status_code in (403, 404)
        assert _invite(client).status_code in (403, 404)
    assert db.session.scalar(select(User).where(User.email == "new.leader@example.com")) is None


def test_the_list_shows_name_email_role_last_sign_in_and_status(admin_client, admin, leader):
    page = admin_client.get("/admin/users").get_data(as_text=True)
    for text in (admin.name, admin.email, leader.name, leader.email, "Sales leader", "Active"):
        assert text in page
    assert "Never" in page  # the leader has not signed in; the admin just did
    assert "UTC" in page


def test_search_and_paging(admin_client, org):
    for n in range(30):
        user = factories.make_user(org, Role.REP, email=f"rep{n:02d}@paging.example")
        user.name = f"Paging Rep {n:02d}"
    db.session.commit()
    first = admin_client.get("/admin/users?q=paging").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "30 users match the search" in first
    assert "Paging Rep 00" in first
    assert "Paging Rep 29" not in first
    second = admin_client.get("/admin/users?q=paging&page=2").get_data(as_text=True)
    assert "Paging Rep 29" in second
    assert "Paging Rep 00" not in second
    one = admin_client.get("/admin/users?q=REP07%40").get_data(as_text=True)
    assert "Paging Rep 07" in one
    assert "Paging Rep 08" not in one
    none = admin_client.get("/admin/users?q=%25_nobody").get_data(as_text=True)
    assert "Nobody matches" in none


def test_invite_without_smtp_shows_the_link_once_and_stores_only_its_digest(admin_client, app):
    response = _invite(admin_client)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    token = LINK.search(page).group(1)
    assert "Shown only now" in page
    user = db.session.scalar(select(User).where(User.email == "new.leader@example.com"))
    assert user.role == Role.LEADER
    assert user.password_hash == ""
    link = db.session.scalar(select(AccountLink).where(AccountLink.user_id == user.id))
    assert link.token_hash == token_digest(token)
    assert link.purpose == LinkPurpose.INVITE
    hours = (link.expires_at - link.created_at).total_seconds() / 3600
    assert 71.9 < hours <= 72
    # Not stored in plaintext anywhere, and never shown again.
    assert token not in repr(db.session.execute(select(AccountLink.__table__)).all())
    assert token not in admin_client.get("/admin/users").get_data(as_text=True)
    listing = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Invited" in listing
    assert "Resend invitation" in listing


def test_invite_by_email_through_a_real_smtp_server(admin_client, smtp_server):
    response = _invite(admin_client)
    assert response.status_code == 302
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["new.leader@example.com"]
    body = message.get_payload(decode=True).decode()
    assert LINK.search(body), body
    assert "72 hours" in body
    # The admin did not see the link: it went to the invitee only.
    assert LINK.search(admin_client.get("/admin/users").get_data(as_text=True)) is None


def test_invite_refuses_a_bad_or_taken_email_and_keeps_what_was_typed(admin_client, leader):
    page = _invite(admin_client, email="not-an-email", name="Kept Name").get_data(as_text=True)
    assert "is not a valid email address" in page
    assert "Kept Name" in page
    page = _invite(admin_client, email=leader.email.upper()).get_data(as_text=True)
    assert "already exists" in page


def test_resend_invitation_retires_the_earlier_link(admin_client):
    first = LINK.search(_invite(admin_client).get_data(as_text=True)).group(1)
    user = db.session.scalar(select(User).where(User.email == "new.leader@example.com"))
    page = admin_client.post(f"/admin/users/{user.id}/send-link").get_data(as_text=True)
    second = LINK.search(page).group(1)
    assert second != first
    assert (
        admin_client.application.test_client().get(f"/auth/set-password?token={first}").status_code
        == 410
    )


def test_change_role(admin_client, leader):
    response = admin_client.post(f"/admin/users/{leader.id}/role", data={"role": "rep"})
    assert response.status_code == 302
    db.session.refresh(leader)
    assert leader.role == Role.REP
    admin_client.post(f"/admin/users/{leader.id}/role", data={"role": "owner"})
    db.session.refresh(leader)
    assert leader.role == Role.REP


def test_deactivation_ends_the_users_sessions_at_once(app, admin_client, leader):
    victim = login(app.test_client(), leader)
    assert victim.get("/campaigns/").status_code == 200
    assert admin_client.post(f"/admin/users/{leader.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert victim.get("/campaigns/").status_code == 302  # back to sign-in
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == leader.id)) is None
    assert "Deactivated" in admin_client.get("/admin/users").get_data(as_text=True)
    admin_client.post(f"/admin/users/{leader.id}/reactivate")
    db.session.expire_all()
    assert victim.get("/campaigns/").status_code == 302  # the old cookie stays dead
    assert login(app.test_client(), leader).get("/campaigns/").status_code == 200


def test_an_admin_cannot_touch_another_organisations_user(admin_client, other_org):
    stranger = factories.make_user(other_org, Role.ADMIN)
    for action in ("deactivate", "reactivate", "send-link", "role"):
        response = admin_client.post(f"/admin/users/{stranger.id}/{action}", data={"role": "rep"})
        assert response.status_code == 404
    db.session.refresh(stranger)
    assert stranger.active
    assert stranger.role == Role.ADMIN


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(admin_client, admin, org):
    page = admin_client.post(
        f"/admin/users/{admin.id}/role", data={"role": "leader"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "last active admin" in page
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN
    other = factories.make_user(org, Role.ADMIN)
    other.active = False
    db.session.commit()
    # A deactivated admin does not count: still the last active one.
    admin_client.post(f"/admin/users/{admin.id}/role", data={"role": "leader"})
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN
    admin_client.post(f"/admin/users/{other.id}/reactivate")  # reactivation is allowed
    services.change_role(org.id, other.id, Role.LEADER)  # the admin is still there
    with pytest.raises(services.LastAdminError):
        services.change_role(org.id, admin.id, Role.LEADER)
    with pytest.raises(services.LastAdminError):
        services.set_active(org.id, other.id, admin.id, False)


def test_two_admins_demoting_each_other_at_once_cannot_both_succeed(app, org):
    for _ in range(ROUNDS):
        first, second = (factories.make_user(org, Role.ADMIN) for _ in range(2))
        for user in db.session.scalars(select(User).where(User.organization_id == org.id)):
            if user.id not in (first.id, second.id):
                user.role = Role.LEADER
        db.session.commit()
        org_id, ids = org.id, (first.id, second.id)
        results = together(
            app,
            [lambda o=org_id, u=uid: services.change_role(o, u, Role.LEADER) for uid in ids],
        )
        refused = [r for r in results if isinstance(r, services.LastAdminError)]
        assert len(refused) == 1, results
        admins = db.session.scalars(
            select(User).where(User.organization_id == org.id, User.role == Role.ADMIN)
        ).all()
        assert len(admins) == 1


def test_two_admins_deactivating_each_other_at_once_cannot_both_succeed(app, org):
    for _ in range(ROUNDS):
        first, second = (factories.make_user(org, Role.ADMIN) for _ in range(2))
        for user in db.session.scalars(select(User).where(User.organization_id == org.id)):
            if user.id not in (first.id, second.id):
                user.active = False
        db.session.commit()
        org_id, one, two = org.id, first.id, second.id
        jobs = [
            lambda o=org_id, a=one, b=two: services.set_active(o, a, b, False),
            lambda o=org_id, a=two, b=one: services.set_active(o, a, b, False),
        ]
        results = together(app, jobs)
        assert sum(isinstance(r, services.LastAdminError) for r in results) == 1, results
        active = db.session.scalars(
            select(User).where(
                User.organization_id == org.id, User.role == Role.ADMIN, User.active.is_(True)
            )
        ).all()
        assert len(active) == 1
