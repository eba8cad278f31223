"""What changed where the leaders acted: this wave beside the previous one, for each practice
and enemy that had an action, next to those that had none.

A comparison, never a claim of cause: a practice can move for many reasons, and the ones with
no action are shown beside the others precisely so that the reader can see how much moved
anyway. Both waves are read through ``campaign_results`` (as the viewer may see them), so every
number here is one the dashboards already show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import select

from ..charts.theme import item_texts, labels_for
from ..charts.trends import WavePoint
from ..extensions import db
from ..models import Campaign
from ..models.actions import Action, ActionStatus, TargetKind
from ..results.campaign import CampaignResults
from ..scoring import change


def caveat() -> str:
    """What the comparison is not, in the page's (or the report's) language."""
    return _(
        "This is a comparison, not proof that an action caused the change: "
        "practices without an action are shown beside them for that reason."
    )


CAVEAT = caveat()  # the English (no app context at import), which the pages print in English


@dataclass(frozen=True)
class EffectRow:
    kind: TargetKind
    key: str
    label: str  # short, for the chart
    text: str  # the instrument's wording
    before: float | None
    after: float | None
    actions: int  # actions that targeted it (0: none)

    @property
    def change(self) -> float | None:
        return change(self.before, self.after)  # of the two as shown


@dataclass(frozen=True)
class WaveEffect:
    before: WavePoint
    after: WavePoint
    rows: tuple[EffectRow, ...]  # practices then enemies; acted on first within each

    def of(self, kind: TargetKind, acted: bool) -> list[EffectRow]:
        return [r for r in self.rows if r.kind is kind and (r.actions > 0) == acted]

    def mean_change(self, kind: TargetKind, acted: bool) -> float | None:
        changes = [r.change for r in self.of(kind, acted) if r.change is not None]
        return sum(changes) / len(changes) if changes else None

    @property
    def any_acted(self) -> bool:
        return any(r.actions for r in self.rows)


def _when(campaign: Campaign) -> tuple[date, datetime]:
    return (campaign.opens_on or campaign.created_at.date(), campaign.created_at)


def acted_targets(campaign: Campaign) -> dict[tuple[TargetKind, str], int]:
    """(kind, key) -> how many actions, not dropped, came from the company's earlier waves
    (or, without a campaign, were recorded before this wave started)."""
    earlier = [
        c.id
        for c in db.session.scalars(
            select(Campaign).where(
                Campaign.company_id == campaign.company_id,
                Campaign.organization_id == campaign.organization_id,
                Campaign.id != campaign.id,
            )
        )
        if _when(c) < _when(campaign)
    ]
    start = datetime.combine(_when(campaign)[0], datetime.min.time())
    actions = db.session.scalars(
        select(Action).where(
            Action.company_id == campaign.company_id,
            Action.organization_id == campaign.organization_id,
            Action.status != ActionStatus.DROPPED,
        )
    )
    found: dict[tuple[TargetKind, str], int] = {}
    for action in actions:
        from_earlier = action.campaign_id in earlier
        undated = action.campaign_id is None and action.created_at < start
        if from_earlier or undated:
            target = (TargetKind(action.target_kind), action.target_key)
            found[target] = found.get(target, 0) + 1
    return found


def _rows(
    kind: TargetKind,
    keys: Iterable[str],
    labels: dict[str, str],
    texts: dict[str, str],
    before: dict[str, float | None],
    after: dict[str, float | None],
    acted: dict[tuple[TargetKind, str], int],
) -> list[EffectRow]:
    rows = [
        EffectRow(
            kind,
            key,
            labels.get(key, texts.get(key, key)),
            texts.get(key, key),
            before.get(key),
            after.get(key),
            acted.get((kind, key), 0),
        )
        for key in keys
    ]
    return sorted(rows, key=lambda r: r.actions == 0)  # acted on first, instrument order kept


def wave_effect(
    campaign: Campaign,
    results: CampaignResults,
    previous: tuple[Campaign, CampaignResults] | None,
) -> WaveEffect | None:
    """This wave's before and after, or None without a visible previous wave or any action."""
    from ..reports.waves import wave_point  # the reports import this module for the PDF

    if previous is None or results.overall is None or results.team is not None:
        return None
    before_campaign, before_results = previous
    if before_results.overall is None:
        return None
    acted = acted_targets(campaign)
    if not acted:
        return None
    a, b = wave_point(before_campaign, before_results), wave_point(campaign, results)
    rows: list[EffectRow] = []
    card, checklist = results.scorecard, results.enemies_instrument
    if card is not None and a.practices and b.practices:
        keys = [i.key for i in card.items_of_type("practice")]
        rows += _rows(
            TargetKind.PRACTICE, keys, labels_for(card), item_texts(card),
            dict(a.practices), dict(b.practices), acted,
        )  # fmt: skip
    if checklist is not None and a.enemies and b.enemies:
        keys = [i.key for i in checklist.items_of_type("enemy")]
        texts = item_texts(checklist)
        rows += _rows(
            TargetKind.ENEMY, keys, texts, texts, dict(a.enemies), dict(b.enemies), acted
        )
    effect = WaveEffect(a, b, tuple(rows))
    return effect if effect.any_acted else None


def effect_for(campaign: Campaign, results: CampaignResults, viewer: object) -> WaveEffect | None:
    """:func:`wave_effect` against the previous wave as ``viewer`` sees it (a scoped viewer
    sees no overall, so no before and after)."""
    from ..reports.campaign import previous_wave

    if results.overall is None or results.team is not None or results.scoped:
        return None
    return wave_effect(campaign, results, previous_wave(campaign, results, viewer))  # type: ignore[arg-type]


def summary_sentence(effect: WaveEffect, kind: TargetKind) -> str | None:
    """E.g. "Practices with an action moved +6 points on average; the others +1." Built from
    the same rows as the table beside it."""
    acted, others = effect.mean_change(kind, True), effect.mean_change(kind, False)
    if acted is None:
        return None
    # Whole sentences, so that each language can order its own words.
    if kind is TargetKind.PRACTICE:
        if others is None:
            return _(
                "Practices with an action moved %(change)s points of execution on average; "
                "every one of them had an action.",
                change=_signed(acted),
            )
        return _(
            "Practices with an action moved %(change)s points of execution on average; "
            "those without one moved %(others)s.",
            change=_signed(acted),
            others=_signed(others),
        )
    if others is None:
        return _(
            "Enemies with an action moved %(change)s points of prevalence on average; "
            "every one of them had an action.",
            change=_signed(acted),
        )
    return _(
        "Enemies with an action moved %(change)s points of prevalence on average; "
        "those without one moved %(others)s.",
        change=_signed(acted),
        others=_signed(others),
    )


def _signed(value: float) -> str:
    return f"{value:+.0f}".replace("-", "\u2212")


KINDS = (
    (TargetKind.PRACTICE, "effect_practices", lazy_gettext("Execution %")),
    (TargetKind.ENEMY, "effect_enemies", lazy_gettext("Prevalence")),
)


def effect_figures(effect: WaveEffect) -> dict[str, object]:
    """The before-and-after charts by name (only for a kind that had an action)."""
    from ..charts.effect import action_effect_chart

    return {
        name: action_effect_chart(effect, kind) for kind, name, _ in KINDS if effect.of(kind, True)
    }


def template_context(effect: WaveEffect | None) -> dict[str, object]:
    """What ``dashboard/_effect.html`` (and the report's section) need beside the figures."""
    return {
        "effect": effect,
        "effect_caveat": caveat(),
        "effect_kinds": KINDS,
        "effect_sentence": summary_sentence,
    }
