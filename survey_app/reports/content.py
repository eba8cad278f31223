"""What every report is made of: a template, its context and the charts to draw for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts.theme import item_texts
from ..downloads import DownloadName, download_name
from ..instruments.loader import Instrument
from ..scoring import Quadrant
from .renderer import Chart

CHART_WIDTH = 720  # CSS px; shown at the page's text width (about 170 mm), so 12 px is ~8 pt


@dataclass
class ReportContent:
    template: str
    title: str  # shown in the running header
    filename: DownloadName  # see survey_app.downloads
    context: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)
    language: str = "en"  # the template is filled in this language (survey_app/i18n.py)


def chart(figure: Any, width: int = CHART_WIDTH, height: int | None = None) -> Chart:
    """A builder's figure at the report width, at the height the builder chose by default."""
    return Chart(figure, width, int(height or figure.layout.height or 480))


def report_filename(*parts: str) -> DownloadName:
    """A report's PDF name, from the names it is about (see :mod:`survey_app.downloads`)."""
    return download_name(*parts, suffix=".pdf", default="report")


@dataclass(frozen=True)
class PracticeRow:
    key: str
    text: str
    category: str
    importance_pct: float | None
    execution_pct: float | None
    gap: float | None
    top_box_pct: float | None
    quadrant: Quadrant | None
    disagreement: bool


def practice_rows(scorecard: Any, instrument: Instrument | None) -> list[PracticeRow]:
    """The practice table in instrument order, with the seed's wording letter for letter."""
    texts = item_texts(instrument)
    titles = {c.key: c.title for c in instrument.categories} if instrument else {}
    return [
        PracticeRow(
            key=p.key,
            text=texts.get(p.key, p.key),
            category=titles.get(p.category_key, p.category_key),
            importance_pct=p.importance_pct,
            execution_pct=p.execution_pct,
            gap=p.gap,
            top_box_pct=p.top_box_pct,
            quadrant=scorecard.ipa.quadrant_of(p.key),
            disagreement=p.disagreement,
        )
        for p in scorecard.practices
    ]


def top_priorities(scorecard: Any, limit: int = 3) -> list[Any]:
    """The largest gaps among the practices in "Concentrate here"."""
    return [
        p
        for p in scorecard.priorities
        if scorecard.ipa.quadrant_of(p.key) is Quadrant.CONCENTRATE_HERE
    ][:limit]


def top_enemies(enemies: Any, limit: int = 3) -> list[Any]:
    """The most prevalent enemies that at least one rater ticked."""
    return [e for e in enemies.prevalences if e.ticked][:limit]
