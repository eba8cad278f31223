"""Scores across the Teamwork Scorecard: priorities, categories and the Teamwork Index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..instruments.loader import Instrument
from .distributions import Distribution
from .ipa import CrosshairMode, IpaResult, importance_performance
from .practices import PracticeScore, score_practice


@dataclass(frozen=True)
class CategoryScore:
    """Means over a category's scored practices; ``None`` when none of them has answers."""

    key: str
    n_items: int  # scored practices the means are taken over
    execution_pct: float | None
    importance_pct: float | None
    gap: float | None


@dataclass(frozen=True)
class ScorecardResult:
    """The whole scorecard for one group of respondents."""

    practices: tuple[PracticeScore, ...]  # instrument order
    priorities: tuple[PracticeScore, ...]  # scored practices, gap descending
    categories: tuple[CategoryScore, ...]  # instrument order
    ipa: IpaResult
    teamwork_index: float | None


def _mean(values: Sequence[Fraction]) -> float | None:
    return float(sum(values, Fraction(0)) / len(values)) if values else None


def priorities(scores: Iterable[PracticeScore]) -> tuple[PracticeScore, ...]:
    """Scored practices ranked by gap, largest first.

    Ties go to the more important practice, then to the earlier one (stable order).
    """

    def rank(s: PracticeScore) -> tuple[Fraction, Fraction]:
        x, y = s.exact_percents()
        return x - y, -y  # gap = y - x, descending

    return tuple(sorted((s for s in scores if s.scored), key=rank))


def category_scores(
    scores: Iterable[PracticeScore], order: Sequence[str] = ()
) -> tuple[CategoryScore, ...]:
    """Per category, the plain means of Execution %, Importance % and Gap over its scored items.

    Categories come in ``order`` first (so empty categories still appear), then in the order
    they are first met.
    """
    groups: dict[str, list[PracticeScore]] = {key: [] for key in order}
    for s in scores:
        groups.setdefault(s.category_key, []).append(s)
    result = []
    for key, items in groups.items():
        pairs = [s.exact_percents() for s in items if s.scored]
        result.append(
            CategoryScore(
                key=key,
                n_items=len(pairs),
                execution_pct=_mean([x for x, _ in pairs]),
                importance_pct=_mean([y for _, y in pairs]),
                gap=_mean([y - x for x, y in pairs]),
            )
        )
    return tuple(result)


def teamwork_index(scores: Iterable[PracticeScore]) -> float | None:
    """The Teamwork Index, 0-100: Execution % averaged with mean importance (1-10) as weights.

    ``sum(importance_i x execution_pct_i) / sum(importance_i)`` over the scored practices;
    ``None`` when no practice has answers.
    """
    # mean importance = 1 + Importance % x 9 / 100, exactly.
    pairs = [(1 + y * 9 / 100, x) for x, y in (s.exact_percents() for s in scores if s.scored)]
    weight = sum((w for w, _ in pairs), Fraction(0))
    if not pairs or weight == 0:
        return None
    return float(sum((w * x for w, x in pairs), Fraction(0)) / weight)


def score_scorecard(
    instrument: Instrument,
    execution: Mapping[str, Distribution],
    importance: Mapping[str, Distribution],
    crosshairs: CrosshairMode = CrosshairMode.MEAN,
) -> ScorecardResult:
    """Score every practice of ``instrument`` from per-item distributions keyed by item key.

    A practice missing from the mappings counts as unanswered. Keys that are not practices of
    the instrument raise ``ValueError``, so a mix-up between instruments is caught early.
    """
    items = instrument.items_of_type("practice")
    known = {i.key for i in items}
    unknown = (set(execution) | set(importance)) - known
    if unknown:
        raise ValueError(f"not practices of {instrument.ref}: {', '.join(sorted(unknown))}")
    practices = tuple(
        score_practice(i.key, execution.get(i.key, {}), importance.get(i.key, {}), i.category_key)
        for i in items
    )
    cat_order = [c.key for c in instrument.categories if any(i.type == "practice" for i in c.items)]
    return ScorecardResult(
        practices=practices,
        priorities=priorities(practices),
        categories=category_scores(practices, cat_order),
        ipa=importance_performance(practices, crosshairs),
        teamwork_index=teamwork_index(practices),
    )
