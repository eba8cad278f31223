"""Column helpers shared by the models."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Enum


def utcnow() -> datetime:
    """A callable default: evaluated per row, not once at import."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_cls: type[StrEnum]) -> Enum:
    """Store a StrEnum by value as a plain VARCHAR, identical on SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )
