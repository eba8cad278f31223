"""The verdict on a prospect from its observer assessments (pure: no Flask, no database).

How the verdict is weighted
---------------------------
Each assessment is one rep's observation on one date. Its **weight** is

    weight = confidence weight x recency
    confidence weight: low 0.5, medium 1, high 1.5
    recency = 0.5 ** (age in days / 180)     (half-life 180 days; a future date counts as today)

so a fresh high-confidence assessment counts three times a fresh low-confidence one, and an
assessment loses half its weight every 180 days.

* **Culture Risk** of the prospect = the weighted mean over the assessments of
  (enemies ticked / 20 x 100). It lies in 0-100 and does not depend on the order of the
  assessments.
* **Weighted prevalence** of an enemy = the weighted share of the assessments that ticked it.
* **The verdict** is the band, in the prospect wording, read as the worse of the Culture Risk
  (below 20 *Pursue*, 20 to 39 *Pursue with caution*, 40 or more *Walk away*) and the weighted
  prevalence (an enemy at 50% or more: at least *Pursue with caution*; three such enemies, or
  one at 75% or more: *Walk away*), with the organisation's thresholds (see scoring.bands).
  The reasons of a verdict are the enemies seen most (highest weighted prevalence), each with
  the evidence notes written for it.
* **Execution %** of a practice as observed = the weighted mean of (answer - 1) / 3 x 100 over the
  assessments that rated it.
* **Strength of evidence** (how confident the verdict is) from the total weight W: *high* for
  W >= 2 (say two recent high-confidence assessments), *medium* for W >= 1 (one recent
  medium-confidence one), *low* below that.
* **Trend**: the Culture Risk now minus the Culture Risk without the latest assessment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ..scoring import DEFAULT_THRESHOLDS, Audience, Band, BandThresholds, band, change

HALF_LIFE_DAYS = 180.0
N_ENEMIES = 20
MAX_REASONS = 5
STRONG_EVIDENCE, SOME_EVIDENCE = 2.0, 1.0


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


CONFIDENCE_WEIGHTS: dict[Confidence, float] = {
    Confidence.LOW: 0.5,
    Confidence.MEDIUM: 1.0,
    Confidence.HIGH: 1.5,
}


@dataclass(frozen=True)
class Evidence:
    note: str
    author: str
    observed_on: date


@dataclass(frozen=True)
class Observation:
    """One assessment as the verdict sees it."""

    observed_on: date
    confidence: Confidence
    ticked: frozenset[str]
    evidence: Mapping[str, str] = field(default_factory=dict)  # enemy key -> note
    execution: Mapping[str, int] = field(default_factory=dict)  # practice key -> answer 1-4
    author: str = ""
    n_enemies: int = N_ENEMIES

    @property
    def risk(self) -> float:
        """This assessment's own Culture Risk: ticked / 20 x 100."""
        return len(self.ticked) / self.n_enemies * 100


@dataclass(frozen=True)
class Reason:
    enemy_key: str
    prevalence_pct: float  # weighted share of the assessments that ticked it, 0-100
    seen_by: int  # assessments that ticked it
    evidence: tuple[Evidence, ...]  # newest first


@dataclass(frozen=True)
class Verdict:
    culture_risk: float | None  # None without assessments
    band: Band | None
    assessments: int
    total_weight: float
    strength: Confidence | None  # how confident the verdict is
    prevalence: dict[str, float]  # enemy key -> weighted prevalence %
    reasons: tuple[Reason, ...]
    execution: dict[str, float]  # practice key -> weighted execution %


def weight(obs: Observation, today: date, half_life: float = HALF_LIFE_DAYS) -> float:
    """Confidence weight x 0.5 ** (age / half-life); always > 0."""
    age = max(0, (today - obs.observed_on).days)
    return CONFIDENCE_WEIGHTS[obs.confidence] * 0.5 ** (age / half_life)


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    pairs = list(pairs)
    total = math.fsum(w for w, _ in pairs)
    if not pairs or total <= 0:
        return None
    mean = math.fsum(w * v for w, v in pairs) / total
    low, high = min(v for _, v in pairs), max(v for _, v in pairs)
    return min(max(mean, low), high)  # rounding never leaves the range of the values


def strength_of(total_weight: float) -> Confidence | None:
    if total_weight <= 0:
        return None
    if total_weight >= STRONG_EVIDENCE:
        return Confidence.HIGH
    return Confidence.MEDIUM if total_weight >= SOME_EVIDENCE else Confidence.LOW


def _sorted(observations: Iterable[Observation]) -> list[Observation]:
    """A canonical order (date, then content) so that input order never changes a float."""
    return sorted(
        observations,
        key=lambda o: (
            o.observed_on,
            o.confidence,
            sorted(o.ticked),
            sorted(o.execution.items()),
            o.author,
        ),
    )


def verdict(
    observations: Iterable[Observation],
    today: date,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
    enemy_keys: Sequence[str] = (),
    half_life: float = HALF_LIFE_DAYS,
    enemy_names: Mapping[str, str] | None = None,
) -> Verdict:
    """The weighted Culture Risk, its prospect band, the reasons and the observed practices.

    ``enemy_keys`` (the instrument's order) breaks ties between reasons; without it, keys sort
    alphabetically. ``enemy_names`` words the band's reasons (keys are used without it).
    """
    obs = _sorted(observations)
    weights = [weight(o, today, half_life) for o in obs]
    total = math.fsum(weights)
    risk = _weighted_mean((w, o.risk) for w, o in zip(weights, obs, strict=True))
    keys = list(enemy_keys) or sorted({k for o in obs for k in o.ticked})
    keys += sorted({k for o in obs for k in o.ticked} - set(keys))
    prevalence = {
        key: _weighted_mean(
            (w, 100.0 if key in o.ticked else 0.0) for w, o in zip(weights, obs, strict=True)
        )
        or 0.0
        for key in keys
    }
    ranked = sorted((k for k in keys if prevalence[k] > 0), key=lambda k: -prevalence[k])
    reasons = tuple(_reason(key, prevalence[key], obs) for key in ranked[:MAX_REASONS])
    practices = sorted({k for o in obs for k in o.execution})
    execution = {}
    for key in practices:
        value = _weighted_mean(
            (w, (o.execution[key] - 1) / 3 * 100)
            for w, o in zip(weights, obs, strict=True)
            if key in o.execution
        )
        if value is not None:
            execution[key] = value
    return Verdict(
        culture_risk=risk,
        band=band(
            risk,
            Audience.PROSPECT,
            thresholds,
            [((enemy_names or {}).get(key, key), share) for key, share in prevalence.items()],
        ),
        assessments=len(obs),
        total_weight=total,
        strength=strength_of(total),
        prevalence=prevalence,
        reasons=reasons,
        execution=execution,
    )


def _reason(key: str, prevalence: float, obs: Sequence[Observation]) -> Reason:
    seen = [o for o in obs if key in o.ticked]
    notes = [
        Evidence(o.evidence[key], o.author, o.observed_on)
        for o in reversed(seen)
        if o.evidence.get(key, "").strip()
    ]
    return Reason(key, prevalence, len(seen), tuple(notes))


@dataclass(frozen=True)
class Trend:
    delta: float | None  # None with fewer than two assessments

    @property
    def arrow(self) -> str:
        if self.delta is None:
            return ""
        if abs(self.delta) < 0.05:
            return "="
        return "↑" if self.delta > 0 else "↓"


def trend(
    observations: Sequence[Observation], today: date, half_life: float = HALF_LIFE_DAYS
) -> Trend:
    """The Culture Risk now minus the Culture Risk before the latest assessment."""
    obs = _sorted(observations)
    if len(obs) < 2:
        return Trend(None)
    now = verdict(obs, today, half_life=half_life).culture_risk
    before = verdict(obs[:-1], today, half_life=half_life).culture_risk
    if now is None or before is None:
        return Trend(None)
    return Trend(change(before, now))  # in whole points, as the pages show it


def history(
    observations: Sequence[Observation], half_life: float = HALF_LIFE_DAYS
) -> list[tuple[date, float, float]]:
    """Per assessment: (date, its own risk, the weighted risk as known on that date)."""
    obs = _sorted(observations)
    points = []
    for i, o in enumerate(obs):
        known = [p for p in obs[: i + 1] if p.observed_on <= o.observed_on]
        risk = verdict(known, o.observed_on, half_life=half_life).culture_risk
        points.append((o.observed_on, o.risk, risk if risk is not None else o.risk))
    return points
