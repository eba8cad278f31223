"""Core statements compiled once and run on the DB-API cursor, for a submission's hot path.

A submission runs seven statements, five of them while other respondents queue for the write
lock (see :mod:`survey_app.surveys.submission`). Through ``Connection.execute`` each costs
60-80 µs of Python (the compiled-cache lookup, an execution context, parameter and result
set-up), which is more than SQLite takes to run it. Here each statement is compiled once per
dialect; a call only orders its parameters as the driver wants them, through the column
types' own bind and result processors, and runs it on the connection's cursor.

The SQL is still SQLAlchemy's, from the same constructs; nothing is built from input.
SQLAlchemy's cursor events do not see these statements (SQLite's trace callback does), and a
driver error reaches the caller as the driver's own exception, unwrapped; a connection that
died meanwhile is found by ``pool_pre_ping`` at its next checkout.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_Processor = Callable[[Any], Any]


class Prepared:
    """One statement, compiled for one dialect."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = compiled.string
        self._positional = compiled.positional
        self._order = tuple(compiled.positiontup or ())
        # Values fixed in the statement itself (an enum member, a literal 1).
        self._fixed = {name: value for name, value in compiled.params.items() if value is not None}
        self._bind: dict[str, _Processor] = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self._bind[name] = process
        self._plain = not self._fixed and not self._bind
        columns = getattr(statement, "selected_columns", None)
        self.Row: Any = None
        self._results: list[tuple[int, _Processor]] = []
        if columns is not None:
            self.Row = namedtuple("Row", list(columns.keys()))  # type: ignore[misc]
            for index, column in enumerate(columns):
                process = column.type.dialect_impl(dialect).result_processor(dialect, None)
                if process is not None:
                    self._results.append((index, process))

    def params(self, values: Mapping[str, Any]) -> Any:
        """``values`` by bind name, as the driver takes them (a tuple or a dict)."""
        if self._plain:  # the common case, once per answer: nothing to add or convert
            return tuple(values[name] for name in self._order) if self._positional else values
        merged = {**self._fixed, **values}
        for name, process in self._bind.items():
            if name in merged:
                merged[name] = process(merged[name])
        if self._positional:
            return tuple(merged[name] for name in self._order)
        return merged

    def row(self, raw: Sequence[Any]) -> Any:
        values = list(raw)
        for index, process in self._results:
            values[index] = process(values[index])
        return self.Row(*values)


_PREPARED: dict[tuple[int, str], tuple[ClauseElement, Prepared]] = {}


def prepared(statement: ClauseElement, dialect: Dialect) -> Prepared:
    """``statement`` compiled for ``dialect``, once. For module-level statements only: the
    cache holds each one for the life of the process."""
    key = (id(statement), dialect.name)
    entry = _PREPARED.get(key)
    if entry is None or entry[0] is not statement:
        entry = _PREPARED[key] = (statement, Prepared(statement, dialect))
    return entry[1]


class DirectCursor:
    """A DB-API cursor on a SQLAlchemy connection's current transaction.

    The connection still begins and ends the transaction (and so takes and releases the
    write lock); only the statements in between go straight to the driver.
    """

    def __init__(self, connection: Connection) -> None:
        self.dialect = connection.dialect
        self._cursor = connection.connection.cursor()
        # The driver's own exception for a broken constraint (sqlite3's, psycopg's).
        self.IntegrityError: type[Exception] = connection.dialect.loaded_dbapi.IntegrityError

    def __enter__(self) -> DirectCursor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._cursor.close()

    def execute(self, statement: ClauseElement, values: Mapping[str, Any]) -> int:
        """Run the statement; the number of rows it changed."""
        statement_ = prepared(statement, self.dialect)
        self._cursor.execute(statement_.sql, statement_.params(values))
        return int(self._cursor.rowcount)

    def executemany(self, statement: ClauseElement, rows: Iterable[Mapping[str, Any]]) -> None:
        statement_ = prepared(statement, self.dialect)
        self._cursor.executemany(statement_.sql, [statement_.params(row) for row in rows])

    def first(self, statement: ClauseElement, values: Mapping[str, Any]) -> Any:
        """The first row (named by the selected columns' keys), or None."""
        statement_ = prepared(statement, self.dialect)
        self._cursor.execute(statement_.sql, statement_.params(values))
        raw = self._cursor.fetchone()
        return None if raw is None else statement_.row(raw)

    def rows(self, statement: ClauseElement, values: Mapping[str, Any]) -> list[Any]:
        """Every row (named by the selected columns' keys)."""
        statement_ = prepared(statement, self.dialect)
        self._cursor.execute(statement_.sql, statement_.params(values))
        return [statement_.row(raw) for raw in self._cursor.fetchall()]

    def scalars(self, statement: ClauseElement, values: Mapping[str, Any]) -> list[Any]:
        """The first column of every row."""
        return [row[0] for row in self.rows(statement, values)]
