"""The methodology in plain English, for the dashboard and the PDF.

Each section states a formula exactly as the code in this package computes it; the tests check
the stated numbers (scales, thresholds, k) against the code's constants. The words are in the
page's language (the campaign report may be in Spanish, French or German: survey_app/i18n.py);
each section keeps its English heading as its ``key``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .anonymity import DEFAULT_K, MAX_K, MIN_K, validate_k
from .bands import BAND_LABELS, DEFAULT_THRESHOLDS, Audience, BandThresholds, RiskLevel
from .ipa import CrosshairMode


@dataclass(frozen=True)
class Section:
    heading: str
    paragraph: str
    key: str = ""  # the English heading, whatever the language


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
    return tuple(s for s in sections if s.key not in left_out)


def _label(name: str) -> str:
    """A band's or a verdict's name in the page's language (survey_app/reports/formatting.py
    marks them for the catalogues)."""
    return _(name)


def _sections(k: int, thresholds: BandThresholds, crosshairs: CrosshairMode) -> tuple[Section, ...]:
    validate_k(k)
    lo, hi = _num(thresholds.at_risk), _num(thresholds.toxic)
    own = {level: _label(name) for level, name in BAND_LABELS[Audience.OWN].items()}
    prospect = {level: _label(name) for level, name in BAND_LABELS[Audience.PROSPECT].items()}
    levels = (RiskLevel.HEALTHY, RiskLevel.AT_RISK, RiskLevel.TOXIC)
    ranges = (
        _("below %(lo)s", lo=lo),
        _("%(lo)s up to but not including %(hi)s", lo=lo, hi=hi),
        _("%(hi)s or more", hi=hi),
    )
    band_text = "; ".join(
        _(
            "%(range)s: %(own)s (own company) or %(prospect)s (prospect)",
            range=r, own=own[level], prospect=prospect[level],
        )  # fmt: skip
        for r, level in zip(ranges, levels, strict=True)
    )
    cross = (
        _("the means, over the scored practices, of Execution % and of Importance %")
        if crosshairs is CrosshairMode.MEAN
        else _("%(value)s %% on both axes", value=50)
    )
    return (
        Section(
            _("Scales"),
            _(
                "Each practice is rated for importance from 1 (low) to 10 (high) and for "
                "execution on four answers: 1 = Agree, but we never do this; 2 = We sometimes "
                "do this; 3 = We often do this; 4 = We do this consistently. Each enemy of "
                "teamwork is ticked if present."
            ),
            "Scales",
        ),
        Section(
            _("Execution and importance"),
            _(
                "Execution % = (mean execution - 1) / 3 x 100. Importance % = (mean importance "
                "- 1) / 9 x 100. Both run from 0 to 100. Top-box is the share of respondents "
                "answering 4, We do this consistently. Gap = Importance % - Execution %, in "
                "points; the priorities are the practices ranked by gap, largest first."
            ),
            "Execution and importance",
        ),
        Section(
            _("Agreement"),
            _(
                "Spread is the sample standard deviation of a practice's execution answers "
                "(dividing by n - 1; not defined for fewer than 2 answers). A spread of 1.0 or "
                "more is flagged: the team disagrees about how well it executes that practice."
            ),
            "Agreement",
        ),
        Section(
            _("Importance-Performance Analysis"),
            _(
                "After Martilla and James (1977), each practice is plotted with Execution %% "
                "across and Importance %% up. The crosshairs sit at %(cross)s; a value at or "
                "above a crosshair counts as high. High importance and low execution: "
                "%(concentrate)s. High and high: %(keep)s. Low and low: %(low)s. Low importance "
                "and high execution: %(overkill)s.",
                cross=cross,
                concentrate=_("Concentrate here"),
                keep=_("Keep up the good work"),
                low=_("Low priority"),
                overkill=_("Possible overkill"),
            ),
            "Importance-Performance Analysis",
        ),
        Section(
            _("Category scores and Teamwork Index"),
            _(
                "A category's scores are the plain means of Execution %, Importance % and Gap "
                "over its practices. The Teamwork Index (0 to 100) is the mean of the "
                "practices' Execution %, each weighted by that practice's mean importance (1 to "
                "10)."
            ),
            "Category scores and Teamwork Index",
        ),
        Section(
            _("Enemies of teamwork and Culture Risk"),
            _(
                "An enemy's prevalence is the share of raters who ticked it. The Culture Risk "
                "Index (0 to 100) is the mean, over the raters, of the share of the 20 enemies "
                "each one ticked; this equals total ticks / (raters x 20) x 100."
            ),
            "Enemies of teamwork and Culture Risk",
        ),
        Section(
            _("Bands"),
            _(
                "A band is the worse of two readings. By the Culture Risk Index: %(bands)s. By "
                "prevalence: any enemy seen by %(widespread)s %% of the raters or more makes it "
                "at least %(at_risk)s (%(at_risk_prospect)s); %(count)s or more such enemies, "
                "or any one seen by %(dominant)s %% or more, make it %(toxic)s "
                "(%(toxic_prospect)s). Both readings use the figures as shown, rounded to whole "
                "numbers, and the band's reasons name the rule that decided it.",
                bands=band_text,
                widespread=_num(thresholds.widespread),
                at_risk=own[RiskLevel.AT_RISK],
                at_risk_prospect=prospect[RiskLevel.AT_RISK],
                count=thresholds.widespread_count,
                dominant=_num(thresholds.dominant),
                toxic=own[RiskLevel.TOXIC],
                toxic_prospect=prospect[RiskLevel.TOXIC],
            ),
            "Bands",
        ),
        Section(
            _("Recommendations"),
            _(
                "Every practice in %(concentrate)s, largest gap first, and then every enemy "
                "ticked by more than one third of the raters, most prevalent first, gets a "
                "concrete action from the playbook, from whichever instruments the campaign "
                "used. For a prospect, the advice is about the deal: what to ask, who to "
                "involve and whether to invest.",
                concentrate=_("Concentrate here"),
            ),
            "Recommendations",
        ),
        Section(
            _("Anonymity"),
            _(
                "No result is shown for a group of fewer than %(k)s responses (the minimum "
                "group size, set between %(min)s and %(max)s), including the whole campaign "
                "and every team or segment. If hiding such groups would let their results be "
                "worked out by subtracting the groups shown from the total, the next smallest "
                "groups are hidden as well, until the hidden groups together hold at least "
                "%(k)s responses.",
                k=k,
                min=MIN_K,
                max=MAX_K,
            ),
            "Anonymity",
        ),
    )
