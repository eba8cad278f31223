"""The methodology text states the numbers the code uses; the package stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from survey_app import scoring
from survey_app.scoring import BandThresholds, CrosshairMode, methodology, score_practice


def _text(**kwargs) -> str:
    return "\n".join(f"{s.heading}: {s.paragraph}" for s in methodology(**kwargs))


def test_formulas_match_the_code() -> None:
    text = _text()
    assert "Execution % = (mean execution - 1) / 3 x 100" in text
    assert "Importance % = (mean importance - 1) / 9 x 100" in text
    assert "total ticks / (raters x 20) x 100" in text
    assert "1.0 or more" in text
    # The stated formulas, applied to answers 1, 2, 4, 4 and 7, 7, 10, 10, give the code's values.
    s = score_practice("k", {1: 1, 2: 1, 4: 2}, {7: 2, 10: 2})
    assert s.execution_pct == pytest.approx((2.75 - 1) / 3 * 100)
    assert s.importance_pct == pytest.approx((8.5 - 1) / 9 * 100)


def test_defaults_are_stated() -> None:
    text = _text()
    assert "below 20: Healthy (own company) or Pursue (prospect)" in text
    assert "20 up to but not including 40: At risk" in text
    assert "40 or more: Toxic (own company) or Walk away (prospect)" in text
    assert "fewer than 5 responses" in text
    assert "the means, over the scored practices" in text


def test_org_settings_are_stated() -> None:
    text = _text(k=7, thresholds=BandThresholds(12.5, 30), crosshairs=CrosshairMode.FIXED)
    assert "below 12.5: Healthy" in text
    assert "30 or more: Toxic" in text
    assert "fewer than 7 responses" in text
    assert "50 % on both axes" in text


def test_sections_are_heading_and_paragraph() -> None:
    for section in methodology():
        assert section.heading
        assert section.paragraph.endswith(".")


def test_scoring_imports_no_flask_and_no_database() -> None:
    banned = {"flask", "flask_sqlalchemy", "sqlalchemy", "survey_app.extensions"}
    for path in Path(scoring.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in banned, f"{path.name} imports {name}"
                assert not name.startswith(("survey_app.models", "survey_app.database"))
