"""Enemies of Teamwork: prevalence of each enemy and the Culture Risk Index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .distributions import share_percent, to_float

RECOMMEND_ABOVE = Fraction(1, 3)  # an enemy ticked by more than a third gets an action


@dataclass(frozen=True)
class EnemyPrevalence:
    """How many of the raters ticked one enemy."""

    key: str
    ticked: int
    raters: int
    prevalence_pct: float | None  # ticked / raters x 100; None when nobody rated

    @property
    def above_one_third(self) -> bool:
        """True when strictly more than 1/3 of the raters ticked it (exact comparison)."""
        return self.raters > 0 and Fraction(self.ticked, self.raters) > RECOMMEND_ABOVE


@dataclass(frozen=True)
class EnemiesResult:
    raters: int
    prevalences: tuple[EnemyPrevalence, ...]  # prevalence descending, ties in instrument order
    culture_risk_index: float | None  # 0-100; None when nobody rated


def enemy_prevalence(key: str, ticked: int, raters: int) -> EnemyPrevalence:
    """Prevalence of one enemy; ``ValueError`` unless ``0 <= ticked <= raters``."""
    if ticked < 0 or raters < 0 or ticked > raters:
        raise ValueError(f"{key}: ticked ({ticked}) must be between 0 and raters ({raters})")
    return EnemyPrevalence(key, ticked, raters, to_float(share_percent(ticked, raters)))


def culture_risk_index(total_ticks: int, raters: int, n_enemies: int = 20) -> float | None:
    """The Culture Risk Index, 0-100: the mean share of the enemies each rater ticked.

    Each rater ticks ``t_r`` of ``n_enemies``; the mean of ``t_r / n_enemies x 100`` over the
    raters equals ``total_ticks / (raters x n_enemies) x 100``, which is what is computed.
    ``None`` when nobody rated.
    """
    if n_enemies < 1:
        raise ValueError("n_enemies must be at least 1")
    if total_ticks < 0 or total_ticks > raters * n_enemies:
        raise ValueError(f"total_ticks must be between 0 and {raters * n_enemies}")
    return to_float(share_percent(total_ticks, raters * n_enemies))


def score_enemies(
    ticks: Mapping[str, int], raters: int, enemy_keys: Sequence[str]
) -> EnemiesResult:
    """Score the checklist from tick counts per enemy and the number of raters.

    ``enemy_keys`` is the instrument's full list (so the index divides by 20 even when the
    counts omit enemies nobody ticked); an unknown key in ``ticks`` raises ``ValueError``.
    """
    unknown = set(ticks) - set(enemy_keys)
    if unknown:
        raise ValueError(f"unknown enemies: {', '.join(sorted(unknown))}")
    rows = [enemy_prevalence(key, ticks.get(key, 0), raters) for key in enemy_keys]
    ordered = sorted(rows, key=lambda r: -Fraction(r.ticked, r.raters or 1))
    return EnemiesResult(
        raters=raters,
        prevalences=tuple(ordered),
        culture_risk_index=culture_risk_index(sum(r.ticked for r in rows), raters, len(rows)),
    )
