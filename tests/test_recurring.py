"""Recurring pulses, closing and opening on their dates, and the one clock.

When a wave that repeats closes (by a leader, or by its date passing), its next wave is made
once, with the same instruments, teams, k and invitees, opens on its date, and the leaders are
told by email and on their home page (``recent_waves``).
"""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from survey_app import clock, webhooks
from survey_app.campaigns.recurrence import (
    create_next_wave,
    next_wave_of,
    recent_waves,
)
from survey_app.campaigns.tasks import campaign_schedule
from survey_app.extensions import db as _db
from survey_app.models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationKind,
    InvitationStatus,
    Role,
)
from survey_app.models._types import utcnow
from tests import factories
from tests.smtp import text_of
from tests.test_webhooks import _add_endpoint, receiver  # noqa: F401, F811 - a fixture


def _pulse(org, weeks: int = 4) -> Campaign:  # type: ignore[no-untyped-def]
    company = factories.make_company(org, "Globex")
    campaign = factories.make_campaign(company, title="Monthly pulse", k=4)
    campaign.repeat_weeks = weeks
    campaign.reminder_days = [3]
    sales = next(t for t in company.teams if t.name == "Sales")
    for name in ("ann", "bob", "cat"):
        _db.session.add(
            Invitation(
                campaign=campaign, kind=InvitationKind.EMAIL, email=f"{name}@x.com", team=sales
            )
        )
    _db.session.add(Invitation(campaign=campaign, kind=InvitationKind.LINK))
    declined = Invitation(campaign=campaign, kind=InvitationKind.EMAIL, email="dan@x.com")
    declined.declined_at = utcnow()
    declined.status = InvitationStatus.STARTED
    _db.session.add(declined)
    _db.session.commit()
    return campaign


def _waves() -> int:
    return int(_db.session.scalar(select(func.count(Campaign.id))) or 0)


def test_closing_a_recurring_wave_makes_its_next_wave_once(app, leader_client, org, smtp_server):
    wave = _pulse(org)
    factories.make_user(org, Role.ADMIN, email="boss@example.com")
    confirm = leader_client.get(f"/campaigns/{wave.id}/close").get_data(as_text=True)
    assert "It repeats every 4 weeks: its next wave is made" in confirm
    response = leader_client.post(f"/campaigns/{wave.id}/close", follow_redirects=True)
    assert response.status_code == 200
    _db.session.expire_all()
    nxt = next_wave_of(wave.id)
    assert nxt is not None
    assert nxt.status == CampaignStatus.DRAFT
    assert nxt.title == "Monthly pulse (wave 2)"
    assert nxt.opens_on == wave.opens_on + timedelta(weeks=4)
    assert nxt.closes_on - nxt.opens_on == wave.closes_on - wave.opens_on
    assert nxt.min_group_size == 4
    assert nxt.reminder_days == [3]
    assert nxt.repeat_weeks == 4
    assert [t.name for t in nxt.teams] == [t.name for t in wave.teams]
    assert [(c.instrument_key, c.instrument_version) for c in nxt.instruments] == [
        (c.instrument_key, c.instrument_version) for c in wave.instruments
    ]
    invited = sorted((i.email, i.team.name if i.team else None) for i in nxt.invitations)
    # The same people by email, in their teams; not the one who opted out, not hand-out links.
    assert invited == [("ann@x.com", "Sales"), ("bob@x.com", "Sales"), ("cat@x.com", "Sales")]
    assert all(i.status == InvitationStatus.PENDING and not i.emailed for i in nxt.invitations)

    # The leaders are told by email, and the page links the waves.
    notices = [m for _, m in smtp_server.messages if "Next wave" in m["Subject"]]
    assert sorted(m["To"] for m in notices) == sorted([org.users[0].email, "boss@example.com"])
    assert "opens by itself on" in text_of(notices[0])
    page = response.get_data(as_text=True)
    assert "Monthly pulse (wave 2)" in page
    assert "opens by itself on" in page
    later = leader_client.get(f"/campaigns/{nxt.id}").get_data(as_text=True)
    assert "Follows" in later
    assert "Wave 2." in later
    assert [w.title for w in recent_waves(org.id)] == ["Monthly pulse (wave 2)"]
    home = leader_client.get("/").get_data(as_text=True)
    news = home.split('id="home-new-waves"')[1].split("</section>")[0]
    assert "Monthly pulse (wave 2)" in news
    assert "with 3 people invited by email" in news

    # Reopen and close again, or run the task again: still one next wave.
    leader_client.post(
        f"/campaigns/{wave.id}/reopen",
        data={"closes_on": (date.today() + timedelta(days=3)).isoformat()},
    )
    leader_client.post(f"/campaigns/{wave.id}/close")
    assert create_next_wave(wave.id) is None
    assert _waves() == 2


def test_two_consumers_making_the_next_wave_at_once_make_one(app, org):
    wave = _pulse(org)
    wave.status = CampaignStatus.CLOSED
    wave_id = wave.id
    _db.session.commit()
    start = threading.Barrier(2)
    made: list[object] = []
    errors: list[BaseException] = []

    def consumer() -> None:
        try:
            with app.app_context():
                start.wait()
                made.append(create_next_wave(wave_id))
                _db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(1 for m in made if m is not None) == 1
    assert _waves() == 2


def test_a_campaign_closes_on_its_date_and_its_next_wave_opens_on_its_own(app, org, smtp_server):
    wave = _pulse(org, weeks=2)
    wave.closes_on = wave.opens_on + timedelta(days=7)
    closes, opens = wave.closes_on, wave.opens_on
    wave_id = wave.id
    _db.session.commit()

    app.config["CLOCK_TODAY"] = closes  # its last day: still open
    campaign_schedule()
    assert _waves() == 1

    app.config["CLOCK_TODAY"] = closes + timedelta(days=1)
    campaign_schedule()
    campaign_schedule()  # a second consumer's run, or the next one: nothing more
    _db.session.expire_all()
    closed = _db.session.get(Campaign, wave_id)
    assert closed.status == CampaignStatus.CLOSED
    assert closed.closed_on is None  # it closed on its planned date, not early
    nxt = next_wave_of(wave_id)
    assert nxt is not None
    assert _waves() == 2
    assert (nxt.opens_on, nxt.closes_on) == (
        opens + timedelta(weeks=2),
        closes + timedelta(weeks=2),
    )
    assert nxt.status == CampaignStatus.DRAFT
    nxt_id = nxt.id

    app.config["CLOCK_TODAY"] = nxt.opens_on - timedelta(days=1)
    _db.session.commit()
    campaign_schedule()
    _db.session.expire_all()
    assert _db.session.get(Campaign, nxt_id).status == CampaignStatus.DRAFT
    assert not [m for _, m in smtp_server.messages if "Next wave" not in m["Subject"]]

    app.config["CLOCK_TODAY"] = nxt.opens_on
    _db.session.commit()
    campaign_schedule()
    campaign_schedule()
    _db.session.expire_all()
    assert _db.session.get(Campaign, nxt_id).status == CampaignStatus.OPEN
    invited = sorted(
        r for rcpts, m in smtp_server.messages for r in rcpts if "Next wave" not in m["Subject"]
    )
    assert invited == ["ann@x.com", "bob@x.com", "cat@x.com"]  # each once


def test_a_leaders_own_draft_never_opens_by_itself(app, org):
    company = factories.make_company(org)
    draft = factories.make_campaign(company, status=CampaignStatus.DRAFT)
    draft_id = draft.id
    app.config["CLOCK_TODAY"] = draft.opens_on + timedelta(days=1)
    _db.session.commit()
    campaign_schedule()
    _db.session.expire_all()
    assert _db.session.get(Campaign, draft_id).status == CampaignStatus.DRAFT


def test_the_clock_moves_only_in_tests_and_development(app, tmp_path):
    moved = tmp_path / "clock.txt"
    moved.write_text("2031-05-04\n")
    app.config["CLOCK_FILE"] = str(moved)
    assert clock.today() == date(2031, 5, 4)
    app.config["CLOCK_TODAY"] = "2032-01-02"  # a fixed day wins over the file
    assert clock.today() == date(2032, 1, 2)
    app.config.update(TESTING=False, ENV_NAME="production")
    try:
        assert clock.today() != date(2032, 1, 2)  # a production server keeps the real date
    finally:
        app.config.update(TESTING=True)


def test_a_close_by_its_date_tells_the_webhook_endpoints_as_a_leaders_close_does(
    app,
    admin_client,
    org,
    receiver,  # noqa: F811 - the fixture imported above
):
    _add_endpoint(admin_client, receiver.url, webhooks.CAMPAIGN_CLOSED)
    company = factories.make_company(org, teams=("Sales",))
    campaign = factories.make_campaign(company, k=3)
    app.config["CLOCK_TODAY"] = campaign.closes_on + timedelta(days=1)
    _db.session.commit()
    campaign_schedule()
    [call] = receiver.calls
    assert call.headers["Webhook-Event"] == "campaign.closed"
    assert json.loads(call.body)["data"]["campaign"]["status"] == "closed"
