"""The submission's fast path: it stores exactly what the full form would, or steps aside;
and a clean post is stored by the quick, guarded write."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey_app.database import deferred_begin
from survey_app.extensions import db
from survey_app.models import Answer, Draft, Response
from survey_app.prepared import DirectCursor
from survey_app.surveys import submission
from survey_app.surveys.forms import build_survey
from survey_app.surveys.services import IncompleteAnswers, check_complete, save_draft
from survey_app.surveys.submission import answers_from_formdata

from . import factories
from .test_surveys import form_data, open_link

# Values a browser, an edited page or a script might post for one question.
RAW = st.one_of(
    st.none(),
    st.sampled_from(["", "0", "1", "3", "4", "5", "8", "10", "11", "-1", "y", "false", "on"]),
    st.sampled_from([" 8", "8 ", "08", "+3", "3.0", "1e1", "٣", "²", "0x3"]),
    st.text(max_size=4),
)


def _full_form(app: Flask, spec, instruments, formdata: MultiDict) -> dict[str, int] | None:
    """What the WTForms path accepts and stores for this post, or None when it refuses it."""
    with app.test_request_context("/survey/answers", method="POST", data=formdata):
        form = spec.form_class()
        if not form.validate():
            return None
        try:
            return check_complete(instruments, spec.answers(form))
        except IncompleteAnswers:
            return None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fast_path_accepts_only_what_the_full_form_stores_identically(app, org, data) -> None:
    campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
    instruments = campaign.pinned_instruments()
    spec = build_survey(campaign, None)
    base = factories.complete_answers(campaign, importance=8, execution=3)
    posted = form_data(base)
    # Change a few questions to anything at all, so most examples stay close to complete.
    for name in data.draw(st.lists(st.sampled_from(sorted(spec.slots)), max_size=4)):
        raw = data.draw(RAW, label=name)
        if raw is None:
            posted.pop(name, None)
        else:
            posted[name] = raw
    formdata = MultiDict(posted)

    try:
        fast = check_complete(instruments, answers_from_formdata(instruments, formdata))
    except IncompleteAnswers:
        fast = None
    full = _full_form(app, spec, instruments, formdata)
    if fast is not None:
        assert full == fast  # never stores something the form would not, nor differently
    # The full form may accept a little more (" 8"): such posts simply take the full path.


def _not_expected(*_args, **_kwargs):
    raise AssertionError("the careful path ran")


def test_a_clean_post_is_stored_by_the_fast_path_and_a_bad_one_shows_the_form(
    client, org, monkeypatch
):
    company = factories.make_company(org)
    campaign = factories.make_campaign(company, k=3)
    invitation = factories.make_invitation(campaign)
    open_link(client, invitation.token)
    answers = factories.complete_answers(campaign)
    bad = form_data(answers, campaign.teams[0].id)
    bad["recognized_rewarded__importance"] = "eleven"
    page = client.post("/survey/answers", data=bad)
    assert page.status_code == 200
    assert "Please choose a number from 1 to 10." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    good = form_data(answers, campaign.teams[1].id, nonce="f" * 32)
    db.session.rollback()  # as in a real request, no transaction is open before it
    with monkeypatch.context() as patched:
        patched.setattr(submission, "_submit_carefully", _not_expected)
        assert client.post("/survey/answers", data=good).status_code == 302
    stored = db.session.execute(select(Response.team_id, Response.nonce)).one()
    assert tuple(stored) == (campaign.teams[1].id, "f" * 32)
    stored_answers = db.session.execute(select(Answer.item_key, Answer.dimension, Answer.value))
    assert {(f"{i}__{d}", v) for i, d, v in stored_answers} == set(answers.items())


def test_a_draft_saved_between_the_check_and_the_write_is_never_left_behind(app, org) -> None:
    """The quick write claims the invitation only if no draft appeared since it looked; else
    the careful path runs, and deletes the draft with the rest of the submission."""
    campaign = factories.make_campaign(factories.make_company(org), with_teams=False)
    invitation = factories.make_invitation(campaign)
    answers = factories.complete_answers(campaign)
    invitation_id, holder = invitation.id, invitation.token_hash
    db.session.rollback()

    def read(instruments):
        return check_complete(instruments, answers), None

    with app.test_request_context("/survey/answers", method="POST"):
        with db.engine.connect() as connection:
            with deferred_begin(), connection.begin(), DirectCursor(connection) as cursor:
                plan = submission._plan(cursor, invitation_id, "n" * 24, read, locked=False)
            assert plan is not None
            assert not plan.has_draft
            save_draft(invitation_id, holder, {"recognized_rewarded__importance": "8"})  # a tab
            with connection.begin(), DirectCursor(connection) as cursor:
                assert submission._store(cursor, plan, invitation_id, guarded=True) is None
                connection.rollback()
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
        submission.submit_response(invitation_id, answers, None, "m" * 24)
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
