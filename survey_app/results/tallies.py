"""Keep the answer tallies in step with the responses, in the same transaction.

Each tally also keeps a published count: what an open campaign's results show. A team's
published counts catch up with its counts only once at least k of its responses have arrived
since they last did, and all at once at close. So two views of an open campaign, taken at any
two moments, differ by whole steps of at least k responses per team, and no difference of them
(overall, a team, or the overall less some teams) isolates fewer than k people. Publishing in
the submitting transaction, on the team's own rows that it has just locked, needs no other
lock and never writes on a page view.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import bindparam, delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import NO_TEAM, Answer, AnswerTally, Campaign, Response, ResponseTally
from ..prepared import DirectCursor


@functools.cache
def _upsert_for(dialect: str, model: Any, index: tuple[str, ...]) -> Any:
    # Built once: making an upsert builds the ``excluded`` pseudo-table, which costs more than
    # running the statement.
    module = postgresql if dialect == "postgresql" else sqlite
    columns = (*index, "count")  # named, or the statement would bind every column
    stmt = module.insert(model.__table__).values({name: bindparam(name) for name in columns})
    return stmt.on_conflict_do_update(
        index_elements=list(index), set_={"count": model.__table__.c.count + stmt.excluded.count}
    )


def _answers_of_response() -> Any:
    answers = Answer.__table__
    return (
        select(
            bindparam("campaign_id"),
            bindparam("team_key"),
            answers.c.item_key,
            answers.c.dimension,
            answers.c.value,
            literal(1),
        )
        .where(answers.c.response_id == bindparam("response_id"))
        # One order for all writers: two submissions never wait on each other's rows.
        .order_by(answers.c.item_key, answers.c.dimension, answers.c.value)
    )


@functools.cache
def _count_answers_for(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    table = AnswerTally.__table__
    stmt = module.insert(table).from_select(
        ["campaign_id", "team_key", "item_key", "dimension", "value", "count"],
        _answers_of_response(),
    )
    return stmt.on_conflict_do_update(
        index_elements=["campaign_id", "team_key", "item_key", "dimension", "value"],
        set_={"count": table.c.count + stmt.excluded.count},
    )


_responses, _answers = ResponseTally.__table__, AnswerTally.__table__
_TEAM_DUE = (
    update(_responses)
    .where(
        _responses.c.campaign_id == bindparam("campaign_id"),
        _responses.c.team_key == bindparam("team_key"),
        _responses.c.count - _responses.c.published_count >= bindparam("k"),
    )
    .values(published_count=_responses.c.count)
)
_PUBLISH_TEAM_ANSWERS = (
    update(_answers)
    .where(
        _answers.c.campaign_id == bindparam("campaign_id"),
        _answers.c.team_key == bindparam("team_key"),
    )
    .values(published_count=_answers.c.count)
)


def record_submission(
    cursor: DirectCursor, campaign_id: int, team_id: int | None, response_id: str, k: int
) -> bool:
    """Count one stored response and its answers, read back in the database. No commit.
    True when this published the team's snapshot: only then can what is shown change.

    Three statements in the submission's transaction (one for the response, one for all its
    answers, one that publishes the team's snapshot when k have arrived since the last), and
    a fourth when it does: this runs under the write lock (see ``surveys.submission``).
    """
    team_key = team_id or NO_TEAM
    dialect = cursor.dialect.name
    team = {"campaign_id": campaign_id, "team_key": team_key}
    cursor.execute(
        _upsert_for(dialect, ResponseTally, ("campaign_id", "team_key")), {**team, "count": 1}
    )
    cursor.execute(_count_answers_for(dialect), {**team, "response_id": response_id})
    # The team's response row is locked by this transaction from the upsert above, so no
    # other submission of the team can be counting its answers while they are published.
    if cursor.execute(_TEAM_DUE, {**team, "k": k}) != 1:
        return False
    cursor.execute(_PUBLISH_TEAM_ANSWERS, team)
    return True


def publish_all(campaign_id: int) -> None:
    """Publish every count of a campaign (at close: the results then show every response).

    In the caller's transaction, no commit."""
    for table in (_responses, _answers):
        db.session.execute(
            update(table)
            .where(table.c.campaign_id == campaign_id)
            .values(published_count=table.c.count)
        )
    from ..comments.services import publish_all as publish_comments

    publish_comments(campaign_id)  # and every comment, published k at a time while open


def publish_due(campaign_id: int, k: int) -> None:
    """Publish the snapshot of every team with at least k unpublished responses; no commit."""
    due = select(_responses.c.team_key).where(
        _responses.c.campaign_id == campaign_id,
        _responses.c.count - _responses.c.published_count >= k,
    )
    teams = list(db.session.scalars(due))
    if not teams:
        return
    for table in (_answers, _responses):  # answers first: the response rows say what is due
        db.session.execute(
            update(table)
            .where(table.c.campaign_id == campaign_id, table.c.team_key.in_(teams))
            .values(published_count=table.c.count)
        )


def _recount_for(dialect: str, model: Any, columns: list[str], rows: Any) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    table = model.__table__
    stmt = module.insert(table).from_select(columns, rows)
    keys = [c for c in columns if c != "count"]
    return stmt.on_conflict_do_update(index_elements=keys, set_={"count": stmt.excluded.count})


def rebuild_tallies(campaign_id: int, k: int | None = None) -> None:
    """Recount a campaign's tallies from its answers (repair, and the tests' cross-check).

    The published snapshot is kept as it was; then every team with at least ``k`` responses
    more than it shows is published, as submissions would have (k: the campaign's own).
    """
    stored = db.session.scalar(
        select(func.count()).select_from(Response).where(Response.campaign_id == campaign_id)
    )
    tallied = db.session.scalar(
        select(func.coalesce(func.sum(_responses.c.count), 0)).where(
            _responses.c.campaign_id == campaign_id
        )
    )
    if (stored or 0) < (tallied or 0):  # pruned (audit.retention): the tallies are the record
        raise ValueError(
            f"campaign {campaign_id} has fewer responses than its tallies count: its responses "
            "were pruned, so its tallies are all that is left and are kept as they are"
        )
    dialect = db.session.get_bind().dialect.name
    team_key = func.coalesce(Response.team_id, NO_TEAM)
    for table in (_responses, _answers):
        db.session.execute(update(table).where(table.c.campaign_id == campaign_id).values(count=0))
    db.session.execute(
        _recount_for(
            dialect,
            ResponseTally,
            ["campaign_id", "team_key", "count"],
            select(Response.campaign_id, team_key, func.count())
            .where(Response.campaign_id == campaign_id)
            .group_by(Response.campaign_id, team_key),
        )
    )
    db.session.execute(
        _recount_for(
            dialect,
            AnswerTally,
            ["campaign_id", "team_key", "item_key", "dimension", "value", "count"],
            select(
                Response.campaign_id,
                team_key,
                Answer.item_key,
                Answer.dimension,
                Answer.value,
                func.count(),
            )
            .join(Answer, Answer.response_id == Response.id)
            .where(Response.campaign_id == campaign_id)
            .group_by(
                Response.campaign_id, team_key, Answer.item_key, Answer.dimension, Answer.value
            ),
        )
    )
    for table in (_responses, _answers):
        db.session.execute(
            delete(table).where(
                table.c.campaign_id == campaign_id, table.c.count == 0, table.c.published_count == 0
            )
        )
    if k is None:
        k = db.session.scalar(select(Campaign.min_group_size).where(Campaign.id == campaign_id))
    publish_due(campaign_id, k or 1)
    db.session.commit()
