"""Free-text comments: stored apart, published k at a time, shown from their own threshold."""

from __future__ import annotations

import io
import secrets
import zipfile

import pytest
from sqlalchemy import func, inspect, select

from survey_app.campaigns.services import close_campaign
from survey_app.comments.services import report_comments
from survey_app.extensions import db
from survey_app.models import AuditEntry, Campaign, Comment, Draft, Role
from survey_app.models.comments import DEFAULT_PROMPTS
from survey_app.results.campaign import campaign_results
from survey_app.results.scope import UNSCOPED, Viewer
from survey_app.surveys.submission import submit_response
from tests import factories
from tests.conftest import login
from tests.test_surveys import IMPORTANCE, form_data, nonce_of, open_link

SCORECARD = "teamwork_scorecard"
PROMPT = DEFAULT_PROMPTS[SCORECARD]


@pytest.fixture
def company(org):
    return factories.make_company(org, "Acme Sales")


@pytest.fixture
def campaign(company) -> Campaign:
    campaign = factories.make_campaign(company, "Spring wave", k=3)
    for pinned in campaign.instruments:
        if pinned.instrument_key == SCORECARD:
            pinned.comment_prompt = PROMPT
    campaign.comment_threshold = 5
    db.session.commit()
    return campaign


def _answer(campaign: Campaign, text: str, team=None) -> None:  # type: ignore[no-untyped-def]
    team = team or campaign.teams[0]
    invitation = factories.make_invitation(campaign, team=team)
    answers = factories.complete_answers(campaign)
    submit_response(
        invitation.id, answers, team.id, secrets.token_hex(8), comments={SCORECARD: text}
    )


def _published() -> int:
    return db.session.scalar(select(func.count()).where(Comment.published.is_(True))) or 0


def test_a_comment_is_stored_apart_from_its_response(campaign) -> None:
    _answer(campaign, "  More time for account planning.  ")
    comment = db.session.scalars(select(Comment)).one()
    assert comment.text == "More time for account planning."
    assert comment.instrument_key == SCORECARD
    columns = {c.key for c in inspect(Comment).columns}
    # Nothing that ties it to a person, a team, a day or the response it came with.
    assert columns == {"id", "campaign_id", "instrument_key", "text", "published", "hidden", "tags"}
    assert len(comment.id) == 32  # random: not even the row order follows the answers


def test_a_box_the_campaign_did_not_ask_for_is_not_stored(campaign) -> None:
    invitation = factories.make_invitation(campaign, team=campaign.teams[0])
    answers = factories.complete_answers(campaign)
    submit_response(
        invitation.id, answers, campaign.teams[0].id, secrets.token_hex(8),
        comments={"enemies_of_teamwork": "forged"},
    )  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_comments_of_an_open_campaign_are_published_k_at_a_time_and_all_at_close(campaign) -> None:
    for n in range(2):
        _answer(campaign, f"comment {n}")
    assert _published() == 0  # two waiting: k is 3
    _answer(campaign, "comment 2")
    assert _published() == 3
    _answer(campaign, "comment 3")
    assert _published() == 3
    close_campaign(campaign)
    assert _published() == 4


def _page(client, campaign) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/campaigns/{campaign.id}/comments")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_leader_sees_comments_only_from_the_threshold(leader_client, campaign) -> None:
    for n in range(3):
        _answer(campaign, f"Published but too few #{n}")
    page = _page(leader_client, campaign)
    assert "Comments are shown once at least 5 people have answered" in page
    assert "too few" not in page
    for n in range(3, 6):
        _answer(campaign, f"Enough now #{n}")
    page = _page(leader_client, campaign)  # 6 responses shown, 6 comments published
    assert "6 comments" in page
    assert "Enough now #5" in page
    # The dashboard links to the page; the export never holds a comment.
    assert 'id="comments-link"' in leader_client.get(f"/campaigns/{campaign.id}/dashboard").text
    exported = leader_client.get(f"/campaigns/{campaign.id}/export-csv.zip").data
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert all(b"Enough now" not in archive.read(name) for name in archive.namelist())
    assert b"Enough now" not in leader_client.get(f"/campaigns/{campaign.id}/export.xlsx").data


def test_a_team_scoped_viewer_or_a_team_filter_sees_no_comment(campaign) -> None:
    for n in range(6):
        _answer(campaign, f"c{n}", team=campaign.teams[0])
    close_campaign(campaign)
    results = campaign_results(campaign)
    assert report_comments(campaign, results, UNSCOPED) is not None
    scoped = Viewer(frozenset({campaign.teams[0].id}))
    assert report_comments(campaign, campaign_results(campaign, viewer=scoped), scoped) is None
    one_team = campaign_results(campaign, team=campaign.teams[0].id)
    assert report_comments(campaign, one_team, UNSCOPED) is None


def test_search_tag_and_hide_with_an_audit_entry(leader_client, campaign) -> None:
    texts = ["Split credits early", "Trust the account owner", "Credits again", "x", "y"]
    for text in texts:
        _answer(campaign, text)
    close_campaign(campaign)
    page = leader_client.get(f"/campaigns/{campaign.id}/comments?q=credits").text
    assert "2 comments found" in page
    assert "Trust the account owner" not in page
    target = db.session.scalar(select(Comment).where(Comment.text == "Trust the account owner"))
    tagged = leader_client.post(
        f"/campaigns/{campaign.id}/comments/{target.id}/tags",
        data={"tags": ["clear_owner", "not-a-practice"]},
    )
    assert tagged.status_code == 302
    db.session.refresh(target)
    assert target.tags == ["clear_owner"]
    by_tag = leader_client.get(f"/campaigns/{campaign.id}/comments?tag=clear_owner").text
    assert "1 comment found" in by_tag
    hidden = leader_client.post(f"/campaigns/{campaign.id}/comments/{target.id}/hide")
    assert hidden.status_code == 302
    db.session.refresh(target)
    assert target.hidden  # kept in the record
    page = leader_client.get(f"/campaigns/{campaign.id}/comments").text
    assert "4 comments" in page
    assert "1 hidden comment" in page
    hid = select(AuditEntry).where(AuditEntry.action == "comment hidden")
    entry = db.session.scalars(hid).one()
    assert entry.object_kind == "comment"
    assert "Trust the account owner" not in entry.object_label + entry.details  # never the text
    report = report_comments(campaign, campaign_results(campaign), UNSCOPED)
    assert "Trust the account owner" not in report.by_instrument[SCORECARD]


def test_another_organisation_cannot_touch_a_comment(app, campaign) -> None:
    for text in "abcde":
        _answer(campaign, text)
    close_campaign(campaign)
    comment = db.session.scalars(select(Comment)).first()
    other = factories.make_user(factories.make_org("Other"), Role.LEADER)
    client = login(app.test_client(), other)
    assert client.get(f"/campaigns/{campaign.id}/comments").status_code == 404
    assert client.post(f"/campaigns/{campaign.id}/comments/{comment.id}/hide").status_code == 404


def test_the_respondent_sees_the_box_the_warning_and_keeps_a_draft(client, campaign) -> None:
    invitation = factories.make_invitation(campaign, "pat@example.com", campaign.teams[0])
    open_link(client, invitation.token)
    html = client.get("/survey/answers").get_data(as_text=True)
    assert PROMPT in html
    assert "shown to the leaders exactly as written" in html
    assert "do not include names" in html
    assert 'name="comment__enemies_of_teamwork"' not in html  # that box is off
    saved = client.post(
        "/survey/answers",
        data={"action": "save", IMPORTANCE: "9", f"comment__{SCORECARD}": "Half-written thought"},
    )
    assert saved.status_code == 302
    assert db.session.get(Draft, invitation.id).answers[f"comment__{SCORECARD}"] == (
        "Half-written thought"
    )
    resumed = client.get(saved.location)  # the private link the save made
    assert resumed.status_code in (200, 302)
    html = client.get("/survey/answers").get_data(as_text=True)
    assert "Half-written thought" in html
    answers = factories.complete_answers(campaign)
    data = form_data(answers, nonce=nonce_of(html))
    data[f"comment__{SCORECARD}"] = "Finished thought"
    assert client.post("/survey/answers", data=data).status_code == 302
    assert db.session.scalars(select(Comment.text)).all() == ["Finished thought"]
    assert db.session.get(Draft, invitation.id) is None
