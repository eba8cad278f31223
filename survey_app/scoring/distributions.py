"""Answer distributions: the only input the scoring ever sees.

The database hands over pre-aggregated counts, never individual responses. A
:data:`Distribution` maps an answer value to the number of respondents who chose it, e.g.
``{1: 2, 4: 3}`` means two people answered 1 and three answered 4. Every statistic here is
computed exactly with :class:`~fractions.Fraction`, so boundaries (a score of exactly 20, an
item exactly on a crosshair) never depend on floating-point luck.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction

Distribution = Mapping[int, int]
"""Answer value -> number of respondents who gave it."""


def validate(dist: Distribution, lo: int, hi: int, what: str) -> None:
    """Raise ``ValueError`` unless every value is an int in ``lo..hi`` with a count >= 0."""
    for value, count in dist.items():
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(f"{what}: answer value {value!r} is outside {lo}..{hi}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{what}: count for {value} must be a whole number >= 0")


def total(dist: Distribution) -> int:
    """The number of respondents in the distribution."""
    return sum(dist.values())


def exact_mean(dist: Distribution) -> Fraction | None:
    """The mean answer, exactly; ``None`` when nobody answered."""
    n = total(dist)
    if n == 0:
        return None
    return Fraction(sum(value * count for value, count in dist.items()), n)


def exact_sample_variance(dist: Distribution) -> Fraction | None:
    """The sample variance (n - 1 denominator), exactly; ``None`` for fewer than 2 answers."""
    n = total(dist)
    mean = exact_mean(dist)
    if n < 2 or mean is None:
        return None
    squares = sum(count * (value - mean) ** 2 for value, count in dist.items())
    return Fraction(squares) / (n - 1)


def scale_percent(mean: Fraction, lo: int, hi: int) -> Fraction:
    """Map a mean on the ``lo..hi`` scale to 0-100: (mean - lo) / (hi - lo) x 100."""
    return (mean - lo) / (hi - lo) * 100


def share_percent(part: int, whole: int) -> Fraction | None:
    """``part`` as a percentage of ``whole``; ``None`` when ``whole`` is 0."""
    if whole == 0:
        return None
    return Fraction(part * 100, whole)


def from_answers(answers: Iterable[int]) -> dict[int, int]:
    """Turn individual answers into a distribution (used by tests and demo data)."""
    return dict(Counter(answers))


def to_float(value: Fraction | None) -> float | None:
    """Round an exact value to the nearest float, keeping ``None``."""
    return None if value is None else float(value)
