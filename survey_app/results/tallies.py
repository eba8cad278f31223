"""Keep the answer tallies in step with the responses, in the same transaction."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import NO_TEAM, Answer, AnswerTally, Response, ResponseTally
from ..prepared import DirectCursor


@functools.cache
def _upsert_for(dialect: str, model: Any, index: tuple[str, ...]) -> Any:
    # Built once: making an upsert builds the ``excluded`` pseudo-table, which costs more than
    # running the statement.
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(model.__table__)
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


def record_submission(
    cursor: DirectCursor, campaign_id: int, team_id: int | None, response_id: str
) -> None:
    """Count one stored response and its answers, read back in the database. No commit.

    Two statements in the submission's transaction, one for the response and one for all its
    answers: this runs under the write lock (see ``surveys.submission``).
    """
    team_key = team_id or NO_TEAM
    dialect = cursor.dialect.name
    cursor.execute(
        _upsert_for(dialect, ResponseTally, ("campaign_id", "team_key")),
        {"campaign_id": campaign_id, "team_key": team_key, "count": 1},
    )
    cursor.execute(
        _count_answers_for(dialect),
        {"campaign_id": campaign_id, "team_key": team_key, "response_id": response_id},
    )


def rebuild_tallies(campaign_id: int) -> None:
    """Recount a campaign's tallies from its answers (repair, and the tests' cross-check)."""
    team_key = func.coalesce(Response.team_id, NO_TEAM)
    db.session.execute(delete(AnswerTally).where(AnswerTally.campaign_id == campaign_id))
    db.session.execute(delete(ResponseTally).where(ResponseTally.campaign_id == campaign_id))
    db.session.execute(
        insert(ResponseTally).from_select(
            ["campaign_id", "team_key", "count"],
            select(Response.campaign_id, team_key, func.count())
            .where(Response.campaign_id == campaign_id)
            .group_by(Response.campaign_id, team_key),
        )
    )
    db.session.execute(
        insert(AnswerTally).from_select(
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
    db.session.commit()
