"""The track record of the verdicts (pure: no Flask, no database).

How it is worked out
--------------------
Each closed prospect (one with a recorded outcome) is put in the band of **the verdict it had
on its outcome date**: the verdict over the assessments observed on or before that date, read
with the organisation's bands. A prospect nobody assessed before its outcome has no band, and is
counted apart.

For each band:

* **Win rate** = deals won ÷ deals closed in the band x 100. *Lost* and *no decision* both count
  as not won.
* **Cycle length** = the median number of days from the prospect's first assessment to its
  outcome date (the median, so that one deal that dragged on for a year does not move it much).
* Below :data:`MIN_DEALS` closed deals in a band, neither figure is given ("not enough deals
  yet"): with four deals, one more win moves the rate by 20 points or more. The counts are always
  shown.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext

from ..models.outcomes import Outcome
from ..reports.formatting import VERDICTS
from ..scoring.bands import RiskLevel

MIN_DEALS = 5
BANDS = (RiskLevel.HEALTHY, RiskLevel.AT_RISK, RiskLevel.TOXIC)
NOT_ASSESSED = lazy_gettext("Not assessed before the outcome")


@dataclass(frozen=True)
class ClosedDeal:
    """One closed prospect as the track record sees it."""

    level: RiskLevel | None  # the verdict's band on the outcome date; None: not assessed by then
    outcome: Outcome
    closed_on: date
    first_assessed: date | None  # the earliest assessment observed on or before the outcome

    @property
    def cycle_days(self) -> int | None:
        if self.first_assessed is None:
            return None
        return max(0, (self.closed_on - self.first_assessed).days)


@dataclass(frozen=True)
class BandRecord:
    level: RiskLevel | None  # None: the prospects not assessed before their outcome
    closed: int
    won: int
    lost: int
    no_decision: int
    win_rate: float | None  # 0-100; None below MIN_DEALS (and for the unassessed)
    cycle_days: float | None  # median; None below MIN_DEALS (and for the unassessed)

    @property
    def label(self) -> str:
        return str(VERDICTS[self.level] if self.level else NOT_ASSESSED)

    @property
    def enough(self) -> bool:
        return self.closed >= MIN_DEALS


def _record(level: RiskLevel | None, deals: list[ClosedDeal]) -> BandRecord:
    counts = {o: sum(1 for d in deals if d.outcome == o) for o in Outcome}
    enough = level is not None and len(deals) >= MIN_DEALS
    cycles = [d.cycle_days for d in deals if d.cycle_days is not None]
    return BandRecord(
        level=level,
        closed=len(deals),
        won=counts[Outcome.WON],
        lost=counts[Outcome.LOST],
        no_decision=counts[Outcome.NO_DECISION],
        win_rate=counts[Outcome.WON] / len(deals) * 100 if enough else None,
        cycle_days=float(statistics.median(cycles)) if enough and cycles else None,
    )


def track_record(deals: Iterable[ClosedDeal]) -> list[BandRecord]:
    """One row per verdict band, Pursue first, always all three (a band with no deal says 0);
    then a row for the deals closed before anyone assessed them, when there are any."""
    deals = list(deals)
    rows = [_record(level, [d for d in deals if d.level == level]) for level in BANDS]
    unassessed = [d for d in deals if d.level is None]
    if unassessed:
        rows.append(_record(None, unassessed))
    return rows


@dataclass(frozen=True)
class ViewPair:
    """One prospect on which an author's outside view and the insiders' survey both exist."""

    prospect: str
    outside: RiskLevel  # the band of the author's own assessments
    inside: RiskLevel  # the band of the newest survey of the prospect with >= k responses

    @property
    def agreed(self) -> bool:
        return self.outside == self.inside


@dataclass(frozen=True)
class Agreement:
    author: str
    pairs: tuple[ViewPair, ...]

    @property
    def compared(self) -> int:
        return len(self.pairs)

    @property
    def agreed(self) -> int:
        return sum(1 for p in self.pairs if p.agreed)

    @property
    def rate(self) -> float:
        return self.agreed / self.compared * 100 if self.pairs else 0.0
