"""The single sign-on page (``/admin/sso``): admins only, the secret stored and never shown
back, password sign-in off only with a break-glass admin, every change audited."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEntry, Role
from survey_app.models.sso import SsoSettings
from tests import factories


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "enabled": "y",
        "issuer": "https://login.example.com/",
        "client_id": "scorecard",
        "client_secret": "s3cret-value-never-shown",
        "email_domain": "@Example.COM",
        "default_role": "rep",
        "break_glass": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_sets_up_single_sign_on_and_the_secret_is_never_shown(admin_client, org, admin):
    assert admin_client.get("/admin/sso").status_code == 200
    assert "/admin/sso" in admin_client.get("/admin/settings").get_data(as_text=True)

    saved = admin_client.post("/admin/sso", data=_form())

    assert saved.status_code == 302
    row = db.session.get(SsoSettings, org.id)
    assert (row.issuer, row.client_id, row.email_domain, row.default_role) == (
        "https://login.example.com",
        "scorecard",
        "example.com",
        Role.REP,
    )
    assert row.client_secret == "s3cret-value-never-shown"
    page = admin_client.get("/admin/sso").get_data(as_text=True)
    assert "s3cret-value-never-shown" not in page
    assert "http://localhost/auth/sso/callback" in page  # what to register at the provider

    # Saved again with the secret left empty: the stored one stays.
    again = admin_client.post("/admin/sso", data=_form(client_secret="", default_role="leader"))
    assert again.status_code == 302
    db.session.refresh(row)
    assert row.client_secret == "s3cret-value-never-shown"
    assert row.default_role == Role.LEADER

    entries = list(
        db.session.scalars(select(AuditEntry).where(AuditEntry.object_kind == "single sign-on"))
    )
    assert [e.action for e in entries] == ["create", "change"]
    assert all("s3cret" not in e.details for e in entries)
    assert "default_role" in entries[1].details


def test_the_secret_is_asked_for_the_first_time(admin_client, org):
    response = admin_client.post("/admin/sso", data=_form(client_secret=""))

    assert response.status_code == 200
    assert "Enter the client secret." in response.get_data(as_text=True)
    assert db.session.get(SsoSettings, org.id) is None


def test_only_https_or_loopback_issuers(admin_client, org):
    plain = admin_client.post("/admin/sso", data=_form(issuer="http://login.example.com"))
    assert "must start with https://" in plain.get_data(as_text=True)
    loopback = admin_client.post("/admin/sso", data=_form(issuer="http://127.0.0.1:8081"))
    assert loopback.status_code == 302


def test_password_sign_in_off_needs_a_break_glass_admin(admin_client, org, admin):
    refused = admin_client.post("/admin/sso", data=_form(password_off="y"))
    assert "Choose a break-glass admin first" in refused.get_data(as_text=True)
    assert db.session.get(SsoSettings, org.id) is None

    leader = factories.make_user(org, Role.LEADER)
    not_an_admin = admin_client.post(
        "/admin/sso", data=_form(password_off="y", break_glass=str(leader.id))
    )
    assert not_an_admin.status_code == 200  # only the organisation's admins are offered

    saved = admin_client.post("/admin/sso", data=_form(password_off="y", break_glass=str(admin.id)))
    assert saved.status_code == 302
    row = db.session.get(SsoSettings, org.id)
    assert row.password_off
    assert row.break_glass_user_id == admin.id


def test_a_domain_is_one_organisations(admin_client, org, other_org):
    db.session.add(
        SsoSettings(
            organization_id=other_org.id,
            issuer="https://idp.other.example",
            client_id="x",
            client_secret="y",
            email_domain="example.com",
        )
    )
    db.session.commit()

    response = admin_client.post("/admin/sso", data=_form())

    assert "example.com is already used by another organisation" in response.get_data(as_text=True)
    assert db.session.get(SsoSettings, org.id) is None


def test_only_admins_reach_the_page(leader_client, rep_client):
    assert leader_client.get("/admin/sso").status_code == 403
    assert rep_client.post("/admin/sso", data=_form()).status_code == 403


def test_what_the_admin_typed_is_shown_escaped(admin_client, org):
    hostile = '"><script>alert(1)</script>'
    saved = admin_client.post(
        "/admin/sso", data=_form(issuer=f"https://login.example.com/{hostile}", client_id=hostile)
    )
    assert saved.status_code == 302

    page = admin_client.get("/admin/sso").get_data(as_text=True)

    assert "<script>alert(1)" not in page
    assert page.count("&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 2
