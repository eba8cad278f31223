"""Registry of item types: what answers each kind of item collects.

An item type turns one instrument item into *answer slots*. A slot is one stored number
(an importance rating, an execution choice, a tick). The survey form, the answer store and
the scoring all work on slots, so a new item type is one new class here and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .loader import Instrument, Item


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Slot:
    """One answer a respondent gives about one item."""

    item_key: str
    dimension: str  # "importance", "execution" or "present"
    kind: str  # "rating" (min..max), "choice" (one of choices) or "flag" (0/1)
    label: str
    required: bool
    min: int = 0
    max: int = 1
    choices: tuple[Choice, ...] = ()
    # The form field's name, read for every answer of every submission: made once.
    name: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", f"{self.item_key}__{self.dimension}")

    def accepts(self, value: int) -> bool:
        if self.kind == "choice":
            return any(c.value == value for c in self.choices)
        return self.min <= value <= self.max


class ItemType(Protocol):
    name: str
    required_scales: tuple[str, ...]

    def slots(self, item: Item, instrument: Instrument) -> list[Slot]: ...


class PracticeType:
    """A best practice, rated for importance (1-10) and execution (four labelled answers)."""

    name = "practice"
    required_scales = ("importance", "execution")

    def slots(self, item: Item, instrument: Instrument) -> list[Slot]:
        imp = instrument.scales["importance"]
        exe = instrument.scales["execution"]
        return [
            Slot(item.key, "importance", "rating", imp.label, True, imp.min, imp.max),
            Slot(
                item.key,
                "execution",
                "choice",
                exe.label,
                True,
                exe.min,
                exe.max,
                exe.choices,
            ),
        ]


class EnemyType:
    """An enemy of teamwork: ticked if present, left blank if not."""

    name = "enemy"
    required_scales: tuple[str, ...] = ()

    def slots(self, item: Item, instrument: Instrument) -> list[Slot]:
        return [Slot(item.key, "present", "flag", item.text, False, 0, 1)]


ITEM_TYPES: dict[str, ItemType] = {t.name: t for t in (PracticeType(), EnemyType())}
