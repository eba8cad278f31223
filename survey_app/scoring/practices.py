"""Scores of one best practice from its execution and importance distributions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from .distributions import (
    Distribution,
    exact_mean,
    exact_sample_variance,
    scale_percent,
    share_percent,
    to_float,
    total,
    validate,
)

EXECUTION_MIN, EXECUTION_MAX = 1, 4
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 10
TOP_BOX = 4  # "We do this consistently"
DISAGREEMENT_SPREAD = 1.0


@dataclass(frozen=True)
class PracticeScore:
    """Everything the reports show about one practice. ``None`` means "no answers"."""

    key: str
    category_key: str
    n: int  # respondents who rated execution
    n_importance: int  # respondents who rated importance
    mean_execution: float | None  # 1-4
    execution_pct: float | None  # (mean - 1) / 3 x 100
    top_box_pct: float | None  # share answering 4, in %
    mean_importance: float | None  # 1-10
    importance_pct: float | None  # (mean - 1) / 9 x 100
    gap: float | None  # importance_pct - execution_pct, in points (-100..100)
    spread: float | None  # sample SD of execution answers; None for n < 2
    disagreement: bool  # spread >= 1.0
    # The exact percentages behind the floats, so crosshairs and weighted means are exact.
    execution_exact: Fraction | None = field(default=None, repr=False)
    importance_exact: Fraction | None = field(default=None, repr=False)

    @property
    def scored(self) -> bool:
        """True when both execution and importance have at least one answer."""
        return self.execution_pct is not None and self.importance_pct is not None

    def exact_percents(self) -> tuple[Fraction, Fraction]:
        """(Execution %, Importance %) as exact fractions; only for a scored practice."""
        if self.execution_pct is None or self.importance_pct is None:
            raise ValueError(f"{self.key} has no answers")
        x = self.execution_exact if self.execution_exact is not None else self.execution_pct
        y = self.importance_exact if self.importance_exact is not None else self.importance_pct
        return Fraction(x), Fraction(y)


def score_practice(
    key: str,
    execution: Distribution,
    importance: Distribution,
    category_key: str = "",
) -> PracticeScore:
    """Score one practice.

    ``execution`` counts answers 1-4, ``importance`` counts answers 1-10; a ``ValueError``
    names any value outside its scale. Percentages are exact values rounded once, so they
    always lie in 0-100.
    """
    validate(execution, EXECUTION_MIN, EXECUTION_MAX, f"{key} execution")
    validate(importance, IMPORTANCE_MIN, IMPORTANCE_MAX, f"{key} importance")
    n = total(execution)
    exe_mean = exact_mean(execution)
    imp_mean = exact_mean(importance)
    exe_pct = None if exe_mean is None else scale_percent(exe_mean, EXECUTION_MIN, EXECUTION_MAX)
    imp_pct = None if imp_mean is None else scale_percent(imp_mean, IMPORTANCE_MIN, IMPORTANCE_MAX)
    gap = None if exe_pct is None or imp_pct is None else imp_pct - exe_pct
    variance = exact_sample_variance(execution)
    return PracticeScore(
        key=key,
        category_key=category_key,
        n=n,
        n_importance=total(importance),
        mean_execution=to_float(exe_mean),
        execution_pct=to_float(exe_pct),
        top_box_pct=to_float(share_percent(execution.get(TOP_BOX, 0), n)),
        mean_importance=to_float(imp_mean),
        importance_pct=to_float(imp_pct),
        gap=to_float(gap),
        spread=None if variance is None else math.sqrt(variance),
        # sd >= 1 exactly when variance >= 1: compare the exact value, not the rounded root.
        disagreement=variance is not None and variance >= DISAGREEMENT_SPREAD**2,
        execution_exact=exe_pct,
        importance_exact=imp_pct,
    )
