"""Minimum group size and suppression: no aggregate over fewer than k responses is shown.

Rules (DESIGN.md, "Anonymity"):

* **k** is the organisation's minimum group size: default 5, valid 3 to 10.
* **Primary suppression.** A cell (the responses of one team, one segment...) with fewer than
  k responses is hidden. A cell with 0 responses is hidden too, but reveals nothing.
* **Complementary suppression.** In one breakdown whose cells partition a shown total, the
  hidden cells together can be recovered as ``total - visible cells``. So while the hidden cells
  together hold between 1 and k - 1 responses, the smallest visible cell is hidden as well. With
  exactly one hidden cell this is "the next smallest cell is hidden too"; it continues until the
  hidden group holds at least k responses (or nothing is left to hide).
* **Campaign aggregate.** A total with fewer than k responses is hidden (and then every cell is).

Suppression protects one breakdown against its own total. Two different breakdowns of the same
responses (say teams and segments) can still be intersected; callers must not show such
cross-tabulations without suppressing the cross cells themselves.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from flask_babel import gettext as _

MIN_K, MAX_K, DEFAULT_K = 3, 10, 5

K = TypeVar("K", bound=Hashable)


class HiddenReason(StrEnum):
    SMALL_GROUP = "fewer than k responses"
    COMPLEMENTARY = "hidden to protect another group"
    # Compared with an earlier wave, 1 to k - 1 people joined, left or moved (wave_pairs.py).
    ACROSS_WAVES = "fewer than k people changed since an earlier wave"

    def describe(self, k: int) -> str:
        """The reason in words for a page, e.g. "fewer than 5 responses"."""
        if self is HiddenReason.SMALL_GROUP:
            return _("fewer than %(k)s responses", k=k)
        if self is HiddenReason.ACROSS_WAVES:
            return _("fewer than %(k)s people changed since an earlier wave", k=k)
        return _("hidden to protect another group")


@dataclass(frozen=True)
class CellDecision(Generic[K]):
    key: K
    n: int
    visible: bool
    reason: HiddenReason | None  # None when visible


@dataclass(frozen=True)
class Suppression(Generic[K]):
    """The decisions for one breakdown, in the input order."""

    k: int
    total: int
    total_visible: bool  # the aggregate over all the cells may be shown
    cells: tuple[CellDecision[K], ...]

    @property
    def visible(self) -> frozenset[K]:
        return frozenset(c.key for c in self.cells if c.visible)

    def decision(self, key: K) -> CellDecision[K]:
        return next(c for c in self.cells if c.key == key)


def validate_k(k: int) -> int:
    """Return ``k`` if it is a whole number in 3..10, else raise ``ValueError``."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise ValueError(f"the minimum group size must be a whole number from {MIN_K} to {MAX_K}")
    return k


def aggregate_visible(n: int, k: int) -> bool:
    """Whether an aggregate over ``n`` responses (a whole campaign, say) may be shown."""
    return n >= validate_k(k)


def _isolates(hidden_sum: int, k: int) -> bool:
    return 0 < hidden_sum < k


def suppress(cells: Mapping[K, int], k: int, total_shown: bool = True) -> Suppression[K]:
    """Decide which cells of one breakdown may be shown.

    ``cells`` maps each cell to its response count; the cells partition the total. With
    ``total_shown`` (the default, and the safe choice) complementary suppression hides the
    smallest visible cells (ties: input order) until ``total - visible`` is 0 or at least k.
    Pass ``total_shown=False`` only if no page, chart or export shows this total. Promises:
    ``reveals_small_group(cells, result.visible, k, total_shown)`` is False.
    """
    validate_k(k)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in cells.values()):
        raise ValueError("cell counts must be whole numbers >= 0")
    total = sum(cells.values())
    reasons: dict[K, HiddenReason] = {
        key: HiddenReason.SMALL_GROUP for key, n in cells.items() if n < k
    }
    if total_shown:
        hidden_sum = sum(cells[key] for key in reasons)
        candidates = sorted((key for key in cells if key not in reasons), key=lambda c: cells[c])
        for key in candidates:
            if not _isolates(hidden_sum, k):
                break
            reasons[key] = HiddenReason.COMPLEMENTARY
            hidden_sum += cells[key]
    decisions = tuple(
        CellDecision(key, n, key not in reasons, reasons.get(key)) for key, n in cells.items()
    )
    return Suppression(k=k, total=total, total_visible=total >= k, cells=decisions)


def visible_cells(cells: Mapping[K, int], k: int, total_shown: bool = True) -> frozenset[K]:
    """The keys of the cells that may be shown (see :func:`suppress`)."""
    return suppress(cells, k, total_shown).visible


def reveals_small_group(
    cells: Mapping[K, int], visible: set[K] | frozenset[K], k: int, total_shown: bool
) -> bool:
    """True if what is shown exposes an aggregate over 1 to k - 1 responses.

    Checks a shown cell with 1..k-1 responses, a shown total with 1..k-1 responses, and, when
    the total is shown, ``total - sum(shown cells)`` being 1..k-1. Usable on any real page:
    pass the breakdown's counts and the cells the page actually displays.
    """
    if any(_isolates(cells[key], k) for key in visible):
        return True
    if not total_shown:
        return False
    total = sum(cells.values())
    return _isolates(total, k) or _isolates(total - sum(cells[key] for key in visible), k)
