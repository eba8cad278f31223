"""Fuzzing the respondent's side with Hypothesis: the survey link, Start, and the answers.

The survey form is made per campaign from its instruments (about 40 fields). Each example
starts from a complete, valid set of answers and breaks some: values out of range, non-numbers,
blanks, missing questions, a forged team or nonce, unknown field names. The test knows which
breakages make a submission incomplete, so it checks both ways: a complete submission is
stored exactly as posted, and an incomplete one stores no response (only the draft, which
keeps what was given, as the survey promises). See ``test_fuzz_forms.py`` for the helpers.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.instruments.item_types import Slot
from survey_app.models import (
    Campaign,
    CampaignStatus,
    Company,
    Invitation,
    InvitationKind,
    InvitationStatus,
    Organization,
    Response,
)
from survey_app.models.invitations import Draft, UsedTokenReason, token_digest
from survey_app.surveys.links import replace_link
from tests import factories
from tests.security.snapshot import snapshot
from tests.security.test_fuzz_forms import (
    Posted,
    fuzz,
    numbers,
    post,
    stored,
    texts,
    ticked,
    unknown_fields,
)

SLOTS: list[Slot] = [s for key in (SCORECARD, ENEMIES) for s in latest_versions()[key].slots()]
BY_NAME = {slot.name: slot for slot in SLOTS}
RESPONSE_TABLES = {"responses", "answers", "answer_tallies", "response_tallies"}
DRAFT_VALUE_MAX = 20  # a draft keeps a short value per question, whatever was posted


@pytest.fixture
def acme(org: Organization, other_org: Organization) -> Campaign:
    """An open campaign with two teams, and another organisation's team to forge."""
    company = factories.make_company(org, "Acme", teams=("Sales", "Support"))
    factories.make_company(other_org, "Hooli", teams=("Ops",))
    return factories.make_campaign(company, k=3)


def valid_value(slot: Slot) -> st.SearchStrategy[str | None]:
    """A value that answers the question. A browser leaves an unticked box out and sends "y"
    for a ticked one; any other value is read as ticked, except blank and "false"."""
    if slot.kind == "flag":
        return st.sampled_from([None, "y", "false", "", "on", "0"])
    if slot.kind == "choice":
        return st.sampled_from([str(c.value) for c in slot.choices])
    return st.integers(slot.min, slot.max).map(str)


forged_values = st.one_of(
    st.none(),  # missing
    numbers(-5, 15),
    st.sampled_from(["", " ", "false", "y", "11", "0", "-1", "4.0", "５"]),
)


# Like the ones the form renders (token_urlsafe); a repeated one is refused as a resubmission.
NONCES = st.text(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
    min_size=16,
    max_size=64,
)


@dataclass(frozen=True)
class Submission:
    answers: dict[str, str]  # slot name -> posted value
    team: str | None  # "own:<n>" / "other:<n>" (resolved in the test), or as posted
    nonce: str | None
    action: str | None
    extra: dict[str, str]


@st.composite
def submissions(draw: st.DrawFn) -> Submission:
    answers: dict[str, str] = {}
    broken = draw(st.sets(st.sampled_from(list(BY_NAME)), max_size=4))
    for slot in SLOTS:
        value = draw(forged_values if slot.name in broken else valid_value(slot))
        if value is not None:
            answers[slot.name] = value
    team = draw(
        st.one_of(
            st.sampled_from(["own:0", "own:1"]),
            st.sampled_from([None, "", "other:0"]),
            numbers(-1, 10**6),
        )
    )
    nonce = draw(st.one_of(st.none(), NONCES, texts(100)))
    action = draw(st.one_of(st.sampled_from([None, "submit", "save"]), texts(10)))
    return Submission(answers, team, nonce, action, draw(unknown_fields()))


def accepts(slot: Slot, value: str | None) -> bool:
    """Whether a posted value answers this question (as WTForms and ``int()`` read it)."""
    if slot.kind == "flag":
        return True  # a box is ticked or not: every value is one of the two
    if not value:
        return not slot.required
    try:
        return slot.accepts(int(value))
    except ValueError:
        return False


def stored_value(slot: Slot, value: str | None) -> int:
    return (1 if ticked(value) else 0) if slot.kind == "flag" else int(value or 0)


def team_id_of(value: str | None, campaign: Campaign) -> str | None:
    """The posted team value, with ``own:<n>`` / ``other:<n>`` made into real team ids."""
    which, _, n = str(value).partition(":")
    if which not in ("own", "other") or not n.isdigit():
        return value
    if which == "own":
        return str(campaign.teams[int(n)].id)
    hooli = db.session.scalars(select(Company).where(Company.name == "Hooli")).one()
    return str(hooli.teams[int(n)].id)


def chosen_team(value: str | None, campaign: Campaign) -> int | None:
    """The campaign team a posted value names, or None when it names none."""
    try:
        team_id = int(value or "")
    except ValueError:
        return None
    return team_id if team_id in {t.id for t in campaign.teams} else None


def answering(app: Flask, campaign: Campaign, fixed_team: bool) -> tuple[FlaskClient, int]:
    """A new respondent who opened a personal link (with or without a team of their own)."""
    team = campaign.teams[0] if fixed_team else None
    invitation = factories.make_invitation(campaign, team=team, kind=InvitationKind.LINK)
    client = app.test_client()
    assert client.get(f"/s/{invitation.token}").status_code == 302
    return client, invitation.id


def others_unchanged(posted: Posted, invitation_id: int) -> None:
    """No invitation but this respondent's own changed."""
    before = [row for row in posted.before["invitations"] if row[0] != invitation_id]
    after = [row for row in posted.after["invitations"] if row[0] != invitation_id]
    assert before == after


@fuzz(40)
@given(submission=submissions(), fixed_team=st.booleans())
def test_submit_answers(
    app: Flask, acme: Campaign, submission: Submission, fixed_team: bool
) -> None:
    campaign = stored(Campaign, acme.id)
    client, invitation_id = answering(app, campaign, fixed_team)
    data: dict[str, Any] = {**submission.extra, **submission.answers}
    team = team_id_of(submission.team, campaign)
    for name, value in (("team", team), ("nonce", submission.nonce), ("action", submission.action)):
        if value is not None:
            data[name] = value
    nonce = submission.nonce or ""
    reused = _stored_nonce(nonce)  # a resubmission: refused as "already received"
    posted = post(client, "/survey/answers", data)
    if posted.status == 400:  # a NUL character: refused before anything is read
        posted.assert_refused()
        return
    others_unchanged(posted, invitation_id)
    invitation = stored(Invitation, invitation_id)

    if submission.action == "save":
        assert posted.status == 302
        # The first save is the link's first use: it leads to the respondent's private link.
        private = re.fullmatch(r"(?:http://localhost)?/s/([A-Za-z0-9_-]+)", posted.location)
        assert private, posted.location
        assert invitation.token_hash == token_digest(private.group(1))
        check_draft(invitation, data, team_asked=not fixed_team)
        posted.assert_changed_only({"drafts", "invitations", "used_tokens"}, audited=False)
        return

    complete = all(accepts(slot, submission.answers.get(slot.name)) for slot in SLOTS) and (
        fixed_team or chosen_team(team, campaign) is not None
    )
    event(f"survey: complete={complete}, status={posted.status}")
    if posted.status == 302:
        assert posted.location.endswith("/survey/thanks")
        assert complete, "an incomplete submission was stored"
        check_response(posted, invitation, campaign, submission, team)
        assert client.get("/survey/thanks").status_code == 200
        return

    assert posted.status == 200
    assert not posted.changed & RESPONSE_TABLES, "a refused submission stored answers"
    # The full form refuses a nonce over 64 characters; a nonce already stored is a repeat.
    assert not complete or len(nonce) > 64 or reused, "a complete submission was refused"
    if reused:
        return  # "already received": nothing at all is stored
    assert invitation.status == InvitationStatus.STARTED
    check_draft(invitation, data, team_asked=not fixed_team)
    assert 'role="alert"' in posted.page
    assert client.get("/survey/answers").status_code == 200  # the draft reloads


def _stored_nonce(nonce: str) -> bool:
    if "\x00" in nonce:  # PostgreSQL cannot compare one; no stored nonce has one anyway
        return False
    return db.session.scalar(select(Response.id).where(Response.nonce == nonce)) is not None


def check_draft(invitation: Invitation, data: dict[str, Any], team_asked: bool) -> None:
    """The draft keeps the survey's own fields only, each as posted, cut short."""
    draft = db.session.scalar(select(Draft).where(Draft.invitation_id == invitation.id))
    assert draft is not None
    fields = set(BY_NAME) | ({"team"} if team_asked else set())
    assert set(draft.answers) <= fields
    for name, value in draft.answers.items():
        assert value
        assert data[name].startswith(value)
        assert len(value) <= DRAFT_VALUE_MAX


def check_response(
    posted: Posted, invitation: Invitation, campaign: Campaign, submission: Submission, team: Any
) -> None:
    posted.assert_changed_only(RESPONSE_TABLES | {"invitations", "drafts"}, audited=False)
    assert invitation.status == InvitationStatus.COMPLETED
    before = {row[0] for row in posted.before["responses"]}
    (response,) = [
        r
        for r in db.session.scalars(select(Response).where(Response.campaign_id == campaign.id))
        if r.id not in before
    ]
    expected_team = invitation.team_id if invitation.team_id else chosen_team(team, campaign)
    assert response.team_id == expected_team
    answers = {f"{a.item_key}__{a.dimension}": a.value for a in response.answers}
    expected = {
        slot.name: stored_value(slot, submission.answers.get(slot.name))
        for slot in SLOTS
        if slot.kind == "flag" or submission.answers.get(slot.name)
    }
    assert answers == expected


def test_refused_answers_keep_what_was_given(app: Flask, acme: Campaign) -> None:
    campaign = stored(Campaign, acme.id)
    client, _ = answering(app, campaign, fixed_team=True)
    answers = factories.complete_answers(campaign, importance=7, execution=2)
    first = SLOTS[0].name  # an importance rating, 1-10
    data = {name: str(v) for name, v in answers.items() if not name.endswith("__present")}
    data[first] = "11<b>"
    posted = post(client, "/survey/answers", data)
    assert posted.status == 200
    assert not posted.changed & RESPONSE_TABLES
    assert 'role="alert"' in posted.page
    assert "11<b>" not in posted.page
    # Every other answer is still chosen on the page shown again.
    for name, value in data.items():
        if name != first:
            assert chosen(posted.page, name, value), name


def chosen(page: str, name: str, value: str) -> bool:
    """Whether the page has this radio button ticked."""
    return any(
        " checked" in tag and f'name="{name}"' in tag and f'value="{value}"' in tag
        for tag in re.findall(r"<input[^>]*>", page)
    )


# --- the link and Start -----------------------------------------------------------------------


@pytest.fixture
def links(org: Organization) -> dict[str, str]:
    """Tokens of every kind of link, in every state a respondent can meet."""
    company = factories.make_company(org, "Links Inc")
    today = date.today()
    tokens = {}
    for name, status, cap in (
        ("open", CampaignStatus.OPEN, None),
        ("closed", CampaignStatus.CLOSED, None),
        ("full", CampaignStatus.OPEN, 1),
        ("draft", CampaignStatus.DRAFT, None),
    ):
        campaign = factories.make_campaign(
            company, status=status, open_link=secrets.token_urlsafe(16), open_link_cap=cap
        )
        tokens[name] = campaign.open_link_token
        if cap:
            taken = factories.make_invitation(campaign, kind=InvitationKind.OPEN)
            taken.status = InvitationStatus.COMPLETED
    later = factories.make_campaign(company, open_link=secrets.token_urlsafe(16))
    later.opens_on = today + timedelta(days=3)
    tokens["later"] = later.open_link_token
    personal = factories.make_invitation(factories.make_campaign(company), email="pat@example.com")
    tokens["personal"] = personal.token
    used = factories.make_invitation(personal.campaign, email="lee@example.com")
    tokens["used"] = str(used.token)  # replaced at its first use by a private link
    replace_link(used, UsedTokenReason.USED, private_link=True)
    db.session.commit()
    return tokens


KNOWN_LINKS = ("open", "closed", "full", "draft", "later", "personal", "personal+", "used")
# Mostly the known links (each leads somewhere different), else any text, or a long token.
link_tokens = st.sampled_from([*KNOWN_LINKS, "text", "text", "long"]).flatmap(
    lambda name: texts(80) if name == "text" else st.just("a" * 65 if name == "long" else name)
)


@fuzz(30)
@given(token=link_tokens, start=unknown_fields())
def test_link_and_start(app: Flask, links: dict[str, str], token: str, start: dict) -> None:
    if token == "personal+":
        token = links["personal"] + "x"
    token = links.get(token, token)
    client = app.test_client()
    before = snapshot()
    opened = client.get("/s/" + quote(token, safe=""))
    assert opened.status_code in (302, 200, 404, 410) or (
        opened.status_code == 400 and "\x00" in token
    ), opened.status_code
    assert snapshot() == before, "following a link changed what is stored"
    event(f"link -> {opened.status_code}")

    posted = post(client, "/survey/start", start)
    if posted.status == 302:
        assert posted.location.endswith("/survey/answers")
        assert opened.status_code == 302
        if token == links["open"]:  # a new single-use invitation for this person
            assert posted.changed == {"invitations", "invitation_counts"}
            new = len(posted.after["invitations"]) - len(posted.before["invitations"])
            assert new == 1
        else:
            assert not posted.changed
        assert client.get("/survey/answers").status_code == 200
    elif posted.status == 400:
        posted.assert_refused()
    else:
        posted.assert_rejected(200, 404, 410)
        assert "data-reason" in posted.page  # the friendly "cannot answer" page


@fuzz(15)
@given(
    data=st.dictionaries(st.sampled_from(list(BY_NAME) + ["team", "nonce", "action"]), texts(30))
)
def test_answers_without_a_link(app: Flask, acme: Campaign, data: dict) -> None:
    """No survey session: nothing is stored, whatever is posted."""
    posted = post(app.test_client(), "/survey/answers", data)
    posted.assert_rejected(200, 302, 400)
    assert posted.status != 400 or posted.sent_nul
