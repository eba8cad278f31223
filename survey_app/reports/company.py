"""The company report: how teamwork moved across the waves, and where the latest wave stands."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from .. import charts
from ..bidi import isolate
from ..charts.theme import item_texts, labels_for
from ..i18n import DEFAULT, rendering_in
from ..models import Company
from ..results.scope import UNSCOPED, Viewer
from ..scoring import RecommendationKind, methodology
from . import formatting
from .content import ReportContent, chart, report_filename, top_enemies, top_priorities
from .waves import company_waves


def company_report(
    company: Company, viewer: Viewer = UNSCOPED, language: str = DEFAULT
) -> ReportContent:
    """Trends over the visible waves plus a summary of the latest one, as ``viewer`` may see
    them, in ``language``; no numbers from waves under k, which are listed with the reason
    only."""
    with rendering_in(language):
        content = _company_report(company, viewer)
    content.language = language
    return content


def _company_report(company: Company, viewer: Viewer) -> ReportContent:
    waves = company_waves(company, viewer)  # the instruments' wording in the language
    visible = [w for w in waves if w.point is not None]
    latest = visible[-1] if visible else None
    content = ReportContent(
        template="reports/company.html",
        title=f"{isolate(company.name)} · {_('Teamwork over time')}",
        filename=report_filename(company.name, "teamwork", "trends"),
    )
    # The practice trend reads only the waves that used the scorecard, in the latest one's wording.
    scored = [w for w in visible if w.point and w.point.teamwork_index is not None]
    instrument = scored[-1].results.scorecard if scored else None
    ctx: dict[str, Any] = {
        "company": company,
        "scoped": viewer.scoped,
        "waves": waves,
        "visible": visible,
        "scored": scored,
        "latest": latest,
        "fmt": formatting,
        "today": date.today(),
        "practice_texts": item_texts(instrument),
        "practice_labels": labels_for(instrument),
        "practice_keys": [i.key for i in instrument.items_of_type("practice")]
        if instrument
        else [],
        "methodology": (
            methodology(latest.results.k, latest.results.thresholds) if latest else methodology(5)
        ),
    }
    content.context = ctx
    if latest is None:
        return content
    points = [w.point for w in visible if w.point]  # the builders escape the titles for Plotly
    content.charts["trend_headline"] = chart(charts.trend_headline_chart(points))
    if scored:
        practice_points = [w.point for w in scored if w.point]
        figure = charts.trend_practices_chart(practice_points, instrument)
        figure.update_layout(title={"text": ""}, margin={"t": 32})  # the page's heading says it
        content.charts["trend_practices"] = chart(figure)
    overall = latest.results.overall
    if overall is not None:
        recs = latest.results.recommendations
        ctx.update(
            priorities=top_priorities(overall.scorecard) if overall.scorecard else [],
            enemies_top=top_enemies(overall.enemies) if overall.enemies else [],
            enemy_texts=item_texts(latest.results.enemies_instrument),
            latest_practice_texts=item_texts(latest.results.scorecard),
            practice_recs=[r for r in recs if r.kind is RecommendationKind.PRACTICE],
            enemy_recs=[r for r in recs if r.kind is RecommendationKind.ENEMY],
        )
    return content
