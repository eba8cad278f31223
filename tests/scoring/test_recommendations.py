"""The playbook file, its validation, org edits and the ordered recommendations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from survey_app.instruments import ENEMIES, SCORECARD, get_instrument
from survey_app.scoring import (
    PlaybookError,
    Quadrant,
    RecommendationKind,
    importance_performance,
    load_playbook,
    parse_playbook,
    recommend,
    score_enemies,
    score_practice,
)
from survey_app.scoring.recommendations import DEFAULT_PLAYBOOK

SCORECARD_V1 = get_instrument(SCORECARD, 1)
ENEMIES_V1 = get_instrument(ENEMIES, 1)


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_PLAYBOOK.read_text(encoding="utf-8"))


def test_default_playbook_covers_every_item() -> None:
    playbook = load_playbook()
    assert set(playbook.practices) == {i.key for i in SCORECARD_V1.items_of_type("practice")}
    assert set(playbook.enemies) == {i.key for i in ENEMIES_V1.items_of_type("enemy")}
    for action in [*playbook.practices.values(), *playbook.enemies.values()]:
        assert 1 <= action.count(". ") + 1 <= 3  # one or two sentences
        assert "\n" not in action


def test_every_enemy_has_advice_for_the_deal() -> None:
    playbook = load_playbook()
    assert set(playbook.deals) == set(playbook.enemies)
    for key, advice in playbook.deals.items():
        assert advice.startswith("Ask "), key  # what to ask first, then who or whether
        assert advice != playbook.enemies[key]
    data = _raw()
    del data["prospects"]["cynicism"]
    with pytest.raises(PlaybookError, match=r"prospects\.cynicism: is missing"):
        parse_playbook(data, SCORECARD_V1, ENEMIES_V1)


def test_recommendations_come_from_the_instruments_a_campaign_has() -> None:
    # An Enemies-only campaign has no practices and no quadrants: its enemies still count.
    keys = [i.key for i in ENEMIES_V1.items_of_type("enemy")]
    enemies = score_enemies({"no_trust": 3, "cynicism": 1}, 5, keys)
    only_enemies = recommend((), None, enemies.prevalences, load_playbook())
    assert [r.item_key for r in only_enemies] == ["no_trust"]


def test_missing_key_is_named() -> None:
    data = _raw()
    del data["enemies"]["cynicism"]
    with pytest.raises(PlaybookError, match=r"enemies\.cynicism: is missing"):
        parse_playbook(data, SCORECARD_V1, ENEMIES_V1)


def test_empty_action_and_unknown_key_are_named() -> None:
    data = _raw()
    data["practices"]["split_credits"] = "  "
    with pytest.raises(PlaybookError, match=r"practices\.split_credits"):
        parse_playbook(data, SCORECARD_V1, ENEMIES_V1)
    data = _raw()
    data["practices"]["made_up"] = "Do it."
    with pytest.raises(PlaybookError, match=r"practices\.made_up"):
        parse_playbook(data, SCORECARD_V1, ENEMIES_V1)


def test_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("practices: [", encoding="utf-8")
    with pytest.raises(PlaybookError, match="p.yaml"):
        load_playbook(path)


def test_org_edits_merge_over_the_default() -> None:
    default = load_playbook()
    edited = default.merged({"cynicism": "Our own action.", "clear_owner": "   "})
    assert edited.action("cynicism") == "Our own action."
    assert edited.action("clear_owner") == default.action("clear_owner")
    assert default.action("cynicism") != "Our own action."
    with pytest.raises(PlaybookError, match="nonsense"):
        default.merged({"nonsense": "x"})


def test_recommendations_order() -> None:
    # IPA means: execution (0 + 0 + 33.3 + 100) / 4 = 33.3, importance (100 + 88.9 + 100 + 0)
    # / 4 = 72.2. Concentrate here: p1 (gap 100), p2 (gap 88.9), p3 sits on the execution
    # crosshair so it is "Keep up the good work", p4 is low importance.
    practices = [
        score_practice("strategy_reviews", {1: 3}, {9: 3}),  # 0 %, 88.9 %: gap 88.9
        score_practice("clear_owner", {1: 3}, {10: 3}),  # 0 %, 100 %: gap 100
        score_practice("split_credits", {2: 3}, {10: 3}),  # 33.3 %, 100 %
        score_practice("sales_culture", {4: 3}, {1: 3}),  # 100 %, 0 %
    ]
    ipa = importance_performance(practices)
    assert ipa.quadrant_of("split_credits") is Quadrant.KEEP_UP_THE_GOOD_WORK
    # 6 raters: no_trust 4 (66.7 %), cynicism 3 (50 %), favoritism 2 (exactly 1/3: no action).
    enemies = score_enemies(
        {"favoritism": 2, "cynicism": 3, "no_trust": 4}, 6, ["favoritism", "cynicism", "no_trust"]
    ).prevalences
    recs = recommend(practices, ipa, enemies, load_playbook())
    assert [(r.kind, r.item_key) for r in recs] == [
        (RecommendationKind.PRACTICE, "clear_owner"),
        (RecommendationKind.PRACTICE, "strategy_reviews"),
        (RecommendationKind.ENEMY, "no_trust"),
        (RecommendationKind.ENEMY, "cynicism"),
    ]
    assert recs[0].value == 100.0
    assert recs[0].action == load_playbook().action("clear_owner")
