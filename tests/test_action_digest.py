"""The weekly owner digest: due and overdue actions, once per owner and week, over real SMTP."""

from __future__ import annotations

from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from flask_babel import gettext

from survey_app.actions.digest import weekly_digests
from survey_app.actions.services import ActionInput, Target, create_action, set_status, target_text
from survey_app.extensions import db
from survey_app.i18n import rendering_in
from survey_app.models import ActionStatus, TargetKind
from survey_app.text import page_day

from . import factories
from .smtp import text_of

MONDAY = date(2026, 11, 30)


def _action(company, owner_id, due, title, name=""):
    target = Target(TargetKind.PRACTICE, "strategy_reviews", "", "", "")
    data = ActionInput(title, "", owner_id, name, due)
    return create_action(company, target, data, MONDAY)


def test_each_owner_gets_one_digest_of_due_and_overdue_actions(app, org, leader, smtp_server):
    company = factories.make_company(org, "Northwind Traders")
    other = factories.make_user(org)
    _action(company, leader.id, MONDAY - timedelta(days=2), "Map the buyer's chart")
    _action(company, leader.id, MONDAY + timedelta(days=5), "Hold the Monday review")
    _action(company, leader.id, MONDAY + timedelta(days=30), "Later, not in this digest")
    done = _action(company, leader.id, MONDAY, "Already done")
    set_status(done, ActionStatus.DONE, MONDAY)
    _action(company, other.id, MONDAY + timedelta(days=60), "Nothing due for the other owner")
    _action(company, None, MONDAY, "Typed-in owner, no address", name="Pat Outside")

    assert weekly_digests(MONDAY) == 1
    assert weekly_digests(MONDAY) == 0  # a second consumer running the same task sends nothing
    [(recipients, message)] = smtp_server.messages
    assert recipients == [leader.email]
    assert message["Subject"] == "Your actions: 1 overdue, 1 due this week"
    body = text_of(message)
    assert body.index("Map the buyer's chart") < body.index("Hold the Monday review")
    assert "OVERDUE" in body
    assert "Northwind Traders" in body
    assert "Later, not in this digest" not in body
    assert "Already done" not in body

    next_week = MONDAY + timedelta(days=7)
    assert weekly_digests(next_week) == 1  # a new week, a new digest


def test_a_refused_digest_is_not_claimed_so_the_retry_sends_it(app, org, leader, smtp_server):
    company = factories.make_company(org)
    _action(company, leader.id, MONDAY, "Due today")
    smtp_server.refused.add(leader.email)
    with pytest.raises(RuntimeError, match="not sent"):  # the task fails, so Huey retries it
        weekly_digests(MONDAY)
    smtp_server.refused.clear()
    assert weekly_digests(MONDAY) == 1


@pytest.mark.parametrize(
    ("language", "subject", "said"),
    [
        ("fr", "Vos actions\u00a0: 1 en retard, 1 à échéance cette semaine", "(EN RETARD)"),
        ("de", "Ihre Maßnahmen: 1 überfällig, 1 diese Woche fällig", "(ÜBERFÄLLIG)"),
    ],
)
def test_each_owner_reads_the_digest_in_their_own_language(
    app, org, leader, smtp_server, language, subject, said
):
    company = factories.make_company(org, "Northwind Traders")
    english = factories.make_user(org)
    leader.language = language
    db.session.commit()
    _action(company, leader.id, MONDAY - timedelta(days=2), "Map the buyer's chart")
    _action(company, leader.id, MONDAY + timedelta(days=5), "Hold the Monday review")
    _action(company, english.id, MONDAY, "Due today")
    assert weekly_digests(MONDAY) == 2
    mails = {recipients[0]: message for recipients, message in smtp_server.messages}
    translated = mails[leader.email]
    assert str(make_header(decode_header(translated["Subject"]))) == subject
    body = text_of(translated)
    with rendering_in(language):
        practice = target_text(TargetKind.PRACTICE, "strategy_reviews")
        due = page_day(MONDAY + timedelta(days=5))
        greeting = gettext("Hello %(name)s,", name=leader.name)
    assert body.startswith(greeting)
    assert said in body
    assert "Hold the Monday review" in body  # the title as typed
    assert due in body
    assert practice in body
    for word in ("Hello", "Your open actions", "OVERDUE", "due ", "Change their status"):
        assert word not in body, word
    assert mails[english.email]["Subject"] == "Your actions: 1 due this week"  # as before
    assert text_of(mails[english.email]).startswith(f"Hello {english.name},")
