"""Keep the answer tallies in step with the responses, in the same transaction."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import NO_TEAM, Answer, AnswerTally, Response, ResponseTally


def _upsert(model: Any, index: list[str]) -> Any:
    return _upsert_for(db.session.get_bind().dialect.name, model, tuple(index))


@functools.cache
def _upsert_for(dialect: str, model: Any, index: tuple[str, ...]) -> Any:
    # Built once: making an upsert builds the ``excluded`` pseudo-table, which costs more than
    # running the statement.
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(model.__table__)
    return stmt.on_conflict_do_update(
        index_elements=list(index), set_={"count": model.__table__.c.count + stmt.excluded.count}
    )


def record_submission(
    campaign_id: int, team_id: int | None, answers: Iterable[tuple[str, str, int]]
) -> None:
    """Count one response and its ``(item_key, dimension, value)`` answers. No commit."""
    team_key = team_id or NO_TEAM
    rows = [
        {
            "campaign_id": campaign_id,
            "team_key": team_key,
            "item_key": item,
            "dimension": dim,
            "value": value,
            "count": 1,
        }
        for item, dim, value in sorted(answers)  # one order for all writers: no deadlocks
    ]
    # Core statements on the session's connection: the ORM's bulk path costs several times more,
    # and this runs under the write lock (see ``submit_response``).
    connection = db.session.connection()
    connection.execute(
        _upsert(ResponseTally, ["campaign_id", "team_key"]),
        [{"campaign_id": campaign_id, "team_key": team_key, "count": 1}],
    )
    if rows:
        connection.execute(
            _upsert(AnswerTally, ["campaign_id", "team_key", "item_key", "dimension", "value"]),
            rows,
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
