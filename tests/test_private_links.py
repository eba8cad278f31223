"""A personal link is for its first use: the respondent's first save replaces it with a private
link, so the copy a leader kept shows no answer and cannot submit (issue 12, part 2).

Everything goes through the real routes (Flask test client, real database): the leader invites
through the invite pages, the respondent answers through ``/s/<token>`` and the survey form.
"""

from __future__ import annotations

import re
import socket

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import (
    Draft,
    Invitation,
    InvitationStatus,
    Response,
    UsedToken,
    UsedTokenReason,
    token_digest,
)
from tests import factories
from tests.security.snapshot import snapshot
from tests.smtp import text_of

IMPORTANCE = "recognized_rewarded__importance"
EXECUTION = "recognized_rewarded__execution"
ENEMY = "no_trust__present"
DRAFT = {IMPORTANCE: "9", EXECUTION: "3", ENEMY: "y"}
USED = "This link has been used: the person it was sent to has their own."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def invite(leader_client: FlaskClient, campaign, email: str) -> str:
    """Invite ``email`` through the invite page (mail off) and return the link shown, once."""
    response = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": email}
    )
    assert response.status_code == 200
    (token,) = factories.tokens_in(response.get_data(as_text=True))
    return token


def private_token(location: str) -> str:
    match = re.fullmatch(r"(?:http://localhost)?/s/([A-Za-z0-9_-]+)", location)
    assert match, location
    return match.group(1)


def save(client: FlaskClient, answers: dict[str, str]):
    return client.post("/survey/answers", data={"action": "save", **answers})


def complete(campaign) -> dict[str, str]:
    answers = factories.complete_answers(campaign)
    data = {k: str(v) for k, v in answers.items() if not k.endswith("__present")}
    data.update({k: "y" for k, v in answers.items() if k.endswith("__present") and v})
    data["team"] = str(campaign.teams[0].id)
    return data


def shows_nothing_of_the_invitation(html: str) -> None:
    """No form, no question, no answer: the draft's values cannot be read off the page."""
    assert "<form" not in html
    assert "checked" not in html
    for name in (IMPORTANCE, EXECUTION, ENEMY, "nonce"):
        assert name not in html
    assert "Continue where you left off" not in html


@pytest.fixture
def campaign(org):
    return factories.make_campaign(factories.make_company(org), title="Spring wave", k=3)


def test_the_leaders_copy_of_a_started_invitation_shows_no_answer_and_cannot_submit(
    app, leader_client, campaign
):
    handed_out = invite(leader_client, campaign, "pat@example.com")
    # The leader opens the link before the respondent does, and keeps that browser open.
    leader_browser = app.test_client()
    assert leader_browser.get(f"/s/{handed_out}").status_code == 302

    respondent = app.test_client()
    assert respondent.get(f"/s/{handed_out}").status_code == 302
    saved = save(respondent, DRAFT)
    assert saved.status_code == 302
    mine = private_token(saved.location)
    assert mine != handed_out
    (invitation,) = db.session.scalars(select(Invitation)).all()
    assert invitation.token_hash == token_digest(mine)
    assert invitation.status == InvitationStatus.STARTED
    assert db.session.get(Draft, invitation.id).answers == DRAFT

    # The leader's copy of the link, opened afresh, leads to the "used" page and nothing else.
    fresh = app.test_client()
    page = fresh.get(f"/s/{handed_out}")
    assert page.status_code == 410
    html = page.get_data(as_text=True)
    assert USED in html
    shows_nothing_of_the_invitation(html)
    for path in ("/survey", "/survey/answers"):
        shows_nothing_of_the_invitation(fresh.get(path).get_data(as_text=True))

    # The browser that held the link before it was replaced is told so, then forgets it.
    html = leader_browser.get("/survey").get_data(as_text=True)
    assert USED in html
    shows_nothing_of_the_invitation(html)
    for path in ("/survey", "/survey/answers", "/survey/saved"):
        shows_nothing_of_the_invitation(leader_browser.get(path).get_data(as_text=True))
    leader_browser = app.test_client()  # held since before the first use, again
    leader_browser.get(f"/s/{handed_out}")
    with leader_browser.session_transaction() as session:
        session["survey_invitation"] = invitation.id
        session["survey_link"] = token_digest(handed_out)
    assert USED in leader_browser.get("/survey/answers").get_data(as_text=True)

    # Neither can submit or save through it: refused, and nothing is stored.
    before = snapshot()
    for client in (leader_browser, fresh):
        with client.session_transaction() as session:
            session["survey_invitation"] = invitation.id
            session["survey_link"] = token_digest(handed_out)
        submitted = client.post("/survey/answers", data={**complete(campaign), "nonce": "n" * 24})
        assert submitted.status_code in (200, 410)
        assert "/survey/thanks" not in (submitted.location or "")
        shows_nothing_of_the_invitation(submitted.get_data(as_text=True))
        saved = save(client, {IMPORTANCE: "1"})
        assert "/s/" not in (saved.location or "")
        shows_nothing_of_the_invitation(saved.get_data(as_text=True))
    assert snapshot() == before
    assert count(Response) == 0
    assert db.session.get(Draft, invitation.id).answers == DRAFT

    # The respondent's own link still resumes their draft, and submits.
    assert respondent.get("/survey/answers").status_code == 200
    other_device = app.test_client()
    assert other_device.get(f"/s/{mine}").status_code == 302
    form = other_device.get("/survey/answers").get_data(as_text=True)
    assert re.search(rf'checked[^>]*id="{IMPORTANCE}-8"|id="{IMPORTANCE}-8"[^>]*checked', form)
    done = other_device.post("/survey/answers", data={**complete(campaign), "nonce": "m" * 24})
    assert done.location.endswith("/survey/thanks")
    assert count(Response) == 1
    assert count(Draft) == 0


def test_the_first_save_shows_the_private_link_to_bookmark(app, leader_client, campaign):
    handed_out = invite(leader_client, campaign, "pat@example.com")
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    saved = save(respondent, DRAFT)
    mine = private_token(saved.location)

    page = respondent.get(saved.location)  # the address bar now holds the private link
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This is now your own private link" in html
    assert "bookmark it" in html
    assert f'value="http://localhost/s/{mine}"' in html
    assert "emailed" not in html  # mail is off: the page does not claim it was sent
    # A later visit of the same link goes straight on, without the explanation.
    again = respondent.get(f"/s/{mine}")
    assert again.status_code == 302
    assert again.location.endswith("/survey")
    # A second save keeps the private link.
    assert save(respondent, {IMPORTANCE: "7"}).location.endswith("/survey/saved")
    assert db.session.scalars(select(Invitation)).one().token_hash == token_digest(mine)


def test_a_refused_submission_saves_the_draft_under_a_private_link(app, leader_client, campaign):
    """A first submit with questions missing is a first write too: the form comes back with its
    messages and the new private link."""
    handed_out = invite(leader_client, campaign, "pat@example.com")
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    partial = complete(campaign)
    del partial[EXECUTION]
    page = respondent.post("/survey/answers", data=partial).get_data(as_text=True)
    assert "1 question still needs an answer" in page
    (mine,) = factories.tokens_in(page)
    assert "Your answers so far are saved, under a private link of your own" in page
    assert db.session.scalars(select(Invitation)).one().token_hash == token_digest(mine)
    assert USED in app.test_client().get(f"/s/{handed_out}").get_data(as_text=True)
    # The same browser goes on and submits.
    done = respondent.post("/survey/answers", data=complete(campaign))
    assert done.location.endswith("/survey/thanks")


def test_submitting_without_a_draft_just_completes_the_invitation(app, leader_client, campaign):
    handed_out = invite(leader_client, campaign, "pat@example.com")
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    done = respondent.post("/survey/answers", data=complete(campaign))
    assert done.location.endswith("/survey/thanks")
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.status == InvitationStatus.COMPLETED
    assert invitation.token_hash == token_digest(handed_out)
    assert count(UsedToken) == 0
    # The respondent's own browser is told its answers are in; a copy of the link elsewhere
    # gets the page of a used link, the same as a started invitation's.
    assert "We have already received your answers" in respondent.get(f"/s/{handed_out}").get_data(
        as_text=True
    )
    copy = app.test_client().get(f"/s/{handed_out}")
    assert copy.status_code == 410
    assert "This link has been used: the person it was sent to has their own" in copy.get_data(
        as_text=True
    )


def test_of_two_browsers_on_one_link_the_first_to_save_gets_it(app, leader_client, campaign):
    handed_out = invite(leader_client, campaign, "pat@example.com")
    first, second = app.test_client(), app.test_client()
    first.get(f"/s/{handed_out}")
    second.get(f"/s/{handed_out}")
    mine = private_token(save(first, DRAFT).location)
    refused = save(second, {IMPORTANCE: "2"})
    assert refused.status_code == 410
    assert "This link has been used" in refused.get_data(as_text=True)
    invitation = db.session.scalars(select(Invitation)).one()
    assert db.session.get(Draft, invitation.id).answers == DRAFT
    assert invitation.token_hash == token_digest(mine)
    assert count(UsedToken) == 1


def test_an_anonymous_link_is_replaced_on_first_use_and_nothing_is_mailed(
    app, leader_client, campaign, smtp_server
):
    created = leader_client.post(
        f"/campaigns/{campaign.id}/invite/links", data={"links-count": "1"}
    ).get_data(as_text=True)
    (handed_out,) = factories.tokens_in(created)
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    saved = save(respondent, DRAFT)
    mine = private_token(saved.location)
    assert mine != handed_out
    assert "emailed" not in respondent.get(saved.location).get_data(as_text=True)
    assert smtp_server.messages == []
    html = app.test_client().get(f"/s/{handed_out}").get_data(as_text=True)
    assert USED in html
    shows_nothing_of_the_invitation(html)


def _mailed_token(server, to: str) -> str:
    bodies = [text_of(m) for rcpt, m in server.messages if rcpt == [to]]
    assert bodies, f"nothing mailed to {to}"
    (token,) = factories.tokens_in(bodies[-1])
    return token


def test_with_mail_the_private_link_is_emailed_after_the_save(
    app, leader_client, campaign, smtp_server
):
    leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "pat@example.com"}
    )
    handed_out = _mailed_token(smtp_server, "pat@example.com")
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    saved = save(respondent, DRAFT)
    mine = private_token(saved.location)

    assert len(smtp_server.messages) == 2
    recipients, message = smtp_server.messages[-1]
    assert recipients == ["pat@example.com"]
    assert "private link" in message["Subject"]
    assert _mailed_token(smtp_server, "pat@example.com") == mine
    assert "We are also emailing it to you." in respondent.get(saved.location).get_data(
        as_text=True
    )


def test_a_mail_failure_never_undoes_the_save(app, leader_client, campaign):
    handed_out = invite(leader_client, campaign, "pat@example.com")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    respondent = app.test_client()
    respondent.get(f"/s/{handed_out}")
    saved = save(respondent, DRAFT)
    assert saved.status_code == 302
    mine = private_token(saved.location)
    html = respondent.get(saved.location).get_data(as_text=True)
    assert "This is now your own private link" in html
    assert "emailed it" not in html  # never that it went out: the queue is still trying
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.token_hash == token_digest(mine)
    assert db.session.get(Draft, invitation.id).answers == DRAFT


def test_resend_by_email_replaces_the_link_and_the_leader_never_sees_it(
    app, leader_client, campaign, smtp_server
):
    leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "pat@example.com"}
    )
    first = _mailed_token(smtp_server, "pat@example.com")
    respondent = app.test_client()
    respondent.get(f"/s/{first}")
    mine = private_token(save(respondent, DRAFT).location)  # started, with a private link

    response = leader_client.post(
        f"/campaigns/{campaign.id}/links/resend",
        data={"resend-emails": "pat@example.com\nnobody@example.com"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert (
        "A new link is being emailed to 1 person. The link each had before no longer works once "
        "it is sent." in page
    )
    assert "Not invited to this campaign, so nothing was sent: nobody@example.com" in page
    resent = _mailed_token(smtp_server, "pat@example.com")
    assert resent not in {first, mine}
    assert factories.tokens_in(page) == []  # the leader never sees the new link

    replaced = app.test_client().get(f"/s/{mine}")
    assert replaced.status_code == 410
    assert "This link has been replaced" in replaced.get_data(as_text=True)
    shows_nothing_of_the_invitation(replaced.get_data(as_text=True))
    # The held session of the old link is refused too.
    assert "This link has been replaced" in respondent.get("/survey/answers").get_data(as_text=True)
    # The new link works, and resumes the draft.
    later = app.test_client()
    assert later.get(f"/s/{resent}").status_code == 302
    form = later.get("/survey/answers").get_data(as_text=True)
    assert re.search(rf'checked[^>]*id="{IMPORTANCE}-8"|id="{IMPORTANCE}-8"[^>]*checked', form)
    reasons = {u.reason for u in db.session.scalars(select(UsedToken))}
    assert reasons == {UsedTokenReason.USED, UsedTokenReason.REPLACED}


def test_without_mail_resend_says_what_to_do_instead(leader_client, campaign):
    factories.make_invitation(campaign, "pat@example.com")
    page = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
    assert "Mail is not set up on this server, so links cannot be sent again." in page
    assert "create a new anonymous link" in page
    refused = leader_client.post(
        f"/campaigns/{campaign.id}/links/resend", data={"resend-emails": "pat@example.com"}
    ).get_data(as_text=True)
    assert "Create a new anonymous link for the person instead." in refused
    assert factories.tokens_in(refused) == []


def test_links_are_shown_once(leader_client, campaign):
    created = leader_client.post(
        f"/campaigns/{campaign.id}/invite/links", data={"links-count": "3"}
    ).get_data(as_text=True)
    tokens = factories.tokens_in(created)
    assert len(tokens) == 3
    assert "These links are shown only now." in created
    invited = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "pat@example.com"}
    ).get_data(as_text=True)
    tokens += factories.tokens_in(invited)
    assert len(tokens) == 4

    for path in ("/links", "/links", "/invite", ""):
        page = leader_client.get(f"/campaigns/{campaign.id}{path}").get_data(as_text=True)
        assert factories.tokens_in(page) == [], path
        for token in tokens:
            assert token not in page
    counts = leader_client.get(f"/campaigns/{campaign.id}/links").get_data(as_text=True)
    assert "Personal links are shown once, when they are created" in counts


def test_no_table_holds_a_link_that_was_ever_issued(app, leader_client, campaign, smtp_server):
    """A whole journey, then every row of every table: no survey token issued is in any."""
    issued: list[str] = []
    leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails",
        data={"emails-emails": "pat@example.com\nsam@example.com\nkim@example.com"},
    )
    issued += [_mailed_token(smtp_server, a) for a in ("pat@example.com", "sam@example.com")]
    kim = _mailed_token(smtp_server, "kim@example.com")
    issued.append(kim)
    smtp_server.refused.add("lou@example.com")
    failed = leader_client.post(
        f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "lou@example.com"}
    ).get_data(as_text=True)
    assert factories.tokens_in(failed) == []  # refused: counted as failed, never shown
    created = leader_client.post(
        f"/campaigns/{campaign.id}/invite/links", data={"links-count": "2"}
    ).get_data(as_text=True)
    issued += factories.tokens_in(created)
    assert len(set(issued)) == 5

    pat = app.test_client()  # saves (a private link, mailed), then submits
    pat.get(f"/s/{issued[0]}")
    issued.append(private_token(save(pat, DRAFT).location))
    assert pat.post("/survey/answers", data=complete(campaign)).status_code == 302
    sam = app.test_client()  # saves, and is sent a new link
    sam.get(f"/s/{issued[1]}")
    issued.append(private_token(save(sam, DRAFT).location))
    leader_client.post(
        f"/campaigns/{campaign.id}/links/resend", data={"resend-emails": "sam@example.com"}
    )
    issued.append(_mailed_token(smtp_server, "sam@example.com"))
    smtp_server.refused.clear()
    leader_client.post(f"/campaigns/{campaign.id}/invite/send")  # lou, with a new link
    issued.append(_mailed_token(smtp_server, "lou@example.com"))
    anonymous = app.test_client()  # submits straight away
    anonymous.get(f"/s/{issued[4]}")
    assert anonymous.post("/survey/answers", data=complete(campaign)).status_code == 302
    assert len(set(issued)) == len(issued) == 9

    cells = [str(cell) for rows in snapshot().values() for row in rows for cell in row]
    assert len(cells) > 50
    for token in issued:
        assert not any(token in cell for cell in cells), "a survey token is stored"
    # What is stored is a digest, by which each current link is found.
    stored = set(db.session.scalars(select(Invitation.token_hash)))
    assert token_digest(kim) in stored


def test_the_private_link_is_mailed_from_the_queue_and_never_stored_there_in_clear(tmp_path):
    """The save only queues the mail; what the queue's storage holds is sealed (Fernet under a
    key from SECRET_KEY), and the consumer mails the link while it is still the invitation's."""
    from survey_app.jobs import queue

    from .conftest import app_on_fresh_database, login
    from .smtp import MailServer

    jobs_file = tmp_path / "jobs.sqlite3"
    with app_on_fresh_database(
        tmp_path, JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(jobs_file)
    ) as app:
        server = MailServer().start()
        try:
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
            org = factories.make_org("Acme")
            campaign = factories.make_campaign(factories.make_company(org), k=3)
            leader = login(app.test_client(), factories.make_user(org))
            leader.post(
                f"/campaigns/{campaign.id}/invite/emails", data={"emails-emails": "pat@x.org"}
            )
            huey = queue(app)
            db.session.rollback()  # every SQLite transaction writes here: let the task's in
            while huey.pending_count():  # the invitation's own mail
                huey.execute(huey.dequeue())
            (_, first) = server.messages[-1]
            (handed_out,) = factories.tokens_in(text_of(first))
            respondent = app.test_client()
            respondent.get(f"/s/{handed_out}")
            mine = private_token(save(respondent, DRAFT).location)
            page = respondent.get(f"/s/{mine}").get_data(as_text=True)
            assert "We are also emailing it to you." in page
            assert len(server.messages) == 1  # nothing sent inside the request
            assert huey.pending_count() == 1
            stored = b"".join(f.read_bytes() for f in tmp_path.glob("jobs.sqlite3*"))  # and WAL
            assert handed_out.encode() in text_of(first).encode()
            assert mine.encode() not in stored  # sealed in the queue
            db.session.rollback()
            huey.execute(huey.dequeue())
            recipients, message = server.messages[-1]
            assert recipients == ["pat@x.org"]
            assert factories.tokens_in(text_of(message)) == [mine]
        finally:
            server.stop()
            db.session.rollback()


def test_a_queued_private_link_replaced_since_is_not_mailed(app, leader_client, campaign):
    from survey_app.surveys.mail_jobs import seal, send_private_link, unseal

    handed_out = invite(leader_client, campaign, "pat@example.com")
    invitation = db.session.scalars(select(Invitation)).one()
    assert unseal(seal(handed_out)) == handed_out
    sealed_before = seal(handed_out)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # a send here would raise
    send_private_link(invitation.id, seal("not-the-invitations-link-now"), "http://localhost")
    app.config["SECRET_KEY"] = "rotated-" + "x" * 40  # sealed under the old key: dropped
    assert unseal(sealed_before) is None
    send_private_link(invitation.id, sealed_before, "http://localhost")
    with pytest.raises(RuntimeError, match="mail server"):  # the current link is mailed
        send_private_link(invitation.id, seal(handed_out), "http://localhost")
