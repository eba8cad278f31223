"""Plotly figure builders: one function per chart, shared by the dashboard and the PDF.

Each builder takes scored, already suppressed results and returns a
``plotly.graph_objects.Figure`` with its title, fonts and colours inside the figure, so the page
(``fig.to_json()`` drawn by Plotly.js) and the PDF (``fig.to_image(format="svg")`` via Kaleido)
look the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from .bars import category_chart, enemies_chart, execution_distribution_chart, execution_labels
from .heatmap import Column, team_enemy_heatmap, team_heatmap, team_practice_heatmap
from .ipa import ipa_chart
from .theme import short_label
from .trends import (
    WavePoint,
    compare_enemies_chart,
    compare_practices_chart,
    comparison_chart,
    trend_headline_chart,
    trend_practices_chart,
)

if TYPE_CHECKING:
    from ..results.campaign import CampaignResults

__all__ = [
    "Column",
    "WavePoint",
    "campaign_figures",
    "category_chart",
    "compare_enemies_chart",
    "compare_practices_chart",
    "comparison_chart",
    "enemies_chart",
    "execution_distribution_chart",
    "execution_labels",
    "ipa_chart",
    "short_label",
    "team_enemy_heatmap",
    "team_heatmap",
    "team_practice_heatmap",
    "trend_headline_chart",
    "trend_practices_chart",
]


def campaign_figures(results: CampaignResults) -> dict[str, go.Figure]:
    """Every chart of a campaign's dashboard, by name, in page order.

    Empty when the campaign is below k responses: nothing may be drawn then.
    """
    overall = results.overall
    if overall is None:
        return {}
    figures: dict[str, go.Figure] = {}
    card, enemies = overall.scorecard, overall.enemies
    if card is not None:
        figures["ipa"] = ipa_chart(card, results.scorecard)
        figures["distribution"] = execution_distribution_chart(overall.execution, results.scorecard)
        figures["categories"] = category_chart(card.categories, results.scorecard)
    if enemies is not None:
        figures["enemies"] = enemies_chart(enemies, results.enemies_instrument)
    if any(team.visible for team in results.teams):  # all hidden: one line, no grey blocks
        if card is not None:
            figures["team_practices"] = team_practice_heatmap(results.teams, results.scorecard)
        if enemies is not None:
            order = [e.key for e in enemies.prevalences]
            figures["team_enemies"] = team_enemy_heatmap(
                results.teams, results.enemies_instrument, order
            )
    return figures
