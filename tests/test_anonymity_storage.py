"""After a submission the database holds no IP, no user agent, no time finer than the day,
and nothing that links an invitation to its response."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, inspect, select, text

from survey_app.extensions import db
from survey_app.models import Draft, Invitation, InvitationStatus, Response
from tests import factories

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (AnonymityProbe; rv:1) UniqueAgent/9.9"


def _all_values() -> list[str]:
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            values.extend(str(v) for v in row)
    return values


def test_response_tables_have_no_time_or_link_columns(app):
    inspector = inspect(db.engine)
    for table in ("responses", "answers", "answer_tallies", "response_tallies"):
        columns = {c["name"]: c for c in inspector.get_columns(table)}
        assert not any(isinstance(c["type"], DateTime) for c in columns.values()), table
        assert not {"ip", "ip_address", "user_agent", "invitation_id", "created_at"} & set(columns)
        fks = inspector.get_foreign_keys(table)
        assert all(fk["referred_table"] != "invitations" for fk in fks), table
    for fk in inspector.get_foreign_keys("invitations"):
        assert fk["referred_table"] not in {"responses", "answers"}


def test_submission_through_the_browser_path_leaves_no_trace(client, org):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company)
    invitation = factories.make_invitation(campaign, email="probe@example.com")
    headers = {"User-Agent": AGENT}
    env = {"REMOTE_ADDR": IP}

    start = client.get(f"/s/{invitation.token}", headers=headers, environ_base=env)
    assert start.status_code == 302
    form_url = start.headers["Location"]
    assert invitation.token not in form_url
    answers = factories.complete_answers(campaign)
    answers["team"] = str(company.teams[0].id)
    # Save a draft first, so that the draft's deletion on submit is exercised too.
    intro = client.get(form_url, headers=headers, environ_base=env)
    assert intro.status_code == 200
    form_action = "/survey/answers"
    assert client.get(form_action, headers=headers, environ_base=env).status_code == 200
    saved = client.post(
        form_action,
        data={**{k: str(v) for k, v in list(answers.items())[:5]}, "action": "save"},
        headers=headers,
        environ_base=env,
    )
    assert saved.status_code in (200, 302)
    assert db.session.scalar(select(Draft)) is not None

    done = client.post(
        form_action,
        data={**{k: str(v) for k, v in answers.items()}, "action": "submit", "nonce": "n-123"},
        headers=headers,
        environ_base=env,
        follow_redirects=True,
    )
    assert done.status_code == 200
    db.session.expire_all()
    response = db.session.scalar(select(Response))
    assert response is not None, done.get_data(as_text=True)[:2000]
    assert db.session.get(Invitation, invitation.id).status == InvitationStatus.COMPLETED
    assert db.session.scalar(select(Draft)) is None

    stored = _all_values()
    assert not any(IP in v for v in stored)
    assert not any("AnonymityProbe" in v for v in stored)
    # Only the day: the response's date column is a DATE, and no stored value in the
    # response tables carries a time of day.
    assert isinstance(response.submitted_on, dt.date)
    assert not isinstance(response.submitted_on, dt.datetime)
    raw = db.session.execute(text("SELECT submitted_on FROM responses")).scalar_one()
    assert ":" not in str(raw)
    # No link (besides the schema having no such column): the response row holds neither the
    # invitation's token nor its email.
    row = db.session.execute(text("SELECT * FROM responses")).one()
    assert invitation.token not in {str(v) for v in row}
    assert all("probe@example.com" not in str(v) for v in row)
