"""The methodology in plain English, for the dashboard and the PDF.

Each section states a formula exactly as the code in this package computes it; the tests check
the stated numbers (scales, thresholds, k) against the code's constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from .anonymity import DEFAULT_K, MAX_K, MIN_K, validate_k
from .bands import BAND_LABELS, DEFAULT_THRESHOLDS, Audience, BandThresholds, RiskLevel
from .ipa import CrosshairMode


@dataclass(frozen=True)
class Section:
    heading: str
    paragraph: str


def _num(value: float) -> str:
    return f"{value:g}"


SCORECARD_ONLY = ("Execution and importance", "Agreement", "Importance-Performance Analysis",
                  "Category scores and Teamwork Index")  # fmt: skip
ENEMIES_ONLY = ("Enemies of teamwork and Culture Risk", "Bands")


def methodology(
    k: int = DEFAULT_K,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
    crosshairs: CrosshairMode = CrosshairMode.MEAN,
    scorecard: bool = True,
    enemies: bool = True,
) -> tuple[Section, ...]:
    """The sections to print, with this organisation's k, bands and crosshair setting; a
    campaign that used one instrument gets only the sections that explain its numbers."""
    sections = _sections(k, thresholds, crosshairs)
    left_out = (() if scorecard else SCORECARD_ONLY) + (() if enemies else ENEMIES_ONLY)
    return tuple(s for s in sections if s.heading not in left_out)


def _sections(k: int, thresholds: BandThresholds, crosshairs: CrosshairMode) -> tuple[Section, ...]:
    validate_k(k)
    lo, hi = _num(thresholds.at_risk), _num(thresholds.toxic)
    own, prospect = BAND_LABELS[Audience.OWN], BAND_LABELS[Audience.PROSPECT]
    levels = (RiskLevel.HEALTHY, RiskLevel.AT_RISK, RiskLevel.TOXIC)
    ranges = (f"below {lo}", f"{lo} up to but not including {hi}", f"{hi} or more")
    band_text = "; ".join(
        f"{r}: {own[level]} (own company) or {prospect[level]} (prospect)"
        for r, level in zip(ranges, levels, strict=True)
    )
    cross = (
        "the means, over the scored practices, of Execution % and of Importance %"
        if crosshairs is CrosshairMode.MEAN
        else "50 % on both axes"
    )
    return (
        Section(
            "Scales",
            "Each practice is rated for importance from 1 (low) to 10 (high) and for execution on "
            "four answers: 1 = Agree, but we never do this; 2 = We sometimes do this; 3 = We often "
            "do this; 4 = We do this consistently. Each enemy of teamwork is ticked if present.",
        ),
        Section(
            "Execution and importance",
            "Execution % = (mean execution - 1) / 3 x 100. Importance % = (mean importance - 1) / "
            "9 x 100. Both run from 0 to 100. Top-box is the share of respondents answering "
            "4, We do this consistently. Gap = Importance % - Execution %, in points; the "
            "priorities are the practices ranked by gap, largest first.",
        ),
        Section(
            "Agreement",
            "Spread is the sample standard deviation of a practice's execution answers (dividing "
            "by n - 1; not defined for fewer than 2 answers). A spread of 1.0 or more is flagged: "
            "the team disagrees about how well it executes that practice.",
        ),
        Section(
            "Importance-Performance Analysis",
            "After Martilla and James (1977), each practice is plotted with Execution % across "
            f"and Importance % up. The crosshairs sit at {cross}; a value at or above a crosshair "
            "counts as high. High importance and low execution: Concentrate here. High and high: "
            "Keep up the good work. Low and low: Low priority. Low importance and high execution: "
            "Possible overkill.",
        ),
        Section(
            "Category scores and Teamwork Index",
            "A category's scores are the plain means of Execution %, Importance % and Gap over "
            "its practices. The Teamwork Index (0 to 100) is the mean of the practices' "
            "Execution %, each weighted by that practice's mean importance (1 to 10).",
        ),
        Section(
            "Enemies of teamwork and Culture Risk",
            "An enemy's prevalence is the share of raters who ticked it. The Culture Risk Index "
            "(0 to 100) is the mean, over the raters, of the share of the 20 enemies each one "
            "ticked; this equals total ticks / (raters x 20) x 100.",
        ),
        Section(
            "Bands",
            f"A band is the worse of two readings. By the Culture Risk Index: {band_text}. By "
            f"prevalence: any enemy seen by {_num(thresholds.widespread)} % of the raters or more "
            f"makes it at least {own[RiskLevel.AT_RISK]} ({prospect[RiskLevel.AT_RISK]}); "
            f"{thresholds.widespread_count} or more such enemies, or any one seen by "
            f"{_num(thresholds.dominant)} % or more, make it {own[RiskLevel.TOXIC]} "
            f"({prospect[RiskLevel.TOXIC]}). Both readings use the figures as shown, rounded to "
            "whole numbers, and the band's reasons name the rule that decided it.",
        ),
        Section(
            "Recommendations",
            "Every practice in Concentrate here, largest gap first, and then every enemy ticked "
            "by more than one third of the raters, most prevalent first, gets a concrete action "
            "from the playbook, from whichever instruments the campaign used. For a prospect, "
            "the advice is about the deal: what to ask, who to involve and whether to invest.",
        ),
        Section(
            "Anonymity",
            f"No result is shown for a group of fewer than {k} responses (the minimum group size, "
            f"set between {MIN_K} and {MAX_K}), including the whole campaign and every team or "
            "segment. If hiding such groups would let their results be worked out by subtracting "
            "the groups shown from the total, the next smallest groups are hidden as well, until "
            f"the hidden groups together hold at least {k} responses.",
        ),
    )
