"""Action plans: the service the home page and the digest read, and the hook for the next wave."""

from __future__ import annotations

from datetime import date, timedelta

from survey_app.actions.services import (
    ActionInput,
    Target,
    actions_for_owner,
    create_action,
    prefill,
    set_status,
    targets_with_actions,
)
from survey_app.models import ActionStatus, TargetKind

from . import factories

TODAY = date(2026, 12, 1)


def _target(key: str = "strategy_reviews", kind: TargetKind = TargetKind.PRACTICE) -> Target:
    return Target(kind, key, key, "Do it. Then more.", "")


def _input(owner_id: int | None, due: date, name: str = "") -> ActionInput:
    return ActionInput("Hold reviews", "", owner_id, name, due)


def test_actions_for_owner_lists_only_their_open_actions_overdue_first(app, org, leader):
    company = factories.make_company(org)
    other = factories.make_user(org)
    late = create_action(company, _target(), _input(leader.id, TODAY - timedelta(days=3)), TODAY)
    soon = create_action(company, _target(), _input(leader.id, TODAY + timedelta(days=2)), TODAY)
    later = create_action(company, _target(), _input(leader.id, TODAY + timedelta(days=40)), TODAY)
    done = create_action(company, _target(), _input(leader.id, TODAY - timedelta(days=9)), TODAY)
    set_status(done, ActionStatus.DONE, TODAY)
    create_action(company, _target(), _input(other.id, TODAY), TODAY)
    create_action(company, _target(), _input(None, TODAY, name="Pat Outside"), TODAY)
    # Another organisation's action owned by a user of the same id range never shows.
    outsider = factories.make_user(factories.make_org())
    create_action(
        factories.make_company(outsider.organization), _target(), _input(outsider.id, TODAY), TODAY
    )

    mine = actions_for_owner(leader)
    assert [a.id for a in mine] == [late.id, soon.id, later.id]
    assert [a.overdue(TODAY) for a in mine] == [True, False, False]
    assert done.finished_on == TODAY


def test_targets_with_actions_names_practices_and_enemies_per_company(app, org, leader):
    company, elsewhere = factories.make_company(org), factories.make_company(org)
    create_action(company, _target("strategy_reviews"), _input(leader.id, TODAY), TODAY)
    create_action(
        company, _target("misaligned_goals", TargetKind.ENEMY), _input(None, TODAY, "Kim"), TODAY
    )
    dropped = create_action(company, _target("split_credits"), _input(None, TODAY, "Kim"), TODAY)
    set_status(dropped, ActionStatus.DROPPED, TODAY)
    create_action(elsewhere, _target("clear_owner"), _input(None, TODAY, "Kim"), TODAY)

    assert targets_with_actions(company.id) == {
        TargetKind.PRACTICE: {"strategy_reviews"},
        TargetKind.ENEMY: {"misaligned_goals"},
    }


def test_prefill_takes_the_playbooks_first_sentence_as_the_title():
    title, notes = prefill('Adopt "No review, no resources": no travel. Hold the reviews weekly.')
    assert title == 'Adopt "No review, no resources": no travel.'
    assert notes == "Hold the reviews weekly."
    long_title, long_notes = prefill("x" * 300)
    assert len(long_title) == 200
    assert long_notes == "x" * 300
