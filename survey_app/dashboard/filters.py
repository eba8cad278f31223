"""The dashboard's team filter, and one team beside the rest of the company.

The filter is the same narrowing as a team-scoped viewer's (``campaign_results(team=...)``):
the page shows one team's figures, after the whole campaign's suppression, so a team hidden
there is hidden here too. The rest of the company is shown beside it only when
``campaign_results`` gives it: the team is shown, the rest has at least k responses, and the
reader is not team-scoped (for them "the rest" is exactly what they must not see).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..charts import comparison_chart
from ..charts.theme import item_texts, labels_for, user_label
from ..charts.trends import escape
from ..models import Campaign
from ..results.campaign import GroupScores
from ..results.scope import Viewer
from .services import CampaignDashboard

REST = lazy_gettext("Rest of the company")


def team_filter(campaign: Campaign, viewer: Viewer, raw: str | None) -> int | None:
    """The team named by ``?team=`` if it is one of the campaign's teams the viewer sees."""
    if not raw or not raw.isdigit():
        return None
    key = int(raw)
    teams = {team.id for team in campaign.teams}
    return key if key in teams and viewer.sees_team(key) else None


def filter_choices(campaign: Campaign, viewer: Viewer) -> list[tuple[int, str]]:
    """(team id, name) of the campaign's teams the viewer sees, as the campaign names them."""
    labels = campaign.team_labels
    return [(key, label) for key, label in labels.items() if viewer.sees_team(key)]


@dataclass(frozen=True)
class RestComparison:
    """One team beside the rest of the company, or why the rest is not shown."""

    team_label: str
    team_n: int | None
    rest_n: int | None  # None when the rest is not shown
    note: str | None  # why the rest is not shown
    rows: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    enemy_rows: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    figures: dict[str, go.Figure] = field(default_factory=dict)


def _practices(scores: GroupScores) -> dict[str, float | None]:
    card = scores.scorecard
    return {p.key: p.execution_pct for p in card.practices} if card else {}


def _enemies(scores: GroupScores) -> dict[str, float | None]:
    found = scores.enemies
    return {e.key: e.prevalence_pct for e in found.prevalences} if found else {}


def rest_comparison(board: CampaignDashboard, scoped: bool) -> RestComparison | None:
    """The comparison for a filtered dashboard (None when no team is chosen)."""
    results = board.results
    if results.team is None:
        return None
    cell = next((t for t in results.teams if t.team_key == results.team), None)
    label = cell.label if cell else board.campaign.team_labels.get(results.team, "")
    team, rest = results.overall, results.rest
    if team is None or rest is None:
        if scoped:
            note = _("The rest of the company is not shown to a viewer limited to some teams.")
        elif team is None:
            reason = cell.hidden_reason if cell and cell.hidden_reason else _("no responses")
            note = _("This team is hidden: %(reason)s.", reason=reason)
        else:
            note = _(
                "The rest of the company is not shown: it has fewer than %(k)s responses.",
                k=results.k,
            )
        return RestComparison(label, team.n if team else None, None, note)
    name = escape(user_label(label))
    practices, rest_practices = _practices(team), _practices(rest)
    labels, texts = labels_for(results.scorecard), item_texts(results.scorecard)
    rows = [(texts[k], practices.get(k), rest_practices.get(k)) for k in practices]
    figures = {}
    if rows:
        figures["team_vs_rest_practices"] = comparison_chart(
            [(labels[k], texts[k], rest_practices.get(k), practices.get(k)) for k in practices],
            str(REST),
            name,
            _("Execution %%: %(name)s and the rest of the company", name=name),
            _("Execution %"),
        )
    enemies, rest_enemies = _enemies(team), _enemies(rest)
    enemy_texts = item_texts(results.enemies_instrument)
    keys = sorted(enemies, key=lambda k: -(enemies.get(k) or 0))
    enemy_rows = [(enemy_texts[k], enemies.get(k), rest_enemies.get(k)) for k in keys]
    if enemy_rows:
        figures["team_vs_rest_enemies"] = comparison_chart(
            [(enemy_texts[k], enemy_texts[k], rest_enemies.get(k), enemies.get(k)) for k in keys],
            str(REST),
            name,
            _("Enemies of teamwork: %(name)s and the rest of the company", name=name),
            _("Prevalence"),
        )
    return RestComparison(label, team.n, rest.n, None, rows, enemy_rows, figures)
