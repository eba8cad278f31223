"""Reminders: the leader's button, the automatic schedule, and what the campaign page shows.

Through a real SMTP server (aiosmtpd, tests/smtp.py); under TESTING the queue runs its tasks
inline. A reminder goes to invitations still pending or started, never to one answered or
opted out, and the page shows days and counts, never who.
"""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from survey_app.campaigns.reminders import due_day, run_schedule
from survey_app.extensions import db as _db
from survey_app.models import (
    AuditEntry,
    Invitation,
    InvitationStatus,
    MailDelivery,
    MailKind,
    ReminderRound,
    ReminderTrigger,
    Role,
)
from survey_app.models._types import utcnow
from tests import factories
from tests.conftest import login
from tests.smtp import text_of

PEOPLE = ["ann", "bob", "cat", "dan", "eve", "fay"]


def _invited(leader_client, org, smtp_server, **campaign):  # type: ignore[no-untyped-def]
    """An open campaign with six people mailed their invitation; then dan answered, eve
    started, and fay opted out. The mailbox is emptied."""
    company = factories.make_company(org, "Globex")
    made = factories.make_campaign(company, title="Spring wave", **campaign)
    leader_client.post(
        f"/campaigns/{made.id}/invite/emails",
        data={"emails-emails": "\n".join(f"{p}@example.com" for p in PEOPLE)},
    )
    by_email = {
        i.email: i
        for i in _db.session.scalars(select(Invitation).where(Invitation.campaign_id == made.id))
    }
    assert all(i.emailed for i in by_email.values())
    by_email["dan@example.com"].status = InvitationStatus.COMPLETED
    by_email["eve@example.com"].status = InvitationStatus.STARTED
    by_email["fay@example.com"].declined_at = utcnow()
    _db.session.commit()
    smtp_server.messages.clear()
    return made


def _recipients(smtp_server) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(r for rcpts, _ in smtp_server.messages for r in rcpts)


REMINDED = ["ann@example.com", "bob@example.com", "cat@example.com", "eve@example.com"]


def test_remind_confirms_the_count_then_reminds_only_who_has_not_answered(
    leader_client, org, smtp_server
):
    campaign = _invited(leader_client, org, smtp_server)
    detail = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Remind everyone who has not answered" in detail
    assert "No reminder has gone out yet." in detail

    confirm = leader_client.get(f"/campaigns/{campaign.id}/remind")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "4 people invited by email have not answered yet" in page
    assert "Send 4 reminders" in page
    assert smtp_server.messages == []  # the confirmation sends nothing

    done = leader_client.post(f"/campaigns/{campaign.id}/remind", follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "4 reminders queued." in page
    assert _recipients(smtp_server) == REMINDED
    for _, message in smtp_server.messages:
        assert "Spring wave" in message["Subject"]
    # The page: one round, its day and count, and nobody's address.
    assert "Sent by a leader" in page
    assert '4 reminders in all, in 1 round: <span id="reminders-sent">4 sent</span>' in page
    reminders_section = page.split('id="reminders"')[1].split("</section>")[0]
    assert "@example.com" not in reminders_section
    # Audited, as a count.
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reminder sent"))
    assert entry is not None
    assert "4 reminders" in entry.details


def test_a_started_persons_reminder_looks_like_a_pending_ones(leader_client, org, smtp_server):
    campaign = _invited(leader_client, org, smtp_server)
    leader_client.post(f"/campaigns/{campaign.id}/remind")
    bodies = {rcpts[0]: text_of(message) for rcpts, message in smtp_server.messages}
    assert all(len(factories.tokens_in(b)) == 1 for b in bodies.values())  # a link each

    def shape(body: str) -> str:  # the mail less its own links (the survey's, the opt-out's)
        return re.sub(r"https?://\S+", "<link>", body)

    assert shape(bodies["eve@example.com"]) == shape(bodies["ann@example.com"])


def test_nobody_left_to_remind_is_said_and_nothing_is_recorded(leader_client, org, smtp_server):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company)
    factories.make_invitation(campaign, email="ann@example.com")  # never mailed
    response = leader_client.get(f"/campaigns/{campaign.id}/remind", follow_redirects=True)
    assert "Nobody is left to remind" in response.get_data(as_text=True)
    response = leader_client.post(f"/campaigns/{campaign.id}/remind", follow_redirects=True)
    assert "Nobody is left to remind" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(ReminderRound.id))) == 0
    assert smtp_server.messages == []


def test_the_schedule_is_due_on_its_days_only_once_opened_and_not_long_after():
    class Stub:
        closes_on = date(2027, 3, 20)
        opens_on = date(2027, 3, 1)
        created_at = utcnow()
        reminder_days = [7, 2]

    stub = Stub()
    assert due_day(stub, date(2027, 3, 12)) is None  # type: ignore[arg-type]
    assert due_day(stub, date(2027, 3, 13)) == (date(2027, 3, 13), 7)  # type: ignore[arg-type]
    assert due_day(stub, date(2027, 3, 15)) == (date(2027, 3, 13), 7)  # type: ignore[arg-type]
    assert due_day(stub, date(2027, 3, 16)) is None  # type: ignore[arg-type]
    assert due_day(stub, date(2027, 3, 18)) == (date(2027, 3, 18), 2)  # type: ignore[arg-type]
    stub.opens_on = date(2027, 3, 14)  # its 7-day reminder fell before it opened
    assert due_day(stub, date(2027, 3, 14)) is None  # type: ignore[arg-type]


def test_an_automatic_reminder_fires_when_the_clock_reaches_its_day_once(
    app, leader_client, org, smtp_server
):
    campaign = _invited(leader_client, org, smtp_server)
    closes = campaign.closes_on
    campaign.reminder_days = [7, 2]
    _db.session.commit()

    app.config["CLOCK_TODAY"] = closes - timedelta(days=8)
    assert run_schedule() == 0
    assert smtp_server.messages == []

    app.config["CLOCK_TODAY"] = closes - timedelta(days=7)
    assert run_schedule() == 1
    assert _recipients(smtp_server) == REMINDED
    assert run_schedule() == 0  # the same day again: nothing more
    assert len(smtp_server.messages) == 4

    app.config["CLOCK_TODAY"] = closes - timedelta(days=2)
    assert run_schedule() == 1
    assert len(smtp_server.messages) == 8

    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Automatic, 7 days before closing" in page
    assert 'id="no-public-address"' in page  # the mails went to http://localhost/ links
    app.config["PUBLIC_BASE_URL"] = "https://survey.example.com"
    assert 'id="no-public-address"' not in leader_client.get(f"/campaigns/{campaign.id}").text
    assert "Automatic, 2 days before closing" in page
    assert '8 reminders in all, in 2 rounds: <span id="reminders-sent">8 sent' in page
    rounds = _db.session.scalars(select(ReminderRound)).all()
    assert {r.trigger for r in rounds} == {ReminderTrigger.SCHEDULED}
    assert {r.sent_on for r in rounds} == {closes - timedelta(days=7), closes - timedelta(days=2)}


def test_two_consumers_running_the_schedule_at_once_send_it_once(
    app, leader_client, org, smtp_server
):
    campaign = _invited(leader_client, org, smtp_server)
    campaign.reminder_days = [7]
    app.config["CLOCK_TODAY"] = campaign.closes_on - timedelta(days=7)
    _db.session.commit()  # and no transaction of this thread's open while the two run
    start = threading.Barrier(2)
    claimed: list[int] = []
    errors: list[BaseException] = []

    def consumer() -> None:
        try:
            with app.app_context():
                start.wait()
                claimed.append(run_schedule())
                _db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(claimed) == [0, 1]
    assert _recipients(smtp_server) == REMINDED
    _db.session.expire_all()
    kinds = _db.session.scalars(
        select(MailDelivery.kind).where(MailDelivery.kind == MailKind.REMINDER)
    ).all()
    assert len(kinds) == 4


def test_the_schedule_and_repetition_are_set_on_the_form_and_kept_when_wrong(leader_client, org):
    company = factories.make_company(org, "Globex")
    form = leader_client.get(f"/campaigns/new?company_id={company.id}").get_data(as_text=True)
    assert 'name="reminder_days"' in form
    assert 'value="7, 2"' in form  # proposed for a new campaign
    today = date.today()
    data = {
        "company_id": company.id,
        "title": "Pulse",
        "instruments": ["teamwork_scorecard"],
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
        "min_group_size": 5,
        "reminder_days": "7, soon",
        "repeat_weeks": "4",
    }
    refused = leader_client.post("/campaigns/new", data=data)
    page = refused.get_data(as_text=True)
    assert "Enter whole numbers of days" in page
    assert 'value="7, soon"' in page  # kept
    data["reminder_days"] = "2 7 7"
    leader_client.post("/campaigns/new", data=data)
    from survey_app.models import Campaign

    made = _db.session.scalar(select(Campaign).where(Campaign.title == "Pulse"))
    assert made.reminder_days == [7, 2]
    assert made.repeat_weeks == 4


def test_an_open_campaigns_schedule_and_repetition_can_change(leader_client, org):
    company = factories.make_company(org, "Globex")
    campaign = factories.make_campaign(company, title="Open wave", with_teams=False)
    edit = leader_client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert 'name="reminder_days"' in edit
    data = {
        "title": "Open wave",
        "instruments": [ci.instrument_key for ci in campaign.instruments],
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "min_group_size": campaign.min_group_size,
        "reminder_days": "3",
        "repeat_weeks": "2",
        "version": campaign.version,
    }
    response = leader_client.post(f"/campaigns/{campaign.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    _db.session.expire_all()
    assert campaign.reminder_days == [3]
    assert campaign.repeat_weeks == 2
    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Automatic reminders 3 days before closing" in page
    assert "Repeats every 2 weeks" in page


def test_another_organisations_leader_and_a_rep_cannot_remind(
    app, leader_client, org, other_org, smtp_server
):
    campaign = _invited(leader_client, org, smtp_server)
    outsider = login(app.test_client(), factories.make_user(other_org, Role.LEADER))
    for method in (outsider.get, outsider.post):
        assert method(f"/campaigns/{campaign.id}/remind").status_code == 404
    rep = login(app.test_client(), factories.make_user(org, Role.REP))
    assert rep.post(f"/campaigns/{campaign.id}/remind").status_code in (302, 403)
    assert _db.session.scalar(select(func.count(ReminderRound.id))) == 0
    assert smtp_server.messages == []


def test_the_reminder_counts_agree_with_reminders_in_french(
    leader_client, leader, org, smtp_server
):
    """French "relances" are feminine, and 1 takes the singular: the counts have their own
    messages, not the invitations' ("4 envoyés")."""
    campaign = _invited(leader_client, org, smtp_server)
    leader_client.post(f"/campaigns/{campaign.id}/remind")
    leader.language = "fr"
    _db.session.commit()
    page = leader_client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert '<span id="reminders-sent">4 envoyées</span>, 0 en attente, 0 en échec' in page


def test_the_confirmation_shows_the_words_each_reminder_opens_with(leader_client, org, smtp_server):
    campaign = _invited(leader_client, org, smtp_server)
    confirm = leader_client.get(f"/campaigns/{campaign.id}/remind").get_data(as_text=True)
    assert "Each reminder opens with your words" not in confirm  # none written: nothing said
    campaign.reminder_message = "Five minutes, <please>: it shapes Monday's plan."
    _db.session.commit()
    confirm = leader_client.get(f"/campaigns/{campaign.id}/remind").get_data(as_text=True)
    assert (
        "Each reminder opens with your words: “<bdi>Five minutes, &lt;please&gt;: it shapes"
        " Monday&#39;s plan.</bdi>”" in confirm
    )
    assert smtp_server.messages == []  # the confirmation sends nothing
