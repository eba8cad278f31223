"""A campaign's results as JSON: what the dashboard shows, read through the one door.

:func:`results_json` turns :class:`~survey_app.results.campaign.CampaignResults` into plain
data and adds nothing: every group in it (the overall, each team) has k responses or more,
hidden teams carry only their label and why they are hidden, and figures are percentages as
on the dashboard (never a per-respondent row, never an answer). No Flask, no database: the
API and the webhooks (survey_app/webhooks/events.py) both call it.
"""

from __future__ import annotations

from typing import Any

from ..charts.bars import execution_shares
from ..results.campaign import CampaignResults, GroupScores
from ..scoring.ipa import Quadrant


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _quadrant(quadrant: Quadrant | None) -> str | None:
    return None if quadrant is None else quadrant.value


def group_json(group: GroupScores, results: CampaignResults) -> dict[str, Any]:
    """One visible group's scores (k or more responses, checked by campaign_results)."""
    out: dict[str, Any] = {"responses": group.n, "teamwork_index": None, "culture_risk": None}
    card, instrument = group.scorecard, results.scorecard
    if card is not None and instrument is not None:
        out["teamwork_index"] = _round(card.teamwork_index)
        out["practices"] = [
            {
                "key": p.key,
                "text": instrument.item(p.key).text,
                "category": p.category_key,
                "importance_pct": _round(p.importance_pct),
                "execution_pct": _round(p.execution_pct),
                "top_box_pct": _round(p.top_box_pct),
                "gap": _round(p.gap),
                "spread": None if p.spread is None else round(p.spread, 2),
                "disagreement": p.disagreement,
                "quadrant": _quadrant(card.ipa.quadrant_of(p.key)),
                "execution_shares_pct": {
                    str(answer): _round(share)
                    for answer, share in execution_shares(group.execution.get(p.key, {})).items()
                },
            }
            for p in card.practices
        ]
        out["categories"] = [
            {
                "key": c.key,
                "execution_pct": _round(c.execution_pct),
                "importance_pct": _round(c.importance_pct),
                "gap": _round(c.gap),
            }
            for c in card.categories
        ]
    enemies, inst = group.enemies, results.enemies_instrument
    if enemies is not None and inst is not None:
        names = {i.key: i.text for i in inst.items}
        out["culture_risk"] = _round(enemies.culture_risk_index)
        out["enemies"] = [
            {
                "key": e.key,
                "text": names.get(e.key, e.key),
                "prevalence_pct": _round(e.prevalence_pct),
            }
            for e in enemies.prevalences
        ]
    return out


def results_json(results: CampaignResults) -> dict[str, Any]:
    """The dashboard's content for one campaign, suppressed as the dashboard is."""
    band = results.risk_band
    snapshot = results.snapshot
    rate = results.response_rate
    return {
        "campaign_id": results.campaign_id,
        "k": results.k,
        "visible": results.visible,
        "responses": results.responses,
        "invitations": results.invitations,
        "completed_invitations": results.completed_invitations,
        "response_rate_pct": _round(rate),
        "snapshot": None
        if snapshot is None
        else {
            "shown": snapshot.shown,
            "received": snapshot.received,
            "step": snapshot.step,
            "by_team": snapshot.by_team,
        },
        "scoped": results.scoped,
        "risk_band": None
        if band is None
        else {
            "level": band.level.value,
            "label": band.label,
            "reasons": [reason.text for reason in band.reasons],
        },
        "overall": None if results.overall is None else group_json(results.overall, results),
        "teams": [
            {
                "team_id": team.team_key,
                "label": team.label,
                "visible": team.visible,
                "hidden_reason": team.hidden_reason,
                "scores": None if team.scores is None else group_json(team.scores, results),
            }
            for team in results.teams
        ],
        "recommendations": [
            {
                "kind": r.kind.value,
                "item_key": r.item_key,
                "action": r.action,
                "value": _round(r.value),
            }
            for r in results.recommendations
        ],
    }
