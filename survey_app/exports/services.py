"""Export tables built only from :func:`campaign_results`, never from stored answers.

Everything here is an aggregate that ``campaign_results`` already allowed: a hidden team keeps
its name and the reason, and nothing else. A campaign under k responses exports the headline
and a note, with no scores. There is no per-response table, for any kind of campaign.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..instruments import Instrument
from ..models import Campaign
from ..results.campaign import CampaignResults, campaign_results, risk_band
from ..results.scope import UNSCOPED, Viewer
from ..scoring import EnemiesResult, ScorecardResult
from ..scoring.story import snapshot_sentence
from .cells import Cell, neutralise, number

PRACTICE_HEADER = (
    "Category",
    "Practice",
    "Importance %",
    "Execution %",
    "Top-box %",
    "Gap (points)",
    "Spread (SD)",
    "Team disagrees",
    "Quadrant",
    "Priority",
    "n",
)
CATEGORY_HEADER = ("Category", "Practices scored", "Execution %", "Importance %", "Gap (points)")
ENEMY_HEADER = ("Enemy", "Ticked by", "Raters", "Prevalence %", "Above one third")
RECOMMENDATION_HEADER = ("Kind", "Item", "Gap or prevalence", "Action")
TEAM_FIXED_HEADER = (
    "Team",
    "Shown",
    "Hidden because",
    "Responses",
    "Teamwork Index",
    "Culture Risk Index",
    "Culture Risk band",
)


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook, or one CSV file of the zip. Cells are already safe."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class CampaignExport:
    title: str
    tables: tuple[Table, ...]


def _table(name: str, header: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> Table:
    return Table(name, header, tuple(tuple(neutralise(c) for c in row) for row in rows))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def small_campaign_note(k: int) -> str:
    return (
        f"Fewer than {k} responses: no scores are shown until at least {k} people have answered, "
        "so that nobody's answers can be singled out."
    )


def _headline(campaign: Campaign, results: CampaignResults) -> Table:
    rate = results.response_rate
    rows: list[tuple[Cell, ...]] = [
        ("Company", campaign.company.name),
        ("Campaign", campaign.title),
        ("Minimum group size (k)", results.k),
        ("Responses", results.responses),
        ("Invitations", results.invitations),
        ("Completed invitations", results.completed_invitations),
        ("Response rate %", number(rate)),
    ]
    snapshot = results.snapshot
    if snapshot is not None:  # an open campaign: its published snapshot, said as such
        rows.append(
            (
                "Results as of",
                snapshot_sentence(
                    snapshot.shown,
                    snapshot.received,
                    snapshot.step,
                    snapshot.by_team,
                    snapshot.next_after,
                ),
            )
        )
    overall = results.overall
    if overall is None:
        rows.append(("Note", small_campaign_note(results.k)))
    else:
        scorecard, enemies = overall.scorecard, overall.enemies
        if scorecard is not None:
            rows.append(("Teamwork Index", number(scorecard.teamwork_index)))
        if enemies is not None:
            rows.append(("Culture Risk Index", number(enemies.culture_risk_index)))
            rows.append(("Culture Risk band", results.risk_band.label if results.risk_band else ""))
            if results.risk_band:
                rows.append(("Why this band", results.risk_band.because))
        rows.append(("Note", f"Groups of fewer than {results.k} responses are not shown."))
    return _table("Headline", ("Measure", "Value"), rows)


def _practices(scorecard: ScorecardResult, instrument: Instrument) -> Table:
    titles = {c.key: c.title for c in instrument.categories}
    ranks = {p.key: n for n, p in enumerate(scorecard.priorities, start=1)}
    rows: list[tuple[Cell, ...]] = []
    for p in scorecard.practices:
        quadrant = scorecard.ipa.quadrant_of(p.key)
        rows.append(
            (
                titles.get(p.category_key, p.category_key),
                instrument.item(p.key).text,
                number(p.importance_pct),
                number(p.execution_pct),
                number(p.top_box_pct),
                number(p.gap),
                number(p.spread, 2),
                _yes(p.disagreement),
                quadrant.value if quadrant else "",
                ranks.get(p.key),
                p.n,
            )
        )
    return _table("Practices", PRACTICE_HEADER, rows)


def _categories(scorecard: ScorecardResult, instrument: Instrument) -> Table:
    titles = {c.key: c.title for c in instrument.categories}
    rows: list[tuple[Cell, ...]] = [
        (
            titles.get(c.key, c.key),
            c.n_items,
            number(c.execution_pct),
            number(c.importance_pct),
            number(c.gap),
        )
        for c in scorecard.categories
    ]
    return _table("Categories", CATEGORY_HEADER, rows)


def _enemies(enemies: EnemiesResult, instrument: Instrument) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            instrument.item(e.key).text,
            e.ticked,
            e.raters,
            number(e.prevalence_pct),
            _yes(e.above_one_third),
        )
        for e in enemies.prevalences
    ]
    return _table("Enemies", ENEMY_HEADER, rows)


def _item_text(results: CampaignResults, key: str) -> str:
    for instrument in (results.scorecard, results.enemies_instrument):
        if instrument is not None:
            try:
                return instrument.item(key).text
            except KeyError:
                continue
    return key


def _recommendations(results: CampaignResults) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (r.kind.value, _item_text(results, r.item_key), number(r.value), r.action)
        for r in results.recommendations
    ]
    return _table("Recommendations", RECOMMENDATION_HEADER, rows)


def _teams(results: CampaignResults) -> Table:
    categories = results.scorecard.categories if results.scorecard else ()
    header = TEAM_FIXED_HEADER + tuple(f"{c.title} execution %" for c in categories)
    rows: list[tuple[Cell, ...]] = []
    for team in results.teams:
        scores = team.scores
        if scores is None:
            blanks: tuple[Cell, ...] = (None,) * (len(header) - 3)
            rows.append((team.label, "no", team.hidden_reason or "", *blanks))
            continue
        index = scores.scorecard.teamwork_index if scores.scorecard else None
        risk = scores.enemies.culture_risk_index if scores.enemies else None
        team_band = risk_band(scores.enemies, results.enemies_instrument, results.thresholds)
        by_category = {c.key: c for c in scores.scorecard.categories} if scores.scorecard else {}
        rows.append(
            (
                team.label,
                "yes",
                "",
                scores.n,
                number(index),
                number(risk),
                team_band.label if team_band else "",
                *(
                    number(by_category[c.key].execution_pct) if c.key in by_category else None
                    for c in categories
                ),
            )
        )
    return _table("Teams", header, rows)


def build_export(
    campaign: Campaign, results: CampaignResults | None = None, viewer: Viewer = UNSCOPED
) -> CampaignExport:
    """The tables of a campaign's export (as ``viewer`` may see it), in the order written."""
    results = results if results is not None else campaign_results(campaign, viewer=viewer)
    tables = [_headline(campaign, results)]
    overall = results.overall
    if overall is not None:
        if overall.scorecard is not None and results.scorecard is not None:
            tables.append(_practices(overall.scorecard, results.scorecard))
            tables.append(_categories(overall.scorecard, results.scorecard))
        if overall.enemies is not None and results.enemies_instrument is not None:
            tables.append(_enemies(overall.enemies, results.enemies_instrument))
        tables.append(_recommendations(results))
        if results.teams:
            tables.append(_teams(results))
    return CampaignExport(campaign.title, tuple(tables))
