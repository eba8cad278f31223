"""Self-check use cases. Every query is scoped to the signed-in user: there is no way to name
another user's self-check, so nobody else (admins included) can read one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..instruments import ENEMIES, Instrument, latest_versions
from ..models import SelfCheck, SelfCheckTick
from ..prospects.insights import Insiders, own_company_results

NOTE_MAX = 2000


def enemies_instrument() -> Instrument:
    return latest_versions()[ENEMIES]


def _my_id() -> int:
    return int(current_user.id)


def my_history() -> list[SelfCheck]:
    """The signed-in user's self-checks, oldest first."""
    return list(
        db.session.scalars(
            select(SelfCheck)
            .where(SelfCheck.user_id == _my_id())
            .options(selectinload(SelfCheck.ticks))
            .order_by(SelfCheck.taken_on, SelfCheck.id)
        )
    )


def record(ticked: frozenset[str], note: str, today: date) -> SelfCheck:
    """Store one self-check of the signed-in user."""
    instrument = enemies_instrument()
    keys = {i.key for i in instrument.items_of_type("enemy")}
    if not ticked <= keys:
        raise ValueError("unknown enemy")
    check = SelfCheck(
        user_id=_my_id(),
        taken_on=today,
        enemies_version=instrument.version,
        note=note.strip()[:NOTE_MAX],
    )
    check.ticks = [SelfCheckTick(enemy_key=k) for k in sorted(ticked)]
    db.session.add(check)
    db.session.commit()
    return check


def delete_mine() -> int:
    """Erase every self-check of the signed-in user; returns how many were deleted."""
    ids = list(db.session.scalars(select(SelfCheck.id).where(SelfCheck.user_id == _my_id())))
    if ids:
        db.session.execute(delete(SelfCheckTick).where(SelfCheckTick.self_check_id.in_(ids)))
        db.session.execute(delete(SelfCheck).where(SelfCheck.id.in_(ids)))
    db.session.commit()
    return len(ids)


@dataclass(frozen=True)
class TeamView:
    """The own company's latest closed campaign, shown only with at least k responses."""

    found: Insiders
    prevalence: dict[str, float]  # enemy key -> % of respondents


def team_view() -> TeamView | None:
    found = own_company_results(int(current_user.organization_id))
    overall = found.results.overall if found else None
    if found is None or overall is None or overall.enemies is None:
        return None
    return TeamView(found, {e.key: e.prevalence_pct or 0.0 for e in overall.enemies.prevalences})
