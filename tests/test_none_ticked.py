"""A checklist sent with nothing ticked asks once, "You ticked none of the 20: is that right?",
before it is accepted: the Enemies-only survey and the self-check (survey_app/checklist.py)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey_app.checklist import CONFIRM_FIELD, CONFIRMED, may_ask
from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD
from survey_app.models import Answer, Response, SelfCheck

from . import factories
from .test_surveys import form_data, nonce_of, open_link

QUESTION = "You ticked none of the 20: is that right?"
CONFIRMATION = re.compile(r'(?=[^>]*name="none_ticked")(?=[^>]*value="confirmed")<input')


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _respondent(app: Flask, org, instruments: tuple[str, ...]) -> tuple[FlaskClient, str]:
    company = factories.make_company(org, teams=())
    campaign = factories.make_campaign(company, with_teams=False, instruments=instruments)
    client = app.test_client()
    open_link(client, str(factories.make_invitation(campaign, email="pat@example.com").token))
    page = client.get("/survey/answers").get_data(as_text=True)
    return client, nonce_of(page)


def test_an_enemies_only_survey_with_nothing_ticked_asks_once(app, org):
    client, nonce = _respondent(app, org, (ENEMIES,))
    asked = client.post("/survey/answers", data=form_data({}, nonce=nonce))
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert QUESTION in page
    assert CONFIRMATION.search(page), "the form carries the confirmation for the next press"
    assert _count(Response) == 0

    again = client.post(
        "/survey/answers", data=form_data({}, nonce=nonce, **{CONFIRM_FIELD: CONFIRMED})
    )
    assert again.status_code == 302
    assert again.location.endswith("/survey/thanks")
    assert _count(Response) == 1
    assert set(db.session.scalars(select(Answer.value))) == {0}  # 20 enemies, none ticked


def test_one_tick_is_accepted_at_once(app, org):
    client, nonce = _respondent(app, org, (ENEMIES,))
    sent = client.post("/survey/answers", data=form_data({"no_trust__present": 1}, nonce=nonce))
    assert sent.status_code == 302
    assert _count(Response) == 1


def test_a_survey_with_other_questions_never_asks(app, org):
    client, nonce = _respondent(app, org, (SCORECARD, ENEMIES))
    company = factories.make_company(org, teams=())
    answers = {
        name: value
        for name, value in factories.complete_answers(
            factories.make_campaign(company, with_teams=False)
        ).items()
        if not name.endswith("__present")
    }
    sent = client.post("/survey/answers", data=form_data(answers, nonce=nonce))
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    assert _count(Response) == 1


def test_the_quick_path_leaves_an_empty_checklist_to_the_form():
    assert may_ask(MultiDict({"csrf_token": "x", "nonce": "n", "action": "submit"}))
    assert may_ask(MultiDict({"team": "3", "no_trust__present": ""}))
    assert not may_ask(MultiDict({"no_trust__present": "y"}))
    assert not may_ask(MultiDict({"recognized_rewarded__importance": "8"}))
    assert not may_ask(MultiDict({CONFIRM_FIELD: CONFIRMED}))


def test_an_empty_self_check_is_asked_about_and_not_counted(rep_client: FlaskClient):
    asked = rep_client.post("/self-check/", data={"note": ""})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert QUESTION in page
    assert CONFIRMATION.search(page)
    assert _count(SelfCheck) == 0  # no data point from a press of the button

    saved = rep_client.post("/self-check/", data={"note": "", CONFIRM_FIELD: CONFIRMED})
    assert saved.status_code == 302
    (check,) = db.session.scalars(select(SelfCheck))
    assert check.ticks == []  # "none of them", said twice: a real answer


def test_a_self_check_with_a_tick_is_saved_at_once(rep_client: FlaskClient):
    assert rep_client.post("/self-check/", data={"enemy_cynicism": "y"}).status_code == 302
    assert _count(SelfCheck) == 1
