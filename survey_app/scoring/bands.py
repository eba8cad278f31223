"""Culture Risk bands, configurable per organisation.

With the default thresholds: below 20 is Healthy / Pursue, 20 up to (not including) 40 is
At risk / Pursue with caution, 40 or more is Toxic / Walk away.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who the assessment is about, which decides the wording of the band."""

    OWN = "own"  # own company, a team, a customer
    PROSPECT = "prospect"  # a rep judging a prospect from outside


class RiskLevel(StrEnum):
    HEALTHY = "healthy"
    AT_RISK = "at_risk"
    TOXIC = "toxic"


BAND_LABELS: dict[Audience, dict[RiskLevel, str]] = {
    Audience.OWN: {
        RiskLevel.HEALTHY: "Healthy",
        RiskLevel.AT_RISK: "At risk",
        RiskLevel.TOXIC: "Toxic",
    },
    Audience.PROSPECT: {
        RiskLevel.HEALTHY: "Pursue",
        RiskLevel.AT_RISK: "Pursue with caution",
        RiskLevel.TOXIC: "Walk away",
    },
}


@dataclass(frozen=True)
class BandThresholds:
    """Lower bounds of the At risk and Toxic bands; ``0 < at_risk < toxic <= 100``."""

    at_risk: float = 20
    toxic: float = 40

    def __post_init__(self) -> None:
        for name in ("at_risk", "toxic"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number")
        if not 0 < self.at_risk < self.toxic <= 100:
            raise ValueError(
                "band thresholds must satisfy 0 < at risk < toxic <= 100 "
                f"(got at risk {self.at_risk}, toxic {self.toxic})"
            )


DEFAULT_THRESHOLDS = BandThresholds()


@dataclass(frozen=True)
class Band:
    level: RiskLevel
    label: str  # e.g. "At risk" or "Pursue with caution"
    audience: Audience


def risk_level(score: float, thresholds: BandThresholds = DEFAULT_THRESHOLDS) -> RiskLevel:
    """The level of a Culture Risk score; a score equal to a threshold is in the higher band."""
    if not 0 <= score <= 100:
        raise ValueError(f"a Culture Risk score lies in 0..100, got {score}")
    if score >= thresholds.toxic:
        return RiskLevel.TOXIC
    if score >= thresholds.at_risk:
        return RiskLevel.AT_RISK
    return RiskLevel.HEALTHY


def band(
    score: float | None,
    audience: Audience = Audience.OWN,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
) -> Band | None:
    """The band of a Culture Risk score with the audience's wording; ``None`` for no score."""
    if score is None:
        return None
    level = risk_level(score, thresholds)
    return Band(level, BAND_LABELS[audience][level], audience)
