"""The instruments are the seed's, letter for letter, and the loader names every mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from survey_app.instruments import ENEMIES, SCORECARD, InstrumentError, get_instrument, registry
from survey_app.instruments.loader import DEFINITIONS_DIR, load_file, parse_instrument

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_b280508d0d57b65a.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():  # the seeds sit beside the repo, as in CI
        pytest.fail(f"seed file not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


def in_seed(text: str, seed: str) -> bool:
    # The seed is text extracted from a book page: words are kept letter for letter, but the
    # extraction dropped some spaces between list entries ("Internal competition,silos").
    pattern = r"\s*".join(re.escape(word) for word in text.split())
    return re.search(pattern, seed) is not None


def test_scorecard_shape_and_wording(seed_text):
    scorecard = get_instrument(SCORECARD, 1)
    assert [c.title for c in scorecard.categories] == [
        "Individual",
        "Opportunity Management",
        "Account Management",
        "Industry/Marketplace",
    ]
    assert [len(c.items) for c in scorecard.categories] == [2, 2, 3, 2]
    for item in scorecard.items:
        assert in_seed(item.text, seed_text), item.text
    for category in scorecard.categories:
        assert in_seed(category.title, seed_text)
    labels = [c.label for c in scorecard.scales["execution"].choices]
    assert labels == [
        "Agree, but we never do this",
        "We sometimes do this",
        "We often do this",
        "We do this consistently",
    ]
    for label in labels:
        assert label in seed_text
    assert scorecard.scales["importance"].label in seed_text
    assert (scorecard.scales["importance"].min, scorecard.scales["importance"].max) == (1, 10)


def test_scorecard_items_appear_in_seed_order(seed_text):
    scorecard = get_instrument(SCORECARD, 1)
    positions = [seed_text.index(item.text) for item in scorecard.items]
    assert positions == sorted(positions)


def test_enemies_are_the_seed_list_in_order(seed_text):
    enemies = get_instrument(ENEMIES, 1)
    texts = [item.text for item in enemies.items]
    assert len(texts) == 20
    assert len(set(texts)) == 20
    line = next(line for line in seed_text.splitlines() if line.startswith("Top 20 Enemies"))
    for text in texts:
        assert in_seed(text, line), text
    positions = [re.search(r"\s*".join(map(re.escape, t.split())), line).start() for t in texts]
    assert positions == sorted(positions)


def test_slots_per_item_type():
    scorecard = get_instrument(SCORECARD, 1)
    slots = scorecard.slots()
    assert len(slots) == 18
    importance = [s for s in slots if s.dimension == "importance"]
    assert all(s.accepts(1) and s.accepts(10) and not s.accepts(11) for s in importance)
    execution = [s for s in slots if s.dimension == "execution"]
    assert all(s.accepts(4) and not s.accepts(0) and not s.accepts(5) for s in execution)
    enemies = get_instrument(ENEMIES, 1).slots()
    assert len(enemies) == 20
    assert all(s.kind == "flag" and not s.required for s in enemies)


def test_registry_is_keyed_by_key_and_version():
    found = registry()
    assert set(found) >= {(SCORECARD, 1), (ENEMIES, 1)}
    assert all(
        inst.key == key and inst.version == version for (key, version), inst in found.items()
    )


def _definition() -> dict:
    return yaml.safe_load((DEFINITIONS_DIR / "teamwork_scorecard.v1.yaml").read_text())


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("key"), "key"),
        (lambda d: d.update(version="one"), "version"),
        (lambda d: d["categories"][1]["items"][0].pop("text"), "categories[1].items[0].text"),
        (
            lambda d: d["categories"][0]["items"][1].update(type="slider"),
            "categories[0].items[1].type",
        ),
        (
            lambda d: (
                d["categories"][2]["items"][0].update(key="clear_owner_x")
                or d["categories"][2]["items"][1].update(key="clear_owner_x")
            ),
            "categories[2].items[1].key",
        ),
        (lambda d: d["scales"].pop("importance"), "scales.importance"),
        (lambda d: d["scales"]["execution"]["choices"].reverse(), "scales.execution.choices"),
        (lambda d: d["scales"]["importance"].update(max=0), "scales.importance.max"),
        (lambda d: d.update(categories=[]), "categories"),
    ],
)
def test_loader_names_file_and_field(tmp_path, mutate, field):
    data = _definition()
    mutate(data)
    path = tmp_path / "teamwork_scorecard.v1.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(InstrumentError) as excinfo:
        load_file(path)
    assert excinfo.value.source == "teamwork_scorecard.v1.yaml"
    assert excinfo.value.field_path == field
    assert "teamwork_scorecard.v1.yaml" in str(excinfo.value)
    assert field in str(excinfo.value)


def test_loader_rejects_misnamed_file_and_bad_yaml(tmp_path):
    misnamed = tmp_path / "scorecard.yaml"
    misnamed.write_text(yaml.safe_dump(_definition()))
    with pytest.raises(InstrumentError, match="teamwork_scorecard.v1.yaml"):
        load_file(misnamed)
    broken = tmp_path / "broken.v1.yaml"
    broken.write_text("key: [unclosed")
    with pytest.raises(InstrumentError, match=r"broken.v1.yaml: \(syntax\)"):
        load_file(broken)


def test_new_version_coexists_with_old(tmp_path):
    data = _definition()
    (tmp_path / "teamwork_scorecard.v1.yaml").write_text(yaml.safe_dump(data))
    data["version"] = 2
    data["categories"][0]["items"][0]["text"] = "Changed wording."
    (tmp_path / "teamwork_scorecard.v2.yaml").write_text(yaml.safe_dump(data))
    found = registry(tmp_path)
    assert found[(SCORECARD, 1)].items[0].text != found[(SCORECARD, 2)].items[0].text


def test_parse_rejects_non_mapping():
    with pytest.raises(InstrumentError, match="must be a mapping"):
        parse_instrument(["not", "a", "mapping"], "x.yaml")


def test_new_campaigns_meet_the_scorecard_first():
    from survey_app.instruments import latest_versions

    assert list(latest_versions())[:2] == [SCORECARD, ENEMIES]
