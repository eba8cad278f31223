"""A session's agenda, generated from the data each time it is shown, in the issue's order:

1. the open actions from the last session, with their status;
2. the three largest gaps in "Concentrate here";
3. the enemies seen by more than a third;
4. what changed since the previous wave, for each practice or enemy that had an action;
5. the decisions.

Campaign numbers come only through :func:`campaign_results` (after suppression); a prospect's
session reads its observers' verdict, and the insiders' survey when one may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import plotly.graph_objects as go
from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import charts
from ..actions.services import Target, target_text, targets_with_actions
from ..actions.targets import campaign_targets, deal_targets, with_every_item
from ..extensions import db
from ..i18n import current_language
from ..instruments import ENEMIES, SCORECARD, latest_versions
from ..instruments.translations import in_language
from ..models import (
    OPEN_STATUSES,
    Action,
    Campaign,
    CompanyKind,
    StrategySession,
    TargetKind,
)
from ..results.campaign import CampaignResults, campaign_results
from ..scoring import RecommendationKind, change

GAPS_SHOWN = 3


@dataclass(frozen=True)
class GapItem:
    key: str
    text: str
    gap: float
    importance_pct: float | None
    execution_pct: float | None


@dataclass(frozen=True)
class EnemyItem:
    key: str
    text: str
    prevalence_pct: float


@dataclass(frozen=True)
class ChangeItem:
    kind: TargetKind
    key: str
    text: str
    measure: str  # "Execution %" or "Seen by"
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """After minus before in whole points, of the two as shown rounded, so that the
        page, the pre-read and the deck never say "68% \u2192 52% (\u221215)" (67.5 and 52.5)."""
        return change(self.before, self.after)


@dataclass
class Agenda:
    session: StrategySession
    campaign: Campaign | None  # whose survey results it reads (a prospect's insiders, if any)
    results: CampaignResults | None
    last_session: StrategySession | None
    open_actions: list[Action]
    gaps: list[GapItem]
    enemies: list[EnemyItem]
    enemies_source: str  # "raters" (a survey) or "assessments" (a prospect's observers)
    changes: list[ChangeItem]
    previous_title: str | None  # the wave the changes compare with
    targets: list[Target]  # what a new action may target, the recommendations first
    figures: dict[str, go.Figure] = field(default_factory=dict)
    empty: dict[int, str] = field(default_factory=dict)  # agenda item (1-5) -> why it is empty


def last_session(session: StrategySession) -> StrategySession | None:
    """The company's session before this one (by date, then by when it was created)."""
    query = select(StrategySession).where(
        StrategySession.company_id == session.company_id,
        StrategySession.id != session.id,
        or_(
            StrategySession.held_on < session.held_on,
            (StrategySession.held_on == session.held_on) & (StrategySession.id < (session.id or 0)),
        ),
    )
    query = query.order_by(StrategySession.held_on.desc(), StrategySession.id.desc()).limit(1)
    return db.session.scalar(query)


def carried_actions(session: StrategySession, last: StrategySession | None) -> list[Action]:
    """The company's actions still open, and those finished since the last session (so the
    session sees their status), except the ones recorded in this session."""
    finished_since = Action.finished_on >= last.held_on if last is not None else Action.id.is_(None)
    query = select(Action).where(
        Action.company_id == session.company_id,
        or_(Action.session_id.is_(None), Action.session_id != (session.id or 0)),
        or_(Action.status.in_(OPEN_STATUSES), finished_since),
    )
    return list(db.session.scalars(query.order_by(Action.due_on, Action.id)))


def _insiders(session: StrategySession) -> Campaign | None:
    """A prospect's newest campaign whose results may be shown (at least k responses)."""
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.company_id == session.company_id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return next((c for c in campaigns if campaign_results(c).visible), None)


def _in_language(results: CampaignResults) -> CampaignResults:
    """The results with the instruments' wording in the page's language, for the charts (a
    translated pre-read or deck names the practices and enemies as the instruments do)."""
    from ..reports.campaign import in_report_language

    return in_report_language(results, current_language())


def _from_results(agenda: Agenda, results: CampaignResults) -> None:
    overall = results.overall
    card = overall.scorecard if overall else None
    scores = {p.key: p for p in card.practices} if card else {}
    for rec in results.recommendations:
        text = target_text(rec.kind, rec.item_key)
        if rec.kind is RecommendationKind.PRACTICE and len(agenda.gaps) < GAPS_SHOWN:
            p = scores.get(rec.item_key)
            agenda.gaps.append(
                GapItem(
                    rec.item_key,
                    text,
                    rec.value,
                    p.importance_pct if p else None,
                    p.execution_pct if p else None,
                )
            )
        if rec.kind is RecommendationKind.ENEMY and agenda.enemies_source == "raters":
            agenda.enemies.append(EnemyItem(rec.item_key, text, rec.value))
    agenda.targets += campaign_targets(results)
    figures = charts.campaign_figures(_in_language(results))
    for name in ("ipa", "enemies"):
        if name in figures and (name != "enemies" or agenda.enemies_source == "raters"):
            agenda.figures[name] = figures[name]


def _changes(agenda: Agenda, campaign: Campaign, results: CampaignResults) -> None:
    from ..reports.campaign import previous_wave
    from ..reports.waves import wave_point

    found = previous_wave(campaign, results)
    acted = targets_with_actions(campaign.company_id)
    if not acted[TargetKind.PRACTICE] and not acted[TargetKind.ENEMY]:
        agenda.empty[4] = _("No practice or enemy of this company has had an action yet.")
        return
    if found is None:
        agenda.empty[4] = _("There is no earlier wave with results to compare with.")
        return
    before_campaign, before = found
    a, b = wave_point(before_campaign, before), wave_point(campaign, results)
    agenda.previous_title = before_campaign.title
    instruments, language = latest_versions(), current_language()
    for kind, instrument, values in (
        (TargetKind.PRACTICE, instruments[SCORECARD], (a.practices, b.practices)),
        (TargetKind.ENEMY, instruments[ENEMIES], (a.enemies, b.enemies)),
    ):
        measure = _("Execution %") if kind is TargetKind.PRACTICE else _("Seen by")
        for item in in_language(instrument, language).items:
            if item.key in acted[kind] and (item.key in values[0] or item.key in values[1]):
                agenda.changes.append(
                    ChangeItem(
                        kind,
                        item.key,
                        item.text,
                        measure,
                        values[0].get(item.key),
                        values[1].get(item.key),
                    )
                )
    shown = _in_language(results)
    if b.practices and a.practices:
        agenda.figures["change"] = charts.compare_practices_chart(a, b, shown.scorecard)
    elif b.enemies and a.enemies:
        agenda.figures["change"] = charts.compare_enemies_chart(a, b, shown.enemies_instrument)


def _prospect_enemies(agenda: Agenda, today: date) -> None:
    from ..prospects.charts import enemies_seen_chart
    from ..prospects.insights import enemies_instrument, load_view

    targets = deal_targets(agenda.session.company, today)
    view = load_view(agenda.session.company, today)
    prevalence = view.verdict.prevalence
    agenda.enemies += [EnemyItem(t.key, t.text, prevalence[t.key]) for t in targets]
    agenda.targets += targets
    if view.verdict.assessments:
        enemies = in_language(enemies_instrument(), current_language())
        agenda.figures["enemies"] = enemies_seen_chart(prevalence, enemies)


def build_agenda(session: StrategySession, today: date) -> Agenda:
    """The agenda of ``session`` as the data stands today."""
    # A prospect's session (no campaign) reads its observers, and its insiders' survey if any.
    prospect = session.campaign_id is None and session.company.kind == CompanyKind.PROSPECT
    campaign = session.campaign if not prospect else _insiders(session)
    results = campaign_results(campaign) if campaign is not None else None
    last = last_session(session)
    agenda = Agenda(
        session=session,
        campaign=campaign,
        results=results,
        last_session=last,
        open_actions=carried_actions(session, last),
        gaps=[],
        enemies=[],
        enemies_source="assessments" if prospect else "raters",
        changes=[],
        previous_title=None,
        targets=[],
    )
    if prospect:
        _prospect_enemies(agenda, today)
    if results is not None and results.visible:
        _from_results(agenda, results)
        if campaign is not None:
            _changes(agenda, campaign, results)
    else:
        hidden = _("The survey has fewer responses than its minimum group size: nothing is shown.")
        agenda.empty[2] = hidden if results is not None else _("There is no survey with results.")
        agenda.empty.setdefault(4, agenda.empty[2])
        if not prospect:
            agenda.empty[3] = agenda.empty[2]
    agenda.targets = with_every_item(agenda.targets)
    if not agenda.open_actions:
        agenda.empty[1] = _(
            "No open actions: this is the company's first session, or all are done."
        )
    if results is not None and results.visible and not agenda.gaps:
        agenda.empty[2] = _("No practice is in \u201cConcentrate here\u201d.")
    if not agenda.enemies and 3 not in agenda.empty:
        agenda.empty[3] = (
            _("No enemy is seen by more than a third of the assessments.")
            if prospect
            else _("No enemy is seen by more than a third of the raters.")
        )
    if not agenda.changes and 4 not in agenda.empty:
        agenda.empty[4] = _("Nothing acted on was measured in both waves.")
    if not session.decisions:
        agenda.empty[5] = _("No decisions recorded yet.")
    return agenda
