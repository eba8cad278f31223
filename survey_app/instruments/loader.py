"""Load and validate instrument definitions (pure: no Flask, no database).

Definitions are YAML files named ``<key>.v<version>.yaml`` in this folder. A campaign pins
``(key, version)``, so a new version of a file never changes old results.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .item_types import ITEM_TYPES, Choice, Slot

DEFINITIONS_DIR = Path(__file__).parent


class InstrumentError(ValueError):
    """A definition file is invalid; the message names the file and the field."""

    def __init__(self, source: str, field_path: str, problem: str) -> None:
        super().__init__(f"{source}: {field_path}: {problem}")
        self.source = source
        self.field_path = field_path


@dataclass(frozen=True)
class Scale:
    label: str
    min: int
    max: int
    low_label: str = ""
    high_label: str = ""
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    text: str
    category_key: str


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: str
    description: str
    categories: tuple[Category, ...]
    scales: dict[str, Scale] = field(default_factory=dict, hash=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def items(self) -> list[Item]:
        return [item for cat in self.categories for item in cat.items]

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def slots(self) -> tuple[Slot, ...]:
        return self._slots

    @functools.cached_property
    def _slots(self) -> tuple[Slot, ...]:
        # Made once per definition: a submission walks them several times.
        return tuple(s for item in self.items for s in ITEM_TYPES[item.type].slots(item, self))

    def items_of_type(self, type_name: str) -> list[Item]:
        return [i for i in self.items if i.type == type_name]


def _require(data: Any, key: str, kind: type, source: str, path: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise InstrumentError(source, f"{path}{key}", "is missing")
    value = data[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise InstrumentError(source, f"{path}{key}", f"must be a {kind.__name__}")
    if kind is str and not value.strip():
        raise InstrumentError(source, f"{path}{key}", "must not be empty")
    return value


def _parse_scale(name: str, data: Any, source: str) -> Scale:
    path = f"scales.{name}."
    label = _require(data, "label", str, source, path)
    if "choices" in data:
        raw = _require(data, "choices", list, source, path)
        choices = []
        for i, c in enumerate(raw):
            cpath = f"{path}choices[{i}]."
            choices.append(
                Choice(
                    _require(c, "value", int, source, cpath),
                    _require(c, "label", str, source, cpath),
                )
            )
        values = [c.value for c in choices]
        if len(choices) < 2 or values != sorted(set(values)):
            raise InstrumentError(source, f"{path}choices", "needs 2+ distinct ascending values")
        return Scale(label, values[0], values[-1], choices=tuple(choices))
    lo = _require(data, "min", int, source, path)
    hi = _require(data, "max", int, source, path)
    if lo >= hi:
        raise InstrumentError(source, f"{path}max", "must be greater than min")
    return Scale(label, lo, hi, data.get("low_label", ""), data.get("high_label", ""))


def parse_instrument(data: Any, source: str = "<definition>") -> Instrument:
    """Validate a parsed definition and build an :class:`Instrument`.

    Raises :class:`InstrumentError` naming ``source`` and the offending field.
    """
    if not isinstance(data, dict):
        raise InstrumentError(source, "(top level)", "must be a mapping")
    key = _require(data, "key", str, source, "")
    version = _require(data, "version", int, source, "")
    if version < 1:
        raise InstrumentError(source, "version", "must be 1 or more")
    title = _require(data, "title", str, source, "")
    scales = {
        name: _parse_scale(name, spec, source) for name, spec in (data.get("scales") or {}).items()
    }
    raw_categories = _require(data, "categories", list, source, "")
    if not raw_categories:
        raise InstrumentError(source, "categories", "must not be empty")
    seen: set[str] = set()
    categories = []
    for ci, cat in enumerate(raw_categories):
        cpath = f"categories[{ci}]."
        cat_key = _require(cat, "key", str, source, cpath)
        items = []
        for ii, raw in enumerate(_require(cat, "items", list, source, cpath)):
            ipath = f"{cpath}items[{ii}]."
            item_key = _require(raw, "key", str, source, ipath)
            if item_key in seen:
                raise InstrumentError(source, f"{ipath}key", f"duplicate item key {item_key!r}")
            seen.add(item_key)
            type_name = _require(raw, "type", str, source, ipath)
            item_type = ITEM_TYPES.get(type_name)
            if item_type is None:
                known = ", ".join(sorted(ITEM_TYPES))
                raise InstrumentError(
                    source, f"{ipath}type", f"unknown type {type_name!r} ({known})"
                )
            for scale in item_type.required_scales:
                if scale not in scales:
                    raise InstrumentError(source, f"scales.{scale}", f"is required by {type_name}")
            text = _require(raw, "text", str, source, ipath)
            items.append(Item(item_key, type_name, text, cat_key))
        if not items:
            raise InstrumentError(source, f"{cpath}items", "must not be empty")
        categories.append(
            Category(cat_key, _require(cat, "title", str, source, cpath), tuple(items))
        )
    return Instrument(
        key, version, title, str(data.get("description", "")), tuple(categories), scales
    )


def load_file(path: Path) -> Instrument:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(path.name, "(syntax)", str(exc)) from exc
    instrument = parse_instrument(data, path.name)
    expected = f"{instrument.key}.v{instrument.version}.yaml"
    if path.name != expected:
        raise InstrumentError(path.name, "key/version", f"file should be named {expected}")
    return instrument


@cache
def registry(directory: Path = DEFINITIONS_DIR) -> dict[tuple[str, int], Instrument]:
    """Every instrument in ``directory``, by ``(key, version)``."""
    # <key>.v<version>.yaml; <key>.v<version>.<language>.yaml are translations (translations.py)
    paths = [p for p in sorted(directory.glob("*.v*.yaml")) if p.name.count(".") == 2]
    found = [load_file(p) for p in paths]
    return {(i.key, i.version): i for i in found}


def get_instrument(key: str, version: int) -> Instrument:
    return registry()[(key, version)]


def latest_versions() -> dict[str, Instrument]:
    """The newest version of each instrument, scorecard first, for new campaigns."""
    newest: dict[str, Instrument] = {}
    for (key, version), inst in registry().items():
        if key not in newest or version > newest[key].version:
            newest[key] = inst
    rank = {key: n for n, key in enumerate(DISPLAY_ORDER)}
    return dict(sorted(newest.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


SCORECARD = "teamwork_scorecard"
ENEMIES = "enemies_of_teamwork"
# The order respondents meet the instruments in: the source rates the practices first.
DISPLAY_ORDER = (SCORECARD, ENEMIES)
