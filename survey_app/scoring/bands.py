"""Culture Risk bands, configurable per organisation.

A band is the worse of two readings, so that it never contradicts the enemies shown beside it:

* **by the Culture Risk Index**: with the default thresholds, below 20 is Healthy / Pursue,
  20 up to (not including) 40 is At risk / Pursue with caution, 40 or more is Toxic / Walk away;
* **by prevalence**: any enemy seen by half of the raters or more makes it at least At risk;
  three or more such enemies, or any one seen by three quarters or more, make it Toxic.

Both readings use the figures **as they are shown**, rounded to whole numbers like every page,
PDF and export: a Culture Risk shown as 20 is never called Healthy, and an enemy shown at 50%
always counts as seen by half. The band's reasons name the rule that decided it, in the page's
language (English, but for a campaign report in another: survey_app/i18n.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from flask_babel import gettext as _
from flask_babel import ngettext

from ..text import percent_sign


class Audience(StrEnum):
    """Who the assessment is about, which decides the wording of the band."""

    OWN = "own"  # own company, a team, a customer
    PROSPECT = "prospect"  # a rep judging a prospect from outside


class RiskLevel(StrEnum):
    HEALTHY = "healthy"
    AT_RISK = "at_risk"
    TOXIC = "toxic"


class _Rank(IntEnum):
    HEALTHY = 0
    AT_RISK = 1
    TOXIC = 2


_RANKS = {RiskLevel.HEALTHY: _Rank.HEALTHY, RiskLevel.AT_RISK: _Rank.AT_RISK,
          RiskLevel.TOXIC: _Rank.TOXIC}  # fmt: skip

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

# How a prevalence is qualified in a reason: raters' shares for a campaign, weighted shares
# of the observers' assessments for a prospect.
def share_of(audience: Audience) -> str:
    if audience is Audience.PROSPECT:
        return _("of the assessments (weighted)")
    return _("of the raters")


def shown(value: float) -> int:
    """A score or a percentage as every page shows it: rounded to a whole number, exactly as
    ``f"{value:.0f}"`` prints it. Bands are read from this, so they agree with the page."""
    return int(f"{value:.0f}")


def change(before: float | None, after: float | None, digits: int = 0) -> float | None:
    """After minus before, of the two as the page prints them (``digits`` decimals), so that a
    change never disagrees with the numbers beside it: 67.5% and 52.5% print "68%" and "52%",
    and their change is −16, not −15. None when either is missing."""
    if before is None or after is None:
        return None
    return round(float(f"{after:.{digits}f}") - float(f"{before:.{digits}f}"), digits)


def _number(value: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float)


@dataclass(frozen=True)
class BandThresholds:
    """Where the bands start.

    ``at_risk`` and ``toxic`` bound the Culture Risk Index (``0 < at_risk < toxic <= 100``);
    ``widespread`` and ``dominant`` are the prevalence rule's shares in % (an enemy seen by
    ``widespread`` or more makes the band at least At risk, ``widespread_count`` such enemies or
    one at ``dominant`` or more make it Toxic; ``0 < widespread < dominant <= 100``).
    """

    at_risk: float = 20
    toxic: float = 40
    widespread: float = 50
    dominant: float = 75
    widespread_count: int = 3

    def __post_init__(self) -> None:
        for name in ("at_risk", "toxic", "widespread", "dominant"):
            if not _number(getattr(self, name)):
                raise ValueError(f"{name} must be a number")
        if not 0 < self.at_risk < self.toxic <= 100:
            raise ValueError(
                "band thresholds must satisfy 0 < at risk < toxic <= 100 "
                f"(got at risk {self.at_risk}, toxic {self.toxic})"
            )
        if not 0 < self.widespread < self.dominant <= 100:
            raise ValueError(
                "prevalence thresholds must satisfy 0 < widespread < dominant <= 100 "
                f"(got widespread {self.widespread}, dominant {self.dominant})"
            )
        count = self.widespread_count
        if isinstance(count, bool) or not isinstance(count, int) or count < 2:
            raise ValueError("widespread_count must be a whole number of at least 2")


DEFAULT_THRESHOLDS = BandThresholds()


class BandRule(StrEnum):
    """The rule behind a band, as its reasons name it."""

    CULTURE_RISK = "culture_risk"  # the Culture Risk Index thresholds
    WIDESPREAD = "widespread"  # an enemy seen by half or more
    MANY_WIDESPREAD = "many_widespread"  # three or more enemies seen by half or more
    DOMINANT = "dominant"  # an enemy seen by three quarters or more


@dataclass(frozen=True)
class BandReason:
    rule: BandRule
    text: str  # e.g. "Misaligned goals (58%) is seen by half of the raters or more"
    short: str = ""  # for a badge: "an enemy seen by half or more"


@dataclass(frozen=True)
class Band:
    level: RiskLevel
    label: str  # e.g. "At risk" or "Pursue with caution"
    audience: Audience
    reasons: tuple[BandReason, ...] = ()  # the rules that decided the level, strongest first

    @property
    def decided_by(self) -> BandRule | None:
        return self.reasons[0].rule if self.reasons else None

    @property
    def because(self) -> str:
        """The reasons as one clause: "X (58%) is seen by half of the raters or more"."""
        return "; ".join(r.text for r in self.reasons)

    @property
    def rule_in_short(self) -> str:
        """The deciding rule in a few words, to print beside the label."""
        if self.level is RiskLevel.HEALTHY:
            return ", ".join(r.short for r in self.reasons)
        return self.reasons[0].short if self.reasons else ""


def risk_level(score: float, thresholds: BandThresholds = DEFAULT_THRESHOLDS) -> RiskLevel:
    """The level of a Culture Risk score as shown (a whole number); a score equal to a
    threshold is in the higher band."""
    if not 0 <= score <= 100:
        raise ValueError(f"a Culture Risk score lies in 0..100, got {score}")
    value = shown(score)
    if value >= thresholds.toxic:
        return RiskLevel.TOXIC
    if value >= thresholds.at_risk:
        return RiskLevel.AT_RISK
    return RiskLevel.HEALTHY


def _share(value: float) -> str:
    if value == 50:
        return _("half")
    if value == 75:
        return _("three quarters")
    return f"{value:g}{percent_sign()}"


NAMED = 3  # enemies named in a reason; the rest are counted


def _names(pairs: Sequence[tuple[str, int]]) -> str:
    """ "A (80%)", "A (80%) and B (60%)", "A (80%), B (60%), C (50%) and 2 more"."""
    parts = [f"{name} ({pct}{percent_sign()})" for name, pct in pairs[:NAMED]]
    if len(pairs) > NAMED:
        parts.append(_("%(n)s more", n=len(pairs) - NAMED))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {_('and')} " + parts[-1]


def _seen_by(n: int, share: str) -> str:
    """ "an enemy seen by half or more", "2 enemies seen by half or more" (a badge)."""
    return ngettext(
        "an enemy seen by %(share)s or more", "%(num)s enemies seen by %(share)s or more", n,
        share=share,
    )  # fmt: skip


def _are_seen(names: str, n: int, share: str, share_of: str) -> str:
    """ "X (58%) is seen by half of the raters or more" (or "X and Y are")."""
    if n == 1:
        return _("%(names)s is seen by %(share)s %(of)s or more", names=names, share=share,
                 of=share_of)  # fmt: skip
    return _("%(names)s are seen by %(share)s %(of)s or more", names=names, share=share,
             of=share_of)  # fmt: skip


def _index_reason(score: float, level: RiskLevel, t: BandThresholds) -> BandReason:
    value = shown(score)
    lo, hi = f"{t.at_risk:g}", f"{t.toxic:g}"
    where = {
        RiskLevel.HEALTHY: _("below %(lo)s", lo=lo),
        RiskLevel.AT_RISK: _("%(lo)s or more, below %(hi)s", lo=lo, hi=hi),
        RiskLevel.TOXIC: _("%(hi)s or more", hi=hi),
    }[level]
    return BandReason(
        BandRule.CULTURE_RISK,
        _("the Culture Risk of %(value)s is %(where)s", value=value, where=where),
        _("Culture Risk %(where)s", where=where),
    )


def _prevalence_reasons(
    prevalence: Sequence[tuple[str, float]], audience: Audience, t: BandThresholds
) -> tuple[RiskLevel, list[BandReason]]:
    """The level the prevalence rule alone gives, with the strongest rule that gives it."""
    of = share_of(audience)
    exact = sorted(prevalence, key=lambda pair: -pair[1])  # the pages' order: most seen first
    rows = [(name, shown(p)) for name, p in exact]
    dominant = [r for r in rows if r[1] >= t.dominant]
    widespread = [r for r in rows if r[1] >= t.widespread]
    if dominant:  # the strongest rule that applies is the one stated
        text = _are_seen(_names(dominant), len(dominant), _share(t.dominant), of)
        short = _seen_by(len(dominant), _share(t.dominant))
        return RiskLevel.TOXIC, [BandReason(BandRule.DOMINANT, text, short)]
    if len(widespread) >= t.widespread_count:
        text = _(
            "%(n)s enemies are seen by %(share)s %(of)s or more: %(names)s",
            n=len(widespread), share=_share(t.widespread), of=of, names=_names(widespread),
        )  # fmt: skip
        short = _seen_by(len(widespread), _share(t.widespread))
        return RiskLevel.TOXIC, [BandReason(BandRule.MANY_WIDESPREAD, text, short)]
    if widespread:
        text = _are_seen(_names(widespread), len(widespread), _share(t.widespread), of)
        short = _seen_by(len(widespread), _share(t.widespread))
        return RiskLevel.AT_RISK, [BandReason(BandRule.WIDESPREAD, text, short)]
    return RiskLevel.HEALTHY, []


def band(
    score: float | None,
    audience: Audience = Audience.OWN,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
    prevalence: Sequence[tuple[str, float]] | None = None,
) -> Band | None:
    """The band of a Culture Risk score with the audience's wording; ``None`` for no score.

    ``prevalence`` is (enemy name, share in %) for every enemy shown beside the score; with it,
    the band is the worse of the index's and the prevalence rule's. The reasons state the
    strongest prevalence rule and the index, each where it reaches the band's level.
    """
    if score is None:
        return None
    by_index = risk_level(score, thresholds)
    by_prevalence, reasons = _prevalence_reasons(prevalence or (), audience, thresholds)
    level = max(by_index, by_prevalence, key=_RANKS.__getitem__)
    if by_prevalence is not level:
        reasons = []
    if by_index is level:
        reasons.append(_index_reason(score, by_index, thresholds))
        if level is RiskLevel.HEALTHY and prevalence is not None:
            reasons.append(
                BandReason(
                    BandRule.WIDESPREAD,
                    _("no enemy is seen by %(share)s %(of)s or more",
                      share=_share(thresholds.widespread), of=share_of(audience)),
                    _("no enemy seen by %(share)s or more", share=_share(thresholds.widespread)),
                )  # fmt: skip
            )
    return Band(level, BAND_LABELS[audience][level], audience, tuple(reasons))
