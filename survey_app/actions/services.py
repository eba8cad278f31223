"""Use cases of action plans: create, change, delete and list actions. Each owns its transaction.

Lookups are scoped to the signed-in user's organisation (:func:`get_action`), and the targets an
action may have are the recommendations shown beside the button that opened its form (a
"Concentrate here" practice, an enemy seen by more than a third, a prospect's deal advice), read
through :func:`survey_app.results.campaign.campaign_results`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..auth.access import one_or_404, org_id
from ..extensions import db
from ..instruments import latest_versions
from ..models import OPEN_STATUSES, Action, ActionStatus, Campaign, Company, TargetKind, User

TITLE_MAX = 200


@dataclass(frozen=True)
class ActionInput:
    """What the action form holds, checked."""

    title: str
    notes: str
    owner_id: int | None  # a user of the organisation, or None
    owner_name: str  # a name typed in when the owner has no account ("" otherwise)
    due_on: date
    status: ActionStatus = ActionStatus.PLANNED


@dataclass(frozen=True)
class Target:
    """A practice or enemy an action may target, with its wording and where it came from."""

    kind: TargetKind
    key: str
    text: str
    suggestion: str  # the playbook's action or deal advice
    reason: str  # "Concentrate here · gap +32", "Seen by 45%"


def target_text(kind: TargetKind | str, key: str) -> str:
    """The item's wording, letter for letter, in the page's language (the instrument's own
    translation; item keys are unique across both instruments)."""
    from ..i18n import current_language
    from ..instruments.translations import in_language

    language = current_language()
    for instrument in latest_versions().values():
        for item in in_language(instrument, language).items:
            if item.key == key:
                return item.text
    return key


def prefill(suggestion: str) -> tuple[str, str]:
    """(title, notes) from a playbook text: its first sentence as the title, the rest as notes."""
    text = " ".join(suggestion.split())
    head, dot, rest = text.partition(". ")
    title = head + ("." if dot else "")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "\u2026"
        rest = text
    return title, rest.strip()


def _scoped(query: Select[tuple[Action]]) -> Select[tuple[Action]]:
    return query.where(Action.organization_id == org_id()).options(
        selectinload(Action.owner), selectinload(Action.company)
    )


def get_action(action_id: int) -> Action:
    """The signed-in user's organisation's action, or a 404 like any missing id."""
    return one_or_404(_scoped(select(Action).where(Action.id == action_id)))


def _order(query: Select[tuple[Action]]) -> Select[tuple[Action]]:
    """Open actions first, by due date (so the overdue lead), then the finished ones."""
    finished = Action.status.in_([ActionStatus.DONE, ActionStatus.DROPPED])
    return query.order_by(finished, Action.due_on, Action.id)


def company_actions(company: Company) -> list[Action]:
    return list(
        db.session.scalars(_order(_scoped(select(Action)).where(Action.company_id == company.id)))
    )


def organisation_actions() -> list[Action]:
    return list(db.session.scalars(_order(_scoped(select(Action)))))


def campaign_actions(campaign: Campaign) -> list[Action]:
    query = _scoped(select(Action)).where(Action.campaign_id == campaign.id)
    return list(db.session.scalars(_order(query)))


def actions_for_owner(user: User) -> list[Action]:
    """The open actions (planned or in progress) ``user`` owns, overdue and soonest due first.

    For the home page and the weekly digest; reads the user's own organisation, so it needs no
    request. An action's ``overdue(today)`` says which are late.
    """
    query = (
        select(Action)
        .where(
            Action.organization_id == user.organization_id,
            Action.owner_id == user.id,
            Action.status.in_(OPEN_STATUSES),
        )
        .options(selectinload(Action.company), selectinload(Action.campaign))
        .order_by(Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


def targets_with_actions(company_id: int) -> dict[TargetKind, set[str]]:
    """Which practices and enemies of a company had an action (any status but dropped).

    The hook for the next wave's before and after: the practices acted on, to show beside the
    ones that had none.
    """
    rows = db.session.execute(
        select(Action.target_kind, Action.target_key).where(
            Action.company_id == company_id, Action.status != ActionStatus.DROPPED
        )
    )
    found: dict[TargetKind, set[str]] = {TargetKind.PRACTICE: set(), TargetKind.ENEMY: set()}
    for kind, key in rows:
        found[TargetKind(kind)].add(key)
    return found


def org_users() -> list[User]:
    """The active users an action may be given to, by name."""
    query = select(User).where(User.organization_id == org_id(), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def _apply(action: Action, data: ActionInput, today: date) -> None:
    was_open = action.status is None or ActionStatus(action.status).is_open
    action.title = data.title
    action.notes = data.notes
    action.owner_id = data.owner_id
    action.owner_name = "" if data.owner_id else data.owner_name
    action.due_on = data.due_on
    action.status = data.status
    if data.status.is_open:
        action.finished_on = None
    elif was_open or action.finished_on is None:
        action.finished_on = today


def create_action(
    company: Company,
    target: Target,
    data: ActionInput,
    today: date,
    campaign: Campaign | None = None,
    session_id: int | None = None,
) -> Action:
    """A new action on ``target`` of ``company``, from ``campaign`` (or a prospect's advice)."""
    action = Action(
        organization_id=company.organization_id,
        company_id=company.id,
        campaign_id=campaign.id if campaign is not None else None,
        session_id=session_id,
        target_kind=target.kind,
        target_key=target.key,
    )
    _apply(action, data, today)
    db.session.add(action)
    db.session.commit()
    return action


def update_action(action: Action, data: ActionInput, today: date) -> None:
    _apply(action, data, today)
    db.session.commit()


def set_status(action: Action, status: ActionStatus, today: date) -> None:
    """Only the status (the list's and the session's quick change)."""
    if action.status == status:
        return
    action.status = status
    action.finished_on = None if status.is_open else today
    db.session.commit()


def delete_action(action: Action) -> None:
    db.session.delete(action)
    db.session.commit()
