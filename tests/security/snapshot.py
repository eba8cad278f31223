"""A whole-database snapshot, to prove that a request changed nothing that was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from survey_app.extensions import db

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(ignore: frozenset[str] = frozenset()) -> Snapshot:
    """Every row of every table (except ``ignore``), in primary-key order.

    Read in a fresh transaction, so what another connection committed is seen."""
    db.session.rollback()
    rows: Snapshot = {}
    for table in db.metadata.sorted_tables:
        if table.name in ignore:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        result = db.session.execute(select(table).order_by(*order))
        rows[table.name] = [tuple(row) for row in result]
    db.session.rollback()
    return rows


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]
