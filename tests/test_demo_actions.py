"""The demo data of issue 16: actions (some done, one overdue), one past strategy session with
its decisions, and closed prospects with outcomes across the bands, so the track record shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Company, CompanyKind
from survey_app.models.actions import (
    Action,
    ActionStatus,
    SessionDecision,
    StrategySession,
)
from survey_app.models.outcomes import DealOutcome, Outcome


def test_the_demo_has_actions_a_past_session_and_closed_deals(runner, app):
    result = runner.invoke(args=["demo", "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    today = date.today()

    actions = db.session.scalars(select(Action)).all()
    statuses = {a.status for a in actions}
    assert ActionStatus.DONE in statuses, statuses
    assert statuses & {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS}, statuses
    overdue = [a for a in actions if a.overdue(today)]
    assert len(overdue) >= 1, [(a.title, a.due_on, a.status) for a in actions]
    assert all(a.status.is_open and a.due_on < today for a in overdue)

    sessions = db.session.scalars(select(StrategySession)).all()
    past = [s for s in sessions if s.held_on < today]
    assert len(past) == 1, [(s.id, s.held_on) for s in sessions]
    decisions = db.session.scalars(
        select(SessionDecision).where(SessionDecision.session_id == past[0].id)
    ).all()
    assert decisions
    assert any(a.session_id == past[0].id for a in actions)  # actions recorded in the session

    outcomes = db.session.scalars(select(DealOutcome)).all()
    assert len(outcomes) >= 6
    assert {o.outcome for o in outcomes} >= {Outcome.WON, Outcome.LOST}
    prospects = {o.company_id for o in outcomes}
    kinds = {db.session.get(Company, c).kind for c in prospects}
    assert kinds == {CompanyKind.PROSPECT}
