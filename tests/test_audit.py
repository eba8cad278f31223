"""The audit log: what is recorded, by one writer, in the change's own transaction; the page,
its filters and CSV; what is never recorded (a respondent, an answer, a token); retention."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from flask import g
from sqlalchemy import select

from survey_app import audit
from survey_app.audit import actions
from survey_app.extensions import db
from survey_app.models import AuditEntry, Company, Role, User
from survey_app.models._types import utcnow

from . import factories
from .conftest import login
from .test_surveys import form_data, nonce_of, open_link

LINK = re.compile(r"/auth/set-password\?token=([A-Za-z0-9_\-]+)")


def entries(**where: object) -> list[AuditEntry]:
    db.session.expire_all()
    query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def done(action: str, kind: str = "") -> list[AuditEntry]:
    return [e for e in entries(action=action) if not kind or e.object_kind == kind]


def test_only_admins_open_the_audit_log(admin_client, leader_client, rep_client):
    assert admin_client.get("/admin/audit").status_code == 200
    assert admin_client.get("/admin/audit.csv").status_code == 200
    for client in (leader_client, rep_client):
        assert client.get("/admin/audit").status_code in (403, 404)
        assert client.get("/admin/audit.csv").status_code in (403, 404)


def test_sign_in_and_failed_sign_in_of_an_account_are_recorded_never_the_password(
    app, leader, other_org
):
    client = app.test_client()
    wrong = "not-the-password-at-all"
    client.post("/auth/login", data={"email": leader.email.upper(), "password": wrong})
    client.post("/auth/login", data={"email": "nobody@example.com", "password": wrong})
    # A password typed into the email field is stored nowhere.
    client.post("/auth/login", data={"email": "hunter2hunter2@x.example", "password": wrong})
    login(client, leader)

    failed = done(actions.FAILED_SIGN_IN)
    assert len(failed) == 1
    assert (failed[0].actor_id, failed[0].actor_email) == (None, leader.email)
    assert (failed[0].object_kind, failed[0].object_id) == ("user", leader.id)
    assert failed[0].organization_id == leader.organization_id
    assert failed[0].address == "127.0.0.1"
    signed_in = done(actions.SIGN_IN)
    assert [(e.actor_id, e.actor_email, e.address) for e in signed_in] == [
        (leader.id, leader.email, "127.0.0.1")
    ]
    for entry in entries():
        assert wrong not in repr(vars(entry))
        assert "nobody@" not in entry.actor_email + entry.object_label
        assert "hunter2" not in entry.actor_email + entry.object_label


def test_creates_changes_opens_closes_and_deletes_are_recorded(leader_client, leader, org):
    assert (
        leader_client.post("/companies/new", data={"name": "Globex", "kind": "own"}).status_code
        == 302
    )
    company = db.session.scalar(select(Company).where(Company.name == "Globex"))
    data = factories.company_edit_form(company, notes="New notes")
    assert leader_client.post(f"/companies/{company.id}/edit", data=data).status_code == 302
    campaign = factories.make_campaign(company, status=factories.CampaignStatus.DRAFT)
    url = f"/campaigns/{campaign.id}"
    assert leader_client.post(f"{url}/open").status_code == 302
    assert leader_client.post(f"{url}/close").status_code == 302
    campaign_id, company_id = campaign.id, company.id
    assert leader_client.post(f"{url}/delete").status_code == 302
    assert leader_client.post(f"/companies/{company_id}/delete").status_code == 302

    created = done(actions.CREATE, "company")
    assert [(e.object_id, e.object_label) for e in created] == [(company_id, "Globex")]
    assert [e.details for e in done(actions.CHANGE, "company")] == ["fields: notes"]
    assert [e.object_id for e in done(actions.OPEN)] == [campaign_id]
    assert [e.object_id for e in done(actions.CLOSE)] == [campaign_id]
    deleted = {(e.object_kind, e.object_id) for e in done(actions.DELETE)}
    assert {("campaign", campaign_id), ("company", company_id)} <= deleted
    for entry in entries():
        assert (entry.actor_id, entry.actor_email) == (leader.id, leader.email)
        assert entry.organization_id == org.id


def test_an_entry_is_written_in_the_changes_transaction_and_goes_with_its_rollback(
    app, leader, org
):
    company = factories.make_company(org, "Initech")
    with app.test_request_context("/companies/1/edit", method="POST"):
        g._login_user = db.session.get(User, leader.id)
        company.notes = "rolled back"
        db.session.flush()
        assert done(actions.CHANGE)  # in the transaction (expire_all rereads it)...
        db.session.rollback()
        assert not done(actions.CHANGE)  # ...and gone with it
        company = db.session.get(Company, company.id)
        company.notes = "kept"
        db.session.commit()
    assert [e.details for e in done(actions.CHANGE)] == ["fields: notes"]


def test_role_change_deactivation_and_invitation_sent(admin_client, admin, leader):
    admin_client.post(f"/admin/users/{leader.id}/role", data={"role": "admin"})
    admin_client.post(f"/admin/users/{leader.id}/deactivate")
    admin_client.post(f"/admin/users/{leader.id}/reactivate")
    page = admin_client.post(
        "/admin/users/invite", data={"email": "new@example.com", "name": "New", "role": "rep"}
    ).get_data(as_text=True)
    token = LINK.search(page).group(1)

    assert [e.details for e in done(actions.ROLE_CHANGE)] == ["leader → admin"]
    assert [e.object_id for e in done(actions.DEACTIVATE)] == [leader.id]
    assert [e.object_id for e in done(actions.REACTIVATE)] == [leader.id]
    assert [e.object_label for e in done(actions.INVITATION_SENT)] == ["new@example.com"]
    assert [e.object_label for e in done(actions.CREATE, "user")] == ["new@example.com"]
    assert all(token not in repr(vars(e)) for e in entries())


def test_exports_and_pdf_downloads_are_recorded_refusals_are_not(leader_client, rep_client, org):
    company = factories.make_company(org, "Hooli")
    campaign = factories.make_campaign(company)
    assert leader_client.get(f"/campaigns/{campaign.id}/export.xlsx").status_code == 200
    assert rep_client.get(f"/campaigns/{campaign.id}/export.xlsx").status_code == 403
    assert leader_client.get(f"/campaigns/{campaign.id}/report.pdf").status_code == 200
    exports = done(actions.EXPORT)
    assert [(e.object_kind, e.object_id) for e in exports] == [("campaign", campaign.id)]
    pdfs = done(actions.PDF_DOWNLOAD)
    assert [(e.object_kind, e.object_id, e.details) for e in pdfs] == [
        ("campaign", campaign.id, "application/pdf")
    ]


def _entry(org, who: User | None, action: str, label: str, days_ago: int = 0) -> None:
    db.session.add(
        AuditEntry(
            organization_id=org.id,
            actor_id=who.id if who else None,
            actor_email=who.email if who else "",
            action=action,
            object_kind="company",
            object_id=1,
            object_label=label,
            at=utcnow() - timedelta(days=days_ago),
        )
    )


def test_the_page_filters_by_user_action_and_dates_pages_and_exports_csv(
    admin_client, admin, leader, org, other_org
):
    for n in range(60):
        _entry(org, leader, actions.CHANGE, f"Paged {n:02d}", days_ago=n)
    _entry(org, admin, actions.DELETE, '=HYPERLINK("http://evil.example")', days_ago=3)
    _entry(other_org, None, actions.DELETE, "Other org's secret")
    db.session.commit()

    first = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "Other org" not in first
    by_admin = admin_client.get(f"/admin/audit?user={admin.id}").get_data(as_text=True)
    assert "HYPERLINK" in by_admin
    assert "Paged" not in by_admin
    deletes = admin_client.get("/admin/audit?action=delete").get_data(as_text=True)
    assert "HYPERLINK" in deletes
    assert "Paged" not in deletes
    day = (utcnow() - timedelta(days=10)).date().isoformat()
    one_day = admin_client.get(f"/admin/audit?since={day}&until={day}").get_data(as_text=True)
    assert "Paged 10" in one_day
    assert "Paged 09" not in one_day
    assert "Paged 11" not in one_day
    bad = admin_client.get("/admin/audit?since=yesterday&user=99999&action=x")
    assert bad.status_code == 200
    assert "enter a date as YYYY-MM-DD" in bad.get_data(as_text=True)

    response = admin_client.get(f"/admin/audit.csv?user={admin.id}&action=delete")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "audit-log" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    labels = [row[6] for row in rows[1:]]
    assert labels == ['\'=HYPERLINK("http://evil.example")']  # never a formula
    exported = done(actions.EXPORT)
    assert [(e.object_kind, e.actor_id) for e in exported] == [("audit log", admin.id)]


def test_no_respondent_action_answer_or_token_is_ever_recorded(
    app, leader_client, admin_client, leader, org
):
    """A respondent journey (taken by a signed-in leader in the same browser, the worst case),
    the invitation and reset flows, then every audit row is scanned."""
    company = factories.make_company(org, "Vandelay")
    campaign = factories.make_campaign(company, k=3)
    invitation = factories.make_invitation(campaign, email="pat@example.com")
    survey_token = invitation.token
    open_link(leader_client, survey_token)
    leader_client.post("/survey/answers", data={"action": "save"})
    nonce = nonce_of(leader_client.get("/survey/answers").get_data(as_text=True))
    answers = factories.complete_answers(campaign, importance=7, execution=2)
    data = form_data(answers, campaign.teams[0].id, nonce=nonce)
    assert leader_client.post("/survey/answers", data=data).status_code == 302

    page = admin_client.post(
        "/admin/users/invite", data={"email": "invitee@example.com", "role": "rep"}
    ).get_data(as_text=True)
    invite_token = LINK.search(page).group(1)
    newcomer = app.test_client()
    password = "a long enough passphrase"
    newcomer.post(
        "/auth/set-password",
        data={"token": invite_token, "password": password, "confirm": password},
    )
    reset = admin_client.post(f"/admin/users/{leader.id}/send-link").get_data(as_text=True)
    reset_token = LINK.search(reset).group(1)

    rows = entries()
    assert rows, "the admin's actions are recorded"
    secrets_ = (survey_token, invite_token, reset_token, nonce, password, "pat@example.com")
    for entry in rows:
        text = repr(vars(entry))
        for secret in secrets_:
            assert secret not in text
        assert entry.object_kind not in {"response", "answer", "draft", "invitation"}
        assert entry.object_id != invitation.id or entry.object_kind != "invitation"
    assert not [e for e in rows if e.actor_id == leader.id and e.action != actions.SIGN_IN]
    assert {e.action for e in rows if e.actor_email == "invitee@example.com"} == {actions.SIGN_IN}


def test_prune_audit_deletes_entries_older_than_the_retention_period(app, runner, org, leader):
    assert app.config["AUDIT_RETENTION_DAYS"] == 400
    _entry(org, leader, actions.CHANGE, "old", days_ago=401)
    _entry(org, leader, actions.CHANGE, "kept", days_ago=399)
    _entry(org, leader, actions.CHANGE, "recent", days_ago=20)
    db.session.commit()
    result = runner.invoke(args=["prune-audit"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 audit log entries older than 400 days" in result.output
    assert [e.object_label for e in entries()] == ["kept", "recent"]
    assert runner.invoke(args=["prune-audit", "--days", "30"]).exit_code == 0
    assert [e.object_label for e in entries()] == ["recent"]


def test_record_refuses_an_unknown_action_and_records_nothing_without_anyone(app, org):
    import pytest

    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("peek", org)
    assert audit.record(actions.CHANGE, org) is None  # no request, no user, no organisation


def test_leaders_and_reps_see_no_admin_role_in_records(rep_client, rep):
    assert rep.role == Role.REP
    assert [e.actor_id for e in done(actions.SIGN_IN)] == [rep.id]
