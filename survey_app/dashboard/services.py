"""What the dashboard pages show: suppressed results turned into rows, figures and waves.

Everything starts from :func:`~survey_app.results.campaign.campaign_results`, which reads the
tallies (never single responses) and has already hidden small groups. Figures are built once
per request, here.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from sqlalchemy import select

from ..auth.access import one_or_404, org_id
from ..charts import campaign_figures, execution_labels, short_label
from ..charts.bars import execution_shares
from ..charts.heatmap import Column, enemy_columns, practice_columns
from ..i18n import current_language
from ..models import Campaign, Company
from ..reports.campaign import in_report_language
from ..results.campaign import CampaignResults, campaign_results
from ..results.scope import UNSCOPED, Viewer
from ..scoring import CrosshairMode, Section, change, methodology


@dataclass(frozen=True)
class PracticeRow:
    key: str
    text: str
    short: str
    category: str
    importance_pct: float | None
    execution_pct: float | None
    top_box_pct: float | None
    gap: float | None
    spread: float | None
    disagreement: bool
    quadrant: str | None
    shares: dict[int, float]  # execution answer -> share of respondents in %


@dataclass(frozen=True)
class CampaignDashboard:
    campaign: Campaign
    results: CampaignResults
    crosshairs: CrosshairMode
    figures: dict[str, go.Figure]
    practices: list[PracticeRow]
    answer_labels: dict[int, str]
    texts: dict[str, str]  # item key -> full wording, both instruments
    methodology: tuple[Section, ...]
    team_practices: list[Column]  # the heatmaps' columns, for their data tables
    team_enemies: list[Column]
    enemy_order: list[str]  # enemy keys, most prevalent overall first


def get_campaign(campaign_id: int) -> Campaign:
    """The signed-in user's campaign, or a 404 that looks like any missing id."""
    return one_or_404(
        select(Campaign).where(Campaign.id == campaign_id, Campaign.organization_id == org_id())
    )


def get_company(company_id: int) -> Company:
    """The signed-in user's company, or a 404 that looks like any missing id."""
    return one_or_404(
        select(Company).where(Company.id == company_id, Company.organization_id == org_id())
    )


def practice_rows(results: CampaignResults) -> list[PracticeRow]:
    """One row per practice of the overall scorecard (empty below k)."""
    overall, instrument = results.overall, results.scorecard
    if overall is None or overall.scorecard is None or instrument is None:
        return []
    titles = {c.key: c.title for c in instrument.categories}
    card = overall.scorecard
    rows = []
    for p in card.practices:
        item = instrument.item(p.key)
        quad = card.ipa.quadrant_of(p.key)
        rows.append(
            PracticeRow(
                key=p.key,
                text=item.text,
                short=short_label(p.key, item.text),
                category=titles.get(p.category_key, p.category_key),
                importance_pct=p.importance_pct,
                execution_pct=p.execution_pct,
                top_box_pct=p.top_box_pct,
                gap=p.gap,
                spread=p.spread,
                disagreement=p.disagreement,
                quadrant=None if quad is None else quad.value,
                shares=execution_shares(overall.execution.get(p.key, {})),
            )
        )
    return rows


def campaign_dashboard(
    campaign: Campaign,
    crosshairs: CrosshairMode,
    viewer: Viewer = UNSCOPED,
    team: int | None = None,
) -> CampaignDashboard:
    """The whole dashboard of one campaign as ``viewer`` may see it (of one ``team`` when
    filtered): one results read, every figure built once."""
    # The instruments' wording in the page's language, so rows, charts and tables agree.
    results = in_report_language(
        campaign_results(campaign, crosshairs, viewer=viewer, team=team), current_language()
    )
    enemies = results.overall.enemies if results.overall else None
    texts = {
        item.key: item.text
        for inst in (results.scorecard, results.enemies_instrument)
        if inst is not None
        for item in inst.items
    }
    return CampaignDashboard(
        campaign=campaign,
        results=results,
        crosshairs=crosshairs,
        figures=campaign_figures(results),
        practices=practice_rows(results),
        answer_labels=execution_labels(results.scorecard),
        texts=texts,
        methodology=methodology(
            results.k,
            results.thresholds,
            crosshairs=crosshairs,
            scorecard=results.scorecard is not None,
            enemies=results.enemies_instrument is not None,
        ),
        team_practices=practice_columns(results.teams) if results.visible else [],
        team_enemies=enemy_columns(results.teams) if results.visible else [],
        enemy_order=[e.key for e in enemies.prevalences] if enemies else [],
    )


# ---- Waves of a company ----


def delta(a: float | None, b: float | None) -> float | None:
    """B - A of the two as the page shows them (whole numbers), or None when either side has
    no value."""
    return change(a, b)
