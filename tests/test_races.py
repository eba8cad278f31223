"""Rules that must hold when requests arrive at the same moment, on SQLite and on PostgreSQL.

Each test starts N threads together on a ``threading.Barrier``; each thread has its own app
context, so its own session and its own database connection, and goes through the real views
(a test client per thread) or the real services. Every round must keep the rule. SQLite has one
writer, so these races were only ever seen on PostgreSQL (``TEST_DATABASE_URL``, ``make test``);
the lost-update tests fail on both engines without the version check.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from survey_app.auth import services as auth_services
from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD
from survey_app.models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    Invitation,
    InvitationKind,
    InvitationStatus,
    LoginFailure,
    Response,
    Role,
    Team,
)
from survey_app.models.tallies import ResponseTally
from survey_app.surveys.services import SurveyUnavailable
from survey_app.surveys.submission import submit_response

from . import factories
from .conftest import login

ROUNDS = 10
TODAY = date.today()


def together(app: Flask, jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run each job in a thread of its own, all released at once; each one's result or error."""
    db.session.rollback()  # the test's own session must hold no transaction (SQLite's lock)
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=20)
                results[index] = job()
            except BaseException as error:  # noqa: BLE001 - reported to the test
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a request hung"
    db.session.expire_all()
    return results


def _unexpected(results: list[Any], *allowed: type[BaseException]) -> list[Any]:
    return [r for r in results if isinstance(r, BaseException) and not isinstance(r, allowed)]


# -- Instruments, teams and k are fixed once a campaign opens --------------------------------


def test_open_and_edit_at_once_never_change_an_open_campaign(app, leader):
    company = factories.make_company(leader.organization, teams=("Sales", "Support"))
    opener, editor = login(app.test_client(), leader), login(app.test_client(), leader)
    seen = threading.local()
    at_open: dict[int, tuple[Any, ...]] = {}

    def state(session: Any, campaign_id: int) -> tuple[Any, ...]:
        k, status = session.execute(
            select(Campaign.min_group_size, Campaign.status).where(Campaign.id == campaign_id)
        ).one()
        keys = session.scalars(
            select(CampaignInstrument.instrument_key)
            .where(CampaignInstrument.campaign_id == campaign_id)
            .order_by(CampaignInstrument.instrument_key)
        ).all()
        return status, k, tuple(keys)

    def witness(session: Session) -> None:
        # What the campaign is, inside the opening transaction, just before it commits.
        campaign_id = getattr(seen, "opening", None)
        if campaign_id is not None and campaign_id not in at_open:
            found = state(session, campaign_id)
            if found[0] == CampaignStatus.OPEN:
                at_open[campaign_id] = found

    event.listen(Session, "before_commit", witness)
    try:
        for _ in range(ROUNDS):
            campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT, k=5)
            edit = {
                "title": "Edited at the last moment",
                "instruments": [SCORECARD],
                "teams": [str(t.id) for t in company.teams],
                "opens_on": TODAY.isoformat(),
                "closes_on": (TODAY + timedelta(days=10)).isoformat(),
                "min_group_size": "3",
            }

            def open_it(campaign_id: int = campaign.id) -> int:
                seen.opening = campaign_id
                try:
                    return opener.post(f"/campaigns/{campaign_id}/open").status_code
                finally:
                    seen.opening = None

            def edit_it(campaign_id: int = campaign.id, data: dict = edit) -> int:
                return editor.post(f"/campaigns/{campaign_id}/edit", data=data).status_code

            results = together(app, [open_it, edit_it])
            assert results[0] == 302, results
            assert results[1] in (200, 302, 409), results
            final = state(db.session, campaign.id)
            assert final[0] == CampaignStatus.OPEN
            assert final == at_open[campaign.id], "an open campaign was edited"
    finally:
        event.remove(Session, "before_commit", witness)


# -- Removing a team never takes it from a campaign that ran with it ----------------------------


def _company_form(company: Company, remove: set[int] = frozenset(), **fields: str) -> dict:
    return factories.company_edit_form(company, remove, **fields)


def test_removing_a_team_while_its_members_submit(app, leader):
    """Removed while its members submit, the team leaves the company but stays the open
    campaign's: every submission is stored under it, and its tallies stay its own."""
    client = login(app.test_client(), leader)
    submitters = 8
    for _ in range(ROUNDS):
        company = factories.make_company(leader.organization, teams=("Sales", "Support"))
        support = next(t for t in company.teams if t.name == "Support")
        support_id = support.id
        campaign = factories.make_campaign(company)
        invitations = [factories.make_invitation(campaign, team=support) for _ in range(submitters)]
        answers = factories.complete_answers(campaign)
        form = _company_form(company, remove={support_id})

        def remove(company_id: int = company.id, data: dict = form) -> int:
            return client.post(f"/companies/{company_id}/edit", data=data).status_code

        def submit(invitation_id: int, answers: dict = answers) -> Any:
            return submit_response(invitation_id, answers, None, secrets.token_hex(8))

        jobs = [remove] + [lambda i=inv.id: submit(i) for inv in invitations]
        results = together(app, jobs)
        assert results[0] == 302, results
        assert not _unexpected(results[1:]), results

        db.session.expire_all()
        team = db.session.get(Team, support_id)
        assert team is not None
        assert team.removed_on is not None
        assert campaign.team_labels[support_id] == "Support"
        by_team = dict(
            db.session.execute(
                select(Response.team_id, func.count())
                .where(Response.campaign_id == campaign.id)
                .group_by(Response.team_id)
            ).all()
        )
        assert by_team == {support_id: submitters}, "responses lost their team"
        tallies = dict(
            db.session.execute(
                select(ResponseTally.team_key, ResponseTally.count).where(
                    ResponseTally.campaign_id == campaign.id
                )
            ).all()
        )
        assert tallies == {support_id: submitters}


# -- The open-link cap -------------------------------------------------------------------------


def test_the_open_link_cap_holds_when_everyone_submits_at_once(app, org):
    company = factories.make_company(org, teams=())
    cap, people = 5, 24
    for _ in range(ROUNDS):
        campaign = factories.make_campaign(
            company, with_teams=False, open_link=secrets.token_urlsafe(12), open_link_cap=cap
        )
        invitations = [
            factories.make_invitation(campaign, kind=InvitationKind.OPEN) for _ in range(people)
        ]
        answers = factories.complete_answers(campaign)
        results = together(
            app,
            [
                lambda i=inv.id, a=answers: submit_response(i, a, None, secrets.token_hex(8))
                for inv in invitations
            ],
        )
        assert not _unexpected(results, SurveyUnavailable), results
        refused = [r for r in results if isinstance(r, SurveyUnavailable)]
        assert all(r.reason == "full" for r in refused)
        stored = db.session.scalar(
            select(func.count(Response.id)).where(Response.campaign_id == campaign.id)
        )
        completed = db.session.scalar(
            select(func.count(Invitation.id)).where(
                Invitation.campaign_id == campaign.id,
                Invitation.status == InvitationStatus.COMPLETED,
            )
        )
        assert stored == completed == cap, (stored, completed)
        assert len(refused) == people - cap


# -- The sign-in throttle ----------------------------------------------------------------------


def test_concurrent_wrong_passwords_check_at_most_the_allowed_number(app, org, monkeypatch):
    email = factories.make_user(org, Role.LEADER).email  # a plain string: threads read it
    checked = []
    real_verify = auth_services.verify_password

    def counting_verify(password_hash: str, password: str) -> bool:
        checked.append(1)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth_services, "verify_password", counting_verify)
    clients = [app.test_client() for _ in range(20)]
    for _ in range(ROUNDS):
        db.session.query(LoginFailure).delete()
        db.session.commit()
        checked.clear()

        def attempt(client: Any) -> int:
            return client.post(
                "/auth/login",
                data={"email": email, "password": "not the password"},
                environ_base={"REMOTE_ADDR": "192.0.2.77"},
            ).status_code

        results = together(app, [lambda c=c: attempt(c) for c in clients])
        assert set(results) <= {200, 429}, results
        assert len(checked) <= 5, f"{len(checked)} passwords were checked"
        assert results.count(200) == len(checked)
        # One after the other, attempts are checked until there are 5 failures, and no more.
        burst = len(checked)
        later = [attempt(clients[0]) for _ in range(6 - burst)]
        assert later == [200] * (5 - burst) + [429]
        assert len(checked) == 5
    # Locked: even the right password is not checked now.
    checked.clear()
    right = clients[0].post("/auth/login", data={"email": email, "password": factories.PASSWORD})
    assert right.status_code == 429
    assert not checked


# -- Lost updates: two people save the same record --------------------------------------------


def _version(page: str) -> str:
    found = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    assert found, "the edit form carries no version"
    return found.group(1)


def _two_saves(app: Flask, user: Any, url: str, forms: list[dict]) -> list[Any]:
    """Two people open the same edit page, then both save at the same moment."""
    clients = [login(app.test_client(), user) for _ in forms]
    for client, form in zip(clients, forms, strict=True):
        form["version"] = _version(client.get(url).get_data(as_text=True))
    return together(
        app, [lambda c=c, f=f: c.post(url, data=f) for c, f in zip(clients, forms, strict=True)]
    )


def _one_saved_one_told(results: list[Any], saved_text: Callable[[int], str]) -> int:
    """Exactly one save went through; the other was shown both versions. The winner's index."""
    codes = [r.status_code for r in results]
    assert sorted(codes) == [302, 409], codes
    winner = codes.index(302)
    told = results[1 - winner].get_data(as_text=True)
    assert "changed meanwhile" in told
    assert saved_text(winner) in told  # the stored version
    assert saved_text(1 - winner) in told  # and theirs, kept in the form
    return winner


def test_two_leaders_saving_the_same_draft_campaign(app, leader):
    company = factories.make_company(leader.organization)
    for _ in range(ROUNDS):
        campaign = factories.make_campaign(company, status=CampaignStatus.DRAFT, k=5)
        titles = [f"Title by leader {n} {secrets.token_hex(3)}" for n in range(2)]
        forms = [
            {
                "title": title,
                "instruments": [SCORECARD, ENEMIES],
                "teams": [str(t.id) for t in company.teams],
                "opens_on": TODAY.isoformat(),
                "closes_on": (TODAY + timedelta(days=10)).isoformat(),
                "min_group_size": str(5 + n),
            }
            for n, title in enumerate(titles)
        ]
        results = _two_saves(app, leader, f"/campaigns/{campaign.id}/edit", forms)
        winner = _one_saved_one_told(results, titles.__getitem__)
        stored = db.session.get(Campaign, campaign.id)
        db.session.refresh(stored)
        assert (stored.title, stored.min_group_size) == (titles[winner], 5 + winner)


def test_two_leaders_saving_the_same_company(app, leader):
    for _ in range(ROUNDS):
        company = factories.make_company(leader.organization, teams=("Sales", "Support"))
        notes = [f"Notes by leader {n} {secrets.token_hex(3)}" for n in range(2)]
        forms = [_company_form(company, notes=note) for note in notes]
        results = _two_saves(app, leader, f"/companies/{company.id}/edit", forms)
        winner = _one_saved_one_told(results, notes.__getitem__)
        stored = db.session.get(Company, company.id)
        db.session.refresh(stored)
        assert stored.notes == notes[winner]


def test_two_reps_saving_the_same_prospect(app, org):
    rep = factories.make_user(org, Role.REP)
    for _ in range(ROUNDS):
        prospect = factories.make_prospect(org, owner=rep)
        notes = [f"Deal notes {n} {secrets.token_hex(3)}" for n in range(2)]
        forms = [
            {
                "name": prospect.name,
                "industry": "Banking",
                "deal_size": "250000",
                "owner": str(rep.id),
                "notes": note,
            }
            for note in notes
        ]
        results = _two_saves(app, rep, f"/prospects/{prospect.id}/edit", forms)
        winner = _one_saved_one_told(results, notes.__getitem__)
        stored = db.session.get(Company, prospect.id)
        db.session.refresh(stored)
        assert stored.notes == notes[winner]


@pytest.mark.parametrize("stale", [True, False])
def test_a_saved_form_older_than_the_record_is_refused(leader_client, leader, stale):
    """Without any concurrency: a form loaded before someone else's save cannot overwrite it."""
    company = factories.make_company(leader.organization)
    url = f"/companies/{company.id}/edit"
    version = _version(leader_client.get(url).get_data(as_text=True))
    if stale:
        other = login(leader_client.application.test_client(), leader)
        form = _company_form(company, notes="someone else's")
        form["version"] = _version(other.get(url).get_data(as_text=True))
        assert other.post(url, data=form).status_code == 302
    mine = {**_company_form(company, notes="mine"), "version": version}
    page = leader_client.post(url, data=mine)
    db.session.expire_all()
    if stale:
        assert page.status_code == 409
        text = page.get_data(as_text=True)
        assert "someone else&#39;s" in text
        assert "mine" in text
        assert db.session.get(Company, company.id).notes == "someone else's"
        # Saving again from the page that showed both versions is a deliberate overwrite.
        again = {**_company_form(company, notes="mine"), "version": _version(text)}
        assert leader_client.post(url, data=again).status_code == 302
    else:
        assert page.status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, company.id).notes == "mine"
