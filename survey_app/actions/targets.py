"""What an action may target: the recommendations first (with the playbook's words), then every
other practice and enemy, since a leader may act on any of them.

A campaign's recommendations come through :func:`campaign_results` (after suppression): its
"Concentrate here" practices, largest gap first, and its enemies seen by more than a third. A
prospect's come from its observers' verdict: the deal advice for each enemy seen in more than
a third of the (weighted) assessments.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ..i18n import current_language
from ..instruments import ENEMIES, SCORECARD, latest_versions
from ..instruments.translations import in_language
from ..models import Company, TargetKind
from ..results.campaign import CampaignResults, default_playbook
from ..scoring import RecommendationKind
from .services import Target, target_text


def campaign_targets(results: CampaignResults) -> list[Target]:
    """The campaign's recommendations as targets, in the dashboard's order."""
    targets = []
    for rec in results.recommendations:
        if rec.kind is RecommendationKind.PRACTICE:
            reason = _("Concentrate here \u00b7 gap %(gap)s", gap=format(rec.value, "+.0f"))
        else:
            reason = _("Seen by %(pct)s%%", pct=format(rec.value, ".0f"))
        text = target_text(rec.kind, rec.item_key)
        targets.append(Target(TargetKind(rec.kind.value), rec.item_key, text, rec.action, reason))
    return targets


def deal_targets(prospect: Company, today: date) -> list[Target]:
    """The prospect's deal advice as targets (enemies seen in more than a third)."""
    from ..prospects.insights import deal_advice, load_view

    view = load_view(prospect, today)
    return [
        Target(
            TargetKind.ENEMY,
            advice.enemy_key,
            target_text(TargetKind.ENEMY, advice.enemy_key),
            advice.advice,
            _("Seen in %(pct)s%% of the assessments", pct=format(advice.prevalence_pct, ".0f")),
        )
        for advice in deal_advice(view.verdict, default_playbook())
    ]


def with_every_item(targets: list[Target]) -> list[Target]:
    """``targets``, then every practice and enemy not among them (with its playbook action)."""
    listed = {(t.kind, t.key) for t in targets}
    result = list(targets)
    instruments = latest_versions()
    language = current_language()
    for kind, key in ((TargetKind.PRACTICE, SCORECARD), (TargetKind.ENEMY, ENEMIES)):
        for item in in_language(instruments[key], language).items:
            if (kind, item.key) not in listed:
                suggestion = default_playbook().action(item.key)
                result.append(Target(kind, item.key, item.text, suggestion, ""))
    return result


def target_value(target: Target) -> str:
    """The form's value of a target: "practice:strategy_reviews"."""
    return f"{target.kind.value}:{target.key}"


def find_target(targets: list[Target], value: str | None) -> Target | None:
    return next((t for t in targets if target_value(t) == value), None)
