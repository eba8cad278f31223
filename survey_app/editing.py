"""Edits that cannot overwrite one another, and rules checked under the row they protect.

Two mechanisms, both the database's own:

* **A row lock for the rule.** :func:`lock` reloads the record with ``SELECT … FOR UPDATE``
  before its rules are checked, so a concurrent writer of the same row (opening a campaign,
  another save) waits until this transaction ends, and the check sees what is really stored.
  On SQLite ``FOR UPDATE`` is left out: a POST's transaction begins with ``BEGIN IMMEDIATE``
  (see :mod:`survey_app.database`), so writers take turns anyway.
* **A version for the person.** Each edited record (campaigns, companies and prospects) has a
  ``version`` column, its SQLAlchemy ``version_id_col``. The edit form carries the version it
  was loaded with in a hidden field; :func:`check_version` compares it, under the lock, with
  the stored one and raises :class:`EditConflict` when someone saved in between, with both
  versions for the page. :func:`bump` marks a change. The ORM also adds
  ``AND version = <loaded>`` to every UPDATE of these rows, so even a write that skipped the
  lock cannot silently replace a newer version (SQLAlchemy raises ``StaleDataError``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .extensions import db


@dataclass(frozen=True)
class Difference:
    """One field of the form: what the person sent and what is stored now."""

    label: str
    yours: str
    stored: str

    @property
    def differs(self) -> bool:
        return self.yours != self.stored


class EditConflict(Exception):
    """The record changed after the form was loaded; nothing was saved."""

    def __init__(self, stored_version: int, differences: Sequence[Difference]) -> None:
        super().__init__("changed meanwhile")
        self.stored_version = stored_version
        self.differences = list(differences)


def parse_version(raw: object) -> int | None:
    """The version a form was loaded with; None when the form carries none."""
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def lock(record: Any) -> None:
    """Reload ``record`` from the database with a row lock held until the transaction ends.

    Pending changes on it are discarded, and its relationships load afresh when next used.
    """
    db.session.refresh(record, with_for_update=True)


def check_version(
    record: Any, expected: int | None, differences: Callable[[], Sequence[Difference]]
) -> None:
    """Refuse a save from a form older than the stored record (call after :func:`lock`)."""
    if expected is not None and record.version != expected:
        raise EditConflict(record.version, differences())


def bump(record: Any) -> None:
    """Mark a change: the next save from a form loaded before this one is refused."""
    record.version = record.version + 1


def refused(form: Any, conflict: EditConflict) -> EditConflict:
    """After a save refused as stale: undo it, and let saving the page that shows both
    versions again mean "keep mine" (the form now carries the stored version)."""
    db.session.rollback()
    form.version.data = str(conflict.stored_version)
    return conflict


def edit_page(page: str, conflict: EditConflict | None) -> Any:
    """The edit page, with 409 Conflict when it shows a refused save."""
    return (page, 409) if conflict else page
