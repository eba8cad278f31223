"""Strategy sessions: roles and attendees, the agenda in the issue's order, the scribe's forms
that lose nothing, the 2-page pre-read (checked as text and as pictures) and the deck (opened
with python-pptx), from the page and from the command line."""

from __future__ import annotations

import html
import re
import secrets
import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import select

from survey_app.actions.services import ActionInput, Target, create_action
from survey_app.extensions import db
from survey_app.models import (
    Action,
    ActionStatus,
    CampaignStatus,
    SessionDecision,
    StrategySession,
    TargetKind,
)
from survey_app.strategy_sessions import wording
from survey_app.surveys.submission import submit_response

from . import factories

ENEMIES_TICKED = ("misaligned_goals", "personal_agendas")


def _wave(company, title, execution, days_ago):
    campaign = factories.make_campaign(company, title)
    campaign.opens_on = date.today() - timedelta(days=days_ago)
    db.session.commit()
    for n in range(6):
        invitation = factories.make_invitation(campaign, team=company.teams[n % 2])
        answers = factories.complete_answers(campaign, importance=9 - n % 3, execution=execution)
        answers["strategy_reviews__execution"] = 1 if execution < 3 else 2
        answers["clear_owner__importance"] = 3
        for key in ENEMIES_TICKED:
            answers[f"{key}__present"] = int(n < 4)
        submit_response(invitation.id, answers, None, secrets.token_hex(8))
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return campaign


@pytest.fixture
def waves(org, leader):
    """Two closed waves of one company, an action taken after the first, and a past session."""
    company = factories.make_company(org, "Northwind Traders")
    before = _wave(company, "Autumn wave", execution=2, days_ago=200)
    after = _wave(company, "Spring wave", execution=3, days_ago=20)
    past = StrategySession(
        organization_id=org.id,
        company_id=company.id,
        campaign_id=before.id,
        held_on=date.today() - timedelta(days=150),
    )
    db.session.add(past)
    db.session.commit()
    target = Target(TargetKind.PRACTICE, "strategy_reviews", "", "", "")
    due = date.today() - timedelta(days=5)
    data = ActionInput("Hold the Monday reviews", "", leader.id, "", due, ActionStatus.IN_PROGRESS)
    create_action(company, target, data, date.today(), before, past.id)
    return before, after


def _new_session(client, campaign, leader):
    return client.post(
        f"/campaigns/{campaign.id}/sessions/new",
        data={
            "held_on": date.today().isoformat(),
            "horizon_from": "2",
            "horizon_to": "3",
            "attendee_ids": [str(leader.id)],
            "other_attendees": "Pat Outside\nKim Guest",
            "moderator": leader.name.upper(),  # a user's name in another case is that user
            "timekeeper": "Pat Outside",
            "scribe": "Sam Scribe",
        },
    )


def _created(client, campaign, leader) -> StrategySession:
    response = _new_session(client, campaign, leader)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(StrategySession).order_by(StrategySession.id.desc()))


def test_a_session_holds_roles_and_its_agenda_in_order(leader_client, waves, leader):
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    people = [(a.label, a.role_set) for a in session.attendees]
    assert people == [
        (leader.name, ["moderator"]),
        ("Pat Outside", ["timekeeper"]),
        ("Kim Guest", []),
        ("Sam Scribe", ["scribe"]),
    ]
    assert session.attendees[0].user_id == leader.id
    page = leader_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    headings = re.findall(r'<h3 class="h5" id="[^"]+">(\d\. [^<]+)</h3>', page)
    assert [html.unescape(h) for h in headings] == [
        f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)
    ]
    one, two, three, four = (page.index(f'id="item-{n}"') for n in range(1, 5))
    assert one < two < three < four < page.index('id="decisions-title"')
    assert "Hold the Monday reviews" in page[one:two]  # the last session's open action
    assert "Overdue" in page[one:two]
    assert "Before every major investment of time and resource" in page[two:three]
    assert "Misaligned goals: seen by 67% of the raters" in page[three:four]
    assert "Autumn wave" in page[four:]  # what changed since the previous wave
    assert wording.PREPARED in page


def test_a_session_without_roles_is_refused_with_everything_kept(leader_client, waves, leader):
    _, campaign = waves
    response = leader_client.post(
        f"/campaigns/{campaign.id}/sessions/new",
        data={"held_on": "", "horizon_from": "3", "horizon_to": "2", "other_attendees": "Kim"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Must not be before the start." in page
    assert "Kim" in page
    assert (
        db.session.scalar(
            select(StrategySession.id).where(StrategySession.campaign_id == campaign.id)
        )
        is None
    )


def test_the_scribe_records_decisions_and_actions_and_loses_nothing(leader_client, waves, leader):
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    url = f"/sessions/{session.id}"
    too_long = "Decide " + "x" * 2100
    refused = leader_client.post(f"{url}/decisions", data={"decision": too_long})
    assert refused.status_code == 422
    assert too_long in refused.get_data(as_text=True)
    assert (
        leader_client.post(f"{url}/decisions", data={"decision": "Review every Monday"}).status_code
        == 302
    )

    half = {
        "target": "practice:strategy_reviews",
        "title": "Book the Monday slot",
        "owner_name": "Kim Guest",
        "due_on": "",
        "status": "planned",
    }
    refused = leader_client.post(f"{url}/actions", data=half)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="Book the Monday slot"' in page
    assert 'value="Kim Guest"' in page
    ok = leader_client.post(f"{url}/actions", data={**half, "due_on": "2027-01-15"})
    assert ok.status_code == 302
    action = db.session.scalar(select(Action).where(Action.session_id == session.id))
    assert (action.title, action.owner_name, action.campaign_id) == (
        "Book the Monday slot",
        "Kim Guest",
        campaign.id,
    )
    assert [d.text for d in db.session.scalars(select(SessionDecision))] == ["Review every Monday"]
    page = leader_client.get(url).get_data(as_text=True)
    assert "Review every Monday" in page
    assert "Book the Monday slot" in page


def test_the_pre_read_is_two_pages_in_agenda_order(leader_client, waves, leader, tmp_path):
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    leader_client.post(
        f"/sessions/{session.id}/decisions", data={"decision": "Review every Monday"}
    )
    response = leader_client.get(f"/sessions/{session.id}/pre-read.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "northwind-traders-spring-wave-pre-read-" in response.headers["Content-Disposition"]
    reader = PdfReader(BytesIO(response.data))
    assert len(reader.pages) == 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    positions = [text.index(f"{n}. {item}") for n, item in enumerate(wording.AGENDA_ITEMS, 1)]
    assert positions == sorted(positions)
    for sentence in (wording.NO_REVIEW, "Moderator: " + leader.name, "Timekeeper: Pat Outside"):
        assert sentence in text
    assert "Hold the Monday reviews" in text
    assert "Review every Monday" in text
    assert "Misaligned goals" in text
    assert "Concentrate here" in text  # the quadrant chart's own label, drawn on page one
    pdf = tmp_path / "pre-read.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(p.name for p in tmp_path.glob("page-*.png")) == ["page-1.png", "page-2.png"]


def _deck_texts(body: bytes) -> list[tuple[str, str, list[str]]]:
    deck = Presentation(BytesIO(body))
    slides = []
    for slide in deck.slides:
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        pictures = [s.name for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        slides.append((slide.shapes.title.text, texts, pictures))
    return slides


def test_the_deck_holds_the_agenda_in_order_with_every_chart(leader_client, waves, leader):
    _, campaign = waves
    session = _created(leader_client, campaign, leader)
    response = leader_client.get(f"/sessions/{session.id}/deck.pptx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.pptx"')
    slides = _deck_texts(response.data)
    titles = [title for title, _, _ in slides]
    assert titles == [
        "Strategy session: Northwind Traders",
        "How we run this session",
        "Agenda",
        *(f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)),
    ]
    how = slides[1][1]
    for sentence in (
        wording.ROLES,
        wording.PARTICIPATE,
        wording.PREPARED,
        wording.HORIZON,
        wording.GROWTH,
    ):
        assert sentence in how
    agenda = slides[2][1]
    assert [agenda.index(item) for item in wording.AGENDA_ITEMS] == sorted(
        agenda.index(item) for item in wording.AGENDA_ITEMS
    )
    assert [pics for _, _, pics in slides[3:]] == [
        [],
        ["chart-ipa"],
        ["chart-enemies"],
        ["chart-change"],
        [],
    ]
    assert "Hold the Monday reviews" in slides[3][1]
    assert "Misaligned goals" in slides[5][1]
    deck = Presentation(BytesIO(response.data))
    for shape in deck.slides[4].shapes:
        if shape.shape_type == 13:
            assert shape.image.content_type == "image/png"
            assert shape.image.size[0] >= 2000  # high resolution: 720 px drawn at 3x


def test_the_command_line_writes_the_deck(app, waves, tmp_path):
    _, campaign = waves
    out = tmp_path / "deck.pptx"
    result = app.test_cli_runner().invoke(args=["session-deck", str(campaign.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    titles = [title for title, _, _ in _deck_texts(out.read_bytes())]
    assert titles[3:] == [f"{n}. {item}" for n, item in enumerate(wording.AGENDA_ITEMS, 1)]
    assert (
        db.session.scalar(
            select(StrategySession.id).where(StrategySession.campaign_id == campaign.id)
        )
        is None
    )
    missing = app.test_cli_runner().invoke(args=["session-deck", "999999", "-o", str(out)])
    assert missing.exit_code != 0
    assert "No campaign with id 999999" in missing.output


def test_a_prospects_session_reads_its_observers(leader_client, org, leader, rep):
    prospect = factories.make_prospect(org, owner=rep, name="Borealis Bank")
    factories.make_assessment(prospect, rep, ticked=("no_trust", "cynicism"))
    response = leader_client.post(
        f"/prospects/{prospect.id}/sessions/new",
        data={
            "held_on": date.today().isoformat(),
            "horizon_from": "2",
            "horizon_to": "3",
            "moderator": leader.name,
            "timekeeper": rep.name,
            "scribe": rep.name,
        },
    )
    assert response.status_code == 302
    page = leader_client.get(response.location).get_data(as_text=True)
    assert "No trust: seen by 100% of the assessments" in page
    new = leader_client.get(f"/prospects/{prospect.id}/actions/new?target=enemy:no_trust")
    assert new.status_code == 200
    assert "Seen in 100% of the assessments" in new.get_data(as_text=True)
