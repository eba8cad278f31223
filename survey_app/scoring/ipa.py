"""Importance-Performance Analysis (Martilla & James, 1977).

x = Execution %, y = Importance %. The crosshairs sit at the data means by default or at
50 / 50; a value at or above a crosshair counts as high. Comparisons are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .practices import PracticeScore


class Quadrant(StrEnum):
    """The four IPA quadrants; the value is the label shown to users."""

    CONCENTRATE_HERE = "Concentrate here"  # high importance, low execution
    KEEP_UP_THE_GOOD_WORK = "Keep up the good work"  # high importance, high execution
    LOW_PRIORITY = "Low priority"  # low importance, low execution
    POSSIBLE_OVERKILL = "Possible overkill"  # low importance, high execution


class CrosshairMode(StrEnum):
    """Where the crosshairs sit: at the data means, or fixed at 50 / 50."""

    MEAN = "mean"
    FIXED = "fixed"


FIXED_CROSSHAIR = Fraction(50)


@dataclass(frozen=True)
class IpaPoint:
    key: str
    execution_pct: float  # x
    importance_pct: float  # y
    quadrant: Quadrant


@dataclass(frozen=True)
class IpaResult:
    """The IPA grid; crosshairs are ``None`` only in MEAN mode with no scored practice."""

    mode: CrosshairMode
    execution_crosshair: float | None  # vertical line, on the x axis
    importance_crosshair: float | None  # horizontal line, on the y axis
    points: tuple[IpaPoint, ...]  # scored practices, input order

    def quadrant_of(self, key: str) -> Quadrant | None:
        """The quadrant of practice ``key``, or ``None`` if it was not scored."""
        return next((p.quadrant for p in self.points if p.key == key), None)

    def in_quadrant(self, quadrant: Quadrant) -> tuple[IpaPoint, ...]:
        return tuple(p for p in self.points if p.quadrant is quadrant)


def quadrant(
    execution_pct: float | Fraction,
    importance_pct: float | Fraction,
    execution_crosshair: float | Fraction,
    importance_crosshair: float | Fraction,
) -> Quadrant:
    """Classify one point; on a crosshair counts as high."""
    high_importance = Fraction(importance_pct) >= Fraction(importance_crosshair)
    high_execution = Fraction(execution_pct) >= Fraction(execution_crosshair)
    if high_importance:
        return Quadrant.KEEP_UP_THE_GOOD_WORK if high_execution else Quadrant.CONCENTRATE_HERE
    return Quadrant.POSSIBLE_OVERKILL if high_execution else Quadrant.LOW_PRIORITY


def importance_performance(
    scores: Iterable[PracticeScore], mode: CrosshairMode = CrosshairMode.MEAN
) -> IpaResult:
    """Place every scored practice in its quadrant.

    In MEAN mode the crosshairs are the plain means, over the scored practices, of Execution %
    and of Importance %, computed exactly.
    """
    scored = [(s.key, *s.exact_percents()) for s in scores if s.scored]
    if mode is CrosshairMode.FIXED:
        x_cross: Fraction | None = FIXED_CROSSHAIR
        y_cross: Fraction | None = FIXED_CROSSHAIR
    elif scored:
        x_cross = sum((x for _, x, _ in scored), Fraction(0)) / len(scored)
        y_cross = sum((y for _, _, y in scored), Fraction(0)) / len(scored)
    else:
        x_cross = y_cross = None
    points = tuple(
        IpaPoint(key, float(x), float(y), quadrant(x, y, x_cross, y_cross))
        for key, x, y in scored
        if x_cross is not None and y_cross is not None
    )
    return IpaResult(
        mode=mode,
        execution_crosshair=None if x_cross is None else float(x_cross),
        importance_crosshair=None if y_cross is None else float(y_cross),
        points=points,
    )
