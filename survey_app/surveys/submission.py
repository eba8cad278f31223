"""Storing a submission: one write transaction, as short as it can be.

A burst of respondents queues on the database's write lock (SQLite has one writer at a time),
so everything here is plain SQL statements built once, and every check is made again inside the
transaction, whatever the caller checked before. ``submit_formdata`` is the respondent's path:
it takes the posted form as it came and refuses anything that is not a clean, complete
submission with ``IncompleteAnswers``, so the view can fall back to the full form with its
messages. ``submit_response`` takes answers already as integers (the demo, the tests).

The anonymity promise holds here: the response gets a random id, the date only, no invitation
id, and the draft is deleted in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, exists, insert, select, update

from ..comments.services import INSERT_COMMENT, PROMPTED, PUBLISH_DUE, comment_rows
from ..database import deferred_begin
from ..extensions import db
from ..i18n import current_language
from ..instruments import Instrument, get_instrument
from ..models import (
    Answer,
    Campaign,
    CampaignInstrument,
    Draft,
    Invitation,
    InvitationKind,
    InvitationStatus,
    Response,
    campaign_teams,
    new_response_id,
)
from ..models.campaigns import accepting_clause, accepting_on
from ..prepared import DirectCursor
from ..results.tallies import record_submission
from ..webhooks import events as webhook_events
from .formdata import TEAM_FIELD, answers_from_formdata, posted_team
from .links import refusal_reason
from .services import (
    IncompleteAnswers,
    SurveyUnavailable,
    check_accepting,
    check_complete,
    check_open_cap,
    today,
)

_invitations, _campaigns, _drafts = Invitation.__table__, Campaign.__table__, Draft.__table__
_campaign_instruments = CampaignInstrument.__table__
_SUBMIT_STATE = (
    select(
        _invitations.c.status.label("invitation_status"),
        _invitations.c.kind,
        _invitations.c.team_id,
        _invitations.c.token_hash,
        _campaigns.c.id.label("campaign_id"),
        _campaigns.c.status,
        _campaigns.c.opens_on,
        _campaigns.c.closes_on,
        _campaigns.c.open_link_cap,
        _campaigns.c.min_group_size,
        _campaigns.c.created_at,
    )
    .add_columns(_drafts.c.invitation_id.is_not(None).label("has_draft"))
    .join(_campaigns, _campaigns.c.id == _invitations.c.campaign_id)
    .outerjoin(_drafts, _drafts.c.invitation_id == _invitations.c.id)
    .where(_invitations.c.id == bindparam("invitation_id"))
    .with_for_update(of=_invitations)
)
_PINNED = (
    select(_campaign_instruments.c.instrument_key, _campaign_instruments.c.instrument_version)
    .where(_campaign_instruments.c.campaign_id == bindparam("campaign_id"))
    .order_by(_campaign_instruments.c.position)
)
# An open link's cap: the campaign's row is locked before its answers are counted, so that
# submissions through a capped link count and store one after the other (PostgreSQL; SQLite's
# write lock already does). Without it, 40 at once each counted 4 of 5 and 9 were stored.
_LOCK_CAMPAIGN = (
    select(_campaigns.c.id).where(_campaigns.c.id == bindparam("campaign_id")).with_for_update()
)
_CAMPAIGN_TEAMS = select(campaign_teams.c.team_id).where(
    campaign_teams.c.campaign_id == bindparam("campaign_id")
)
_INSERT_RESPONSE = insert(Response.__table__)
_INSERT_ANSWERS = insert(Answer.__table__)
_DELETE_DRAFT = delete(Draft.__table__).where(
    Draft.__table__.c.invitation_id == bindparam("invitation_id")
)
# The guarded write: the invitation is taken only if still unanswered, through the link that
# was read (not replaced meanwhile), and its campaign open.
_CLAIM_INVITATION = (
    update(_invitations)
    .where(
        _invitations.c.id == bindparam("invitation_id"),
        _invitations.c.status != InvitationStatus.COMPLETED,
        _invitations.c.token_hash == bindparam("token_hash"),
        exists()
        .where(_campaigns.c.id == _invitations.c.campaign_id)
        .where(accepting_clause(bindparam("today"))),
    )
    .values(status=InvitationStatus.COMPLETED)
)
# ... and, when there was no draft to delete, only if none was saved since.
_CLAIM_INVITATION_WITHOUT_DRAFT = _CLAIM_INVITATION.where(
    ~exists().where(_drafts.c.invitation_id == _invitations.c.id)
)
_COMPLETE_INVITATION = (
    update(_invitations)
    .where(_invitations.c.id == bindparam("invitation_id"))
    .values(status=InvitationStatus.COMPLETED)
)

# Given the pinned instruments: the clean answers and the chosen team (or IncompleteAnswers).
Reader = Callable[[list[Instrument]], tuple[dict[str, int], int | None]]


@dataclass(frozen=True)
class Submitted:
    response_id: str
    min_group_size: int  # k, which the thank-you page repeats
    published: bool = False  # this response published its team's snapshot (a step of k)


def submit_response(
    invitation_id: int,
    answers: Mapping[str, int],
    team_id: int | None,
    nonce: str,
    holder: str | None = None,
    comments: Mapping[str, str] | None = None,
) -> Submitted:
    """Store one complete response given as integers, and close the invitation.

    ``holder``, the digest of the link the respondent's browser came in through, must still be
    the invitation's link (``surveys.links``); None for callers without a browser (the demo).
    """
    return _submit(
        invitation_id,
        nonce,
        lambda instruments: (check_complete(instruments, answers), team_id),
        holder,
        comments,
    )


def submit_formdata(
    invitation_id: int,
    formdata: Mapping[str, str],
    nonce: str,
    holder: str | None = None,
    comments: Mapping[str, str] | None = None,
) -> Submitted:
    """Store the posted survey form if it is a clean, complete submission.

    Raises ``IncompleteAnswers`` (storing nothing) for anything else, even a value the full
    form would accept after coercion, so that every doubt goes through the full form.
    """
    return _submit(
        invitation_id,
        nonce,
        lambda instruments: (
            check_complete(instruments, answers_from_formdata(instruments, formdata)),
            posted_team(formdata),
        ),
        holder,
        comments,
    )


@dataclass(frozen=True)
class _Plan:
    """A checked submission, ready to be written."""

    campaign_id: int
    team_id: int | None
    response: dict[str, object]
    rows: list[dict[str, object]]
    min_group_size: int
    capped: bool  # an open link with a cap: the count of answers must be made under the lock
    has_draft: bool
    token_hash: str  # the invitation's link as read: the claim checks it is still the same
    comments: list[dict[str, object]]  # rows for the comment boxes that are on, if any


def _submit(
    invitation_id: int,
    nonce: str,
    read: Reader,
    holder: str | None,
    comments: Mapping[str, str] | None = None,
) -> Submitted:
    """The quick way when nothing is unusual, else the careful way, which raises the errors.

    The quick way uses a connection of its own, so not while the session is in a transaction
    (a command that loads responses, a test): that transaction may hold the write lock.
    """
    submitted = None
    if not db.session().in_transaction():
        submitted = _submit_quickly(invitation_id, nonce, read, holder, comments)
    if submitted is None:
        submitted = _submit_carefully(invitation_id, nonce, read, holder, comments)
    # Committed. The results shown change only when a snapshot is published, so only then can
    # they have reached k: the other k - 1 submissions in each step skip the webhook's reads.
    if submitted.published:
        webhook_events.after_response(invitation_id)
    return submitted


def _submit_quickly(
    invitation_id: int,
    nonce: str,
    read: Reader,
    holder: str | None,
    comments: Mapping[str, str] | None = None,
) -> Submitted | None:
    """Check and prepare outside the write lock, then write with a guarded claim under it.

    One plain connection, not the ORM session: its bookkeeping costs more than the statements.
    None (nothing written) when anything is unusual: the invitation answered or unknown, the
    campaign not taking answers, an open link with a cap (its count must be made under the
    lock), a link no longer held, or a change between the reading and the writing (answered
    meanwhile, the link replaced, the campaign closed, a team removed, the nonce used).
    """
    with db.engine.connect() as connection:
        with deferred_begin(), connection.begin(), DirectCursor(connection) as cursor:
            plan = _plan(cursor, invitation_id, nonce, read, False, holder, comments)
        if plan is None:
            return None
        # The write transaction: BEGIN IMMEDIATE on SQLite.
        with connection.begin(), DirectCursor(connection) as cursor:
            published = _store(cursor, plan, invitation_id, guarded=True)
            if published is None:
                connection.rollback()
                return None
    return Submitted(str(plan.response["id"]), plan.min_group_size, published)


def _submit_carefully(
    invitation_id: int,
    nonce: str,
    read: Reader,
    holder: str | None,
    comments: Mapping[str, str] | None = None,
) -> Submitted:
    """Everything under the write lock, with the session: raises the page to show, if any."""
    connection = db.session.connection()  # the write transaction: BEGIN IMMEDIATE on SQLite
    try:
        with DirectCursor(connection) as cursor:
            plan = _plan(cursor, invitation_id, nonce, read, True, holder, comments)
            assert plan is not None  # noqa: S101 - a locked plan raises instead
            published = _store(cursor, plan, invitation_id, guarded=False)
    except BaseException:
        db.session.rollback()  # release the write lock before the caller shows a page
        raise
    if published is None:  # the same form posted twice: the nonce is already stored
        db.session.rollback()
        raise SurveyUnavailable("already_submitted", db.session.get(Campaign, plan.campaign_id))
    db.session.commit()
    return Submitted(str(plan.response["id"]), plan.min_group_size, published)


def _plan(
    cursor: DirectCursor,
    invitation_id: int,
    nonce: str,
    read: Reader,
    locked: bool,
    holder: str | None = None,
    comments: Mapping[str, str] | None = None,
) -> _Plan | None:
    """Check the invitation, its campaign and the answers, and say what to write.

    Unless ``locked``, anything unusual about the invitation or campaign is None (to be done
    again carefully); under the lock it raises the page to show. Answers that cannot be stored
    raise ``IncompleteAnswers`` either way.
    """
    state = cursor.first(_SUBMIT_STATE, {"invitation_id": invitation_id})
    accepting = state is not None and accepting_on(
        state.status, state.opens_on, state.closes_on, today()
    )
    capped = state is not None and (
        state.kind == InvitationKind.OPEN and state.open_link_cap is not None
    )
    # A browser whose link was replaced is refused before anything else is said about the
    # invitation, even whether it was answered.
    stale = bool(holder and state and state.kind != InvitationKind.OPEN)
    stale = stale and state.token_hash != holder
    if not locked and (
        not accepting or capped or stale or state.invitation_status == InvitationStatus.COMPLETED
    ):
        return None
    if state is None:
        raise SurveyUnavailable("unknown")
    if stale:
        raise SurveyUnavailable(refusal_reason(holder))
    campaign_id = state.campaign_id
    if state.invitation_status == InvitationStatus.COMPLETED:
        raise SurveyUnavailable("already_submitted", db.session.get(Campaign, campaign_id))
    if not accepting:
        check_accepting(db.session.get_one(Campaign, campaign_id))  # raises: the page to show
    if capped:
        cursor.first(_LOCK_CAMPAIGN, {"campaign_id": campaign_id})
        check_open_cap(db.session.get_one(Campaign, campaign_id))
    instruments = _pinned(cursor, campaign_id, state.created_at)
    clean, team_id = read(instruments)
    team_id = _team(cursor, campaign_id, state.team_id, team_id)

    response_id = new_response_id()
    slots = {s.name: (i.key, s) for i in instruments for s in i.slots()}
    rows: list[dict[str, object]] = [
        {
            "response_id": response_id,
            "instrument_key": slots[name][0],
            "item_key": slots[name][1].item_key,
            "dimension": slots[name][1].dimension,
            "value": value,
        }
        for name, value in clean.items()
    ]
    response = {
        "id": response_id,
        "campaign_id": campaign_id,
        "team_id": team_id,
        "submitted_on": today(),
        "nonce": nonce,
        "language": current_language(),  # the page's language (English outside a request)
    }
    return _Plan(
        campaign_id,
        team_id,
        response,
        rows,
        state.min_group_size,
        capped,
        state.has_draft,
        state.token_hash,
        _comment_rows(cursor, campaign_id, comments),
    )


def _comment_rows(
    cursor: DirectCursor, campaign_id: int, comments: Mapping[str, str] | None
) -> list[dict[str, object]]:
    """The comment rows to store with the response: none unless the box was filled in and is
    on for that instrument (one more read only then)."""
    if not comments:
        return []
    prompted = set(cursor.scalars(PROMPTED, {"campaign_id": campaign_id}))
    return comment_rows(campaign_id, comments, prompted)


def _store(cursor: DirectCursor, plan: _Plan, invitation_id: int, guarded: bool) -> bool | None:
    """Write the plan; no commit. Whether it published its team's snapshot; None when the
    nonce was already used and, if ``guarded``, when the invitation is no longer unanswered or
    the campaign no longer open: the caller then rolls back, and nothing is kept."""
    ids = {"invitation_id": invitation_id}
    if guarded:
        claim = _CLAIM_INVITATION if plan.has_draft else _CLAIM_INVITATION_WITHOUT_DRAFT
        if cursor.execute(claim, {**ids, "today": today(), "token_hash": plan.token_hash}) != 1:
            return None
    else:
        cursor.execute(_COMPLETE_INVITATION, ids)
    try:
        cursor.execute(_INSERT_RESPONSE, plan.response)
    except cursor.IntegrityError:  # the nonce is stored already (or, unlocked, a team removed)
        return None
    cursor.executemany(_INSERT_ANSWERS, plan.rows)
    if plan.has_draft or not guarded:
        cursor.execute(_DELETE_DRAFT, ids)
    published = record_submission(
        cursor, plan.campaign_id, plan.team_id, str(plan.response["id"]), plan.min_group_size
    )
    if plan.comments:  # stored apart from the response; published k at a time
        cursor.executemany(INSERT_COMMENT, plan.comments)
        cursor.execute(PUBLISH_DUE, {"campaign_id": plan.campaign_id, "k": plan.min_group_size})
    return published


# A campaign's pinned instruments, by (id, creation time): once a campaign is no longer a
# draft they never change (``campaigns.services.update_campaign``), and a submission is only
# ever taken while it is open. The creation time tells a reused id apart.
_PINNED_CACHE: dict[tuple[int, Any], list[Instrument]] = {}


def _pinned(cursor: DirectCursor, campaign_id: int, created_at: Any) -> list[Instrument]:
    key = (campaign_id, created_at)
    instruments = _PINNED_CACHE.get(key)
    if instruments is None:
        if len(_PINNED_CACHE) > 1024:
            _PINNED_CACHE.clear()
        instruments = _PINNED_CACHE[key] = [
            get_instrument(key, version)
            for key, version in cursor.rows(_PINNED, {"campaign_id": campaign_id})
        ]
    return instruments


def _team(
    cursor: DirectCursor, campaign_id: int, fixed: int | None, chosen: int | None
) -> int | None:
    """The invitation's own team, else the chosen one, which must be one of the campaign's.

    Read every time, not cached: a team can be removed from its company while a campaign is
    open, and its id given to another company's new team.
    """
    if fixed is not None:
        return fixed
    allowed = set(cursor.scalars(_CAMPAIGN_TEAMS, {"campaign_id": campaign_id}))
    if not allowed:
        return None
    if chosen not in allowed:
        raise IncompleteAnswers({TEAM_FIELD: "Please choose your team."})
    return chosen
