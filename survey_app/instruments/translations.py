"""Instrument translations: versioned data next to the definitions (pure: no Flask).

A translation is a YAML file ``<key>.v<version>.<language>.yaml`` beside the definition it
translates. It names the definition it is for (key and version), its language and its own
``translation_version`` (bumped whenever its wording changes), and holds the texts by key: the
title and description, each category's title, each item's text, and each scale's labels. The
English wording is the definition's own, never a translation file.

:func:`in_language` gives the instrument with its texts in a language, falling back to the
English text for anything a translation leaves out; :func:`missing` lists what that would be.
Keys, types, values and slots never change: answers in every language are stored and scored
as one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .item_types import Choice
from .loader import DEFINITIONS_DIR, Category, Instrument, InstrumentError, Item, Scale

ENGLISH = "en"


@dataclass(frozen=True)
class Translation:
    key: str
    version: int
    language: str
    translation_version: int
    title: str = ""
    description: str = ""
    categories: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    # scale name -> {"label", "low_label", "high_label"} and "choices": {value: label}
    scales: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}.{self.language}@{self.translation_version}"


def parse_translation(data: Any, source: str) -> Translation:
    if not isinstance(data, dict):
        raise InstrumentError(source, "(top level)", "must be a mapping")
    for name, kind in (("key", str), ("version", int), ("language", str)):
        if not isinstance(data.get(name), kind):
            raise InstrumentError(source, name, f"must be a {kind.__name__}")
    number = data.get("translation_version")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise InstrumentError(source, "translation_version", "must be 1 or more")
    return Translation(
        data["key"],
        data["version"],
        data["language"],
        number,
        str(data.get("title") or ""),
        str(data.get("description") or ""),
        {str(k): str(v) for k, v in (data.get("categories") or {}).items()},
        {str(k): str(v) for k, v in (data.get("items") or {}).items()},
        {str(k): dict(v) for k, v in (data.get("scales") or {}).items()},
    )


def load_translation(path: Path) -> Translation:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(path.name, "(syntax)", str(exc)) from exc
    found = parse_translation(data, path.name)
    expected = f"{found.key}.v{found.version}.{found.language}.yaml"
    if path.name != expected:
        raise InstrumentError(path.name, "key/version/language", f"should be named {expected}")
    return found


@cache
def translations(directory: Path = DEFINITIONS_DIR) -> dict[tuple[str, int, str], Translation]:
    """Every translation file in ``directory``, by (key, version, language)."""
    found = [load_translation(p) for p in sorted(directory.glob("*.v*.*.yaml"))]
    return {(t.key, t.version, t.language): t for t in found}


def _scale(scale: Scale, texts: dict[str, Any]) -> Scale:
    choices = texts.get("choices") or {}
    return dataclasses.replace(
        scale,
        label=texts.get("label") or scale.label,
        low_label=texts.get("low_label") or scale.low_label,
        high_label=texts.get("high_label") or scale.high_label,
        choices=tuple(Choice(c.value, choices.get(c.value) or c.label) for c in scale.choices),
    )


def translate(instrument: Instrument, translation: Translation | None) -> Instrument:
    """The instrument with the translation's texts; English wherever it has none."""
    if translation is None:
        return instrument
    categories = tuple(
        Category(
            cat.key,
            translation.categories.get(cat.key) or cat.title,
            tuple(
                Item(item.key, item.type, translation.items.get(item.key) or item.text, cat.key)
                for item in cat.items
            ),
        )
        for cat in instrument.categories
    )
    scales = {
        name: _scale(scale, translation.scales.get(name) or {})
        for name, scale in instrument.scales.items()
    }
    return Instrument(
        instrument.key,
        instrument.version,
        translation.title or instrument.title,
        translation.description or instrument.description,
        categories,
        scales,
    )


def in_language(instrument: Instrument, language: str) -> Instrument:
    """The instrument as a respondent reading ``language`` sees it (the definition itself for
    English or a language without a translation). Made once per instrument and language."""
    return _in_language(instrument.key, instrument.version, language, instrument)


@cache
def _in_language(key: str, version: int, language: str, instrument: Instrument) -> Instrument:
    if language == ENGLISH:
        return instrument
    return translate(instrument, translations().get((key, version, language)))


def missing(instrument: Instrument, translation: Translation | None) -> list[str]:
    """What ``translation`` leaves in English: "title", "items.no_trust", "scales.execution.2"."""
    if translation is None:
        return ["(no translation)"]
    gaps = [name for name in ("title", "description") if not getattr(translation, name)]
    titles = translation.categories
    gaps += [f"categories.{c.key}" for c in instrument.categories if not titles.get(c.key)]
    gaps += [f"items.{i.key}" for i in instrument.items if not translation.items.get(i.key)]
    for name, scale in instrument.scales.items():
        texts = translation.scales.get(name) or {}
        wanted = ["label"] + [n for n in ("low_label", "high_label") if getattr(scale, n)]
        gaps += [f"scales.{name}.{n}" for n in wanted if not texts.get(n)]
        choices = texts.get("choices") or {}
        gaps += [f"scales.{name}.{c.value}" for c in scale.choices if not choices.get(c.value)]
    return gaps
