"""Recommendations: a concrete action for each practice and enemy that needs one.

The actions come from a playbook: the default ``survey_app/playbook/playbook.yaml`` with an
organisation's edits merged over it. Every "Concentrate here" practice gets its action (largest
gap first), then every enemy ticked by more than a third of the raters (most prevalent first).

The default is translated as versioned data beside it, ``playbook.<language>.yaml`` (each with
its own ``version`` and the ``english_version`` it translates). The caller says which language
it renders in (:func:`playbook_file`), so nothing here knows about requests; an organisation's
edits are its own words and win in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..instruments.loader import ENEMIES, SCORECARD, Instrument, latest_versions
from .enemies import EnemyPrevalence
from .ipa import IpaResult, Quadrant
from .practices import PracticeScore
from .scorecard import priorities

PLAYBOOK_DIR = Path(__file__).resolve().parent.parent / "playbook"
DEFAULT_PLAYBOOK = PLAYBOOK_DIR / "playbook.yaml"
ENGLISH = "en"


def playbook_file(language: str = ENGLISH) -> Path:
    """The shipped playbook in ``language`` (``playbook.fr.yaml``); the English one for English
    or for a language that has no translation (a code never becomes a path unless it is letters)."""
    if language != ENGLISH and language.isascii() and language.isalpha():
        path = PLAYBOOK_DIR / f"playbook.{language.lower()}.yaml"
        if path.is_file():
            return path
    return DEFAULT_PLAYBOOK


class PlaybookError(ValueError):
    """A playbook is invalid; the message names the section and the key."""


class RecommendationKind(StrEnum):
    PRACTICE = "practice"
    ENEMY = "enemy"


@dataclass(frozen=True)
class Playbook:
    """Actions by item key: practices and enemies (item keys are unique across both), and the
    deal advice for a prospect whose people show an enemy."""

    practices: Mapping[str, str]
    enemies: Mapping[str, str]
    deals: Mapping[str, str] = field(default_factory=dict)  # enemy key -> advice about the deal
    language: str = ENGLISH
    version: int = 1  # the file's own; a translation's is bumped whenever its wording changes

    def action(self, key: str) -> str:
        return self.practices[key] if key in self.practices else self.enemies[key]

    def deal_advice(self, enemy_key: str) -> str:
        """What a rep should ask, who to involve and whether to invest, given this enemy."""
        return self.deals[enemy_key]

    def merged(self, override: Mapping[str, str] | None) -> Playbook:
        """This playbook with an organisation's edits (item key -> action) laid over it.

        A blank edit falls back to the default; an unknown key or a non-text action raises
        :class:`PlaybookError` naming the key.
        """
        practices, enemies = dict(self.practices), dict(self.enemies)
        for key, action in (override or {}).items():
            if not isinstance(action, str):
                raise PlaybookError(f"override: {key}: the action must be text")
            target = practices if key in practices else enemies if key in enemies else None
            if target is None:
                raise PlaybookError(f"override: {key}: not a practice or enemy key")
            if action.strip():
                target[key] = action.strip()
        return Playbook(
            MappingProxyType(practices),
            MappingProxyType(enemies),
            self.deals,
            self.language,
            self.version,
        )


@dataclass(frozen=True)
class Recommendation:
    kind: RecommendationKind
    item_key: str
    action: str
    value: float  # the gap in points (practice) or the prevalence in % (enemy)


def _section(data: Any, name: str, keys: list[str], source: str) -> dict[str, str]:
    raw = data.get(name) if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise PlaybookError(f"{source}: {name}: is missing or not a mapping")
    for key in keys:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PlaybookError(f"{source}: {name}.{key}: is missing or empty")
    extra = sorted(set(raw) - set(keys))
    if extra:
        raise PlaybookError(f"{source}: {name}.{extra[0]}: is not an item of the instrument")
    return {key: " ".join(raw[key].split()) for key in keys}


def parse_playbook(
    data: Any, scorecard: Instrument, enemies: Instrument, source: str = "<playbook>"
) -> Playbook:
    """Validate parsed YAML: one non-empty action for every practice and every enemy, and one
    piece of deal advice per enemy for prospects; no more."""
    practices = _section(
        data, "practices", [i.key for i in scorecard.items_of_type("practice")], source
    )
    enemy_keys = [i.key for i in enemies.items_of_type("enemy")]
    found = _section(data, "enemies", enemy_keys, source)
    deals = _section(data, "prospects", enemy_keys, source)
    language, version = data.get("language", ENGLISH), data.get("version", 1)
    if not isinstance(language, str) or not isinstance(version, int) or isinstance(version, bool):
        raise PlaybookError(f"{source}: language/version: must be a code and a number")
    return Playbook(
        MappingProxyType(practices),
        MappingProxyType(found),
        MappingProxyType(deals),
        language,
        version,
    )


def load_playbook(
    path: Path = DEFAULT_PLAYBOOK,
    scorecard: Instrument | None = None,
    enemies: Instrument | None = None,
) -> Playbook:
    """Load and validate a playbook file against the instruments (newest versions by default)."""
    latest = latest_versions()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlaybookError(f"{path.name}: (syntax): {exc}") from exc
    return parse_playbook(
        data, scorecard or latest[SCORECARD], enemies or latest[ENEMIES], path.name
    )


def recommend(
    practices: Iterable[PracticeScore],
    ipa: IpaResult | None,
    enemies: Iterable[EnemyPrevalence],
    playbook: Playbook,
) -> tuple[Recommendation, ...]:
    """Actions for the "Concentrate here" practices (gap descending), then for the enemies with
    prevalence strictly above 1/3 (prevalence descending; ties keep the input order).

    A campaign that used only one instrument passes nothing for the other (no practices and
    no ``ipa``, or no enemies): its recommendations come from the instrument it has.
    """
    result = [
        Recommendation(RecommendationKind.PRACTICE, s.key, playbook.action(s.key), s.gap or 0.0)
        for s in priorities(practices)
        if ipa is not None and ipa.quadrant_of(s.key) is Quadrant.CONCENTRATE_HERE
    ]
    flagged = [e for e in enemies if e.above_one_third]
    flagged.sort(key=lambda e: -Fraction(e.ticked, e.raters))
    result += [
        Recommendation(
            RecommendationKind.ENEMY, e.key, playbook.action(e.key), e.prevalence_pct or 0.0
        )
        for e in flagged
    ]
    return tuple(result)
