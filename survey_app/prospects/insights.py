"""Read models for the prospect pages: the pipeline, a prospect's verdict, and comparisons.

Campaign numbers come only through :func:`campaign_results`, so they are suppressed (k and
complementary suppression) before they reach a page; observer assessments are read from their
own tables and never added to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import org_id
from ..extensions import db
from ..i18n import current_language
from ..instruments import ENEMIES, SCORECARD, Instrument, latest_versions
from ..instruments.translations import in_language
from ..models import Campaign, CampaignStatus, Company, CompanyKind, ProspectAssessment
from ..org_settings import prospect_thresholds
from ..results.campaign import CampaignResults, campaign_results
from ..scoring import Playbook, RiskLevel
from ..text import sort_key
from . import services
from .verdict import Trend, Verdict, trend, verdict


def enemies_instrument() -> Instrument:
    return latest_versions()[ENEMIES]


def scorecard_instrument() -> Instrument:
    return latest_versions()[SCORECARD]


def page_enemies() -> Instrument:
    """The enemies in the page's language (survey_app/i18n.py), for what a page shows."""
    return in_language(enemies_instrument(), current_language())


def page_scorecard() -> Instrument:
    """The scorecard in the page's language."""
    return in_language(scorecard_instrument(), current_language())


def enemy_keys() -> list[str]:
    return [i.key for i in enemies_instrument().items_of_type("enemy")]


def enemy_names() -> dict[str, str]:
    return {i.key: i.text for i in page_enemies().items_of_type("enemy")}


@dataclass(frozen=True)
class ProspectView:
    prospect: Company
    assessments: list[ProspectAssessment]  # newest first, only those the viewer may read
    verdict: Verdict
    trend: Trend

    @property
    def latest(self) -> ProspectAssessment | None:
        return self.assessments[0] if self.assessments else None


def prospect_view(
    prospect: Company, assessments: Sequence[ProspectAssessment], today: date
) -> ProspectView:
    obs = [services.observation(a) for a in assessments]
    return ProspectView(
        prospect,
        list(assessments),
        verdict(
            obs,
            today,
            prospect_thresholds(prospect.organization_id),  # the organisation's, as now
            enemy_keys=enemy_keys(),
            enemy_names=enemy_names(),
        ),
        trend(obs, today),
    )


def load_view(prospect: Company, today: date) -> ProspectView:
    return prospect_view(prospect, services.visible_assessments(prospect), today)


@dataclass(frozen=True)
class DealAdvice:
    """The playbook's advice about the deal for one enemy the observers see."""

    enemy_key: str
    prevalence_pct: float  # weighted
    advice: str


def deal_advice(v: Verdict, playbook: Playbook) -> list[DealAdvice]:
    """Every enemy seen in more than a third of the (weighted) assessments, most seen first,
    with what to ask, who to involve and whether to invest: the rule the campaigns' recommendations
    follow, worded for the deal."""
    seen = [(key, share) for key, share in v.prevalence.items() if share > 100 / 3]
    seen.sort(key=lambda pair: -pair[1])  # stable: ties keep the instrument's order
    return [DealAdvice(key, share, playbook.deal_advice(key)) for key, share in seen]


@dataclass(frozen=True)
class PipelineFilters:
    owner_id: int | None = None
    verdict: str = ""  # a RiskLevel value, "none" for not yet assessed, or "" for all
    industry: str = ""


def pipeline(filters: PipelineFilters, today: date) -> list[ProspectView]:
    """Every visible prospect matching the filters, highest Culture Risk first (unassessed last)."""
    query = services.visible_prospects().options(
        selectinload(Company.owner), selectinload(Company.shared_with)
    )
    if filters.owner_id:
        query = query.where(Company.owner_id == filters.owner_id)
    if filters.industry:
        query = query.where(Company.industry == filters.industry)
    # By name first: prospects of the same rank stay in the order of their names.
    prospects = sorted(db.session.scalars(query), key=lambda p: sort_key(p.name))
    by_prospect: dict[int, list[ProspectAssessment]] = {p.id: [] for p in prospects}
    rows = db.session.scalars(
        select(ProspectAssessment)
        .where(
            ProspectAssessment.organization_id == org_id(),
            ProspectAssessment.company_id.in_(list(by_prospect)),
        )
        .options(
            selectinload(ProspectAssessment.enemies),
            selectinload(ProspectAssessment.practices),
            selectinload(ProspectAssessment.author),
        )
        .order_by(ProspectAssessment.observed_on.desc(), ProspectAssessment.id.desc())
    )
    me_id = services._me().id
    for a in rows:
        by_prospect[a.company_id].append(a)
    views = []
    for p in prospects:
        mine = by_prospect[p.id]
        if not services.sees_all_assessments(p):
            mine = [a for a in mine if a.author_id == me_id]
        views.append(prospect_view(p, mine, today))
    if filters.verdict == "none":
        views = [v for v in views if v.verdict.band is None]
    elif filters.verdict:
        views = [v for v in views if v.verdict.band and v.verdict.band.level == filters.verdict]
    return sorted(views, key=_pipeline_rank)


_SEVERITY = {RiskLevel.HEALTHY: 0, RiskLevel.AT_RISK: 1, RiskLevel.TOXIC: 2}


def _pipeline_rank(view: ProspectView) -> tuple[int, float]:
    """Worst verdict first, then highest Culture Risk; prospects not yet assessed last."""
    v = view.verdict
    if v.band is None or v.culture_risk is None:
        return (1, 0.0)
    return (-_SEVERITY[v.band.level], -v.culture_risk)


def industries() -> list[str]:
    """Industries of the visible prospects, for the filter."""
    query = services.visible_prospects().where(Company.industry.is_not(None))
    return sorted({c.industry for c in db.session.scalars(query) if c.industry}, key=sort_key)


VERDICT_FILTERS = [  # in the page's language (lazy)
    (RiskLevel.HEALTHY.value, lazy_gettext("Pursue")),
    (RiskLevel.AT_RISK.value, lazy_gettext("Pursue with caution")),
    (RiskLevel.TOXIC.value, lazy_gettext("Walk away")),
    ("none", lazy_gettext("Not assessed yet")),
]


@dataclass(frozen=True)
class Insiders:
    """A campaign's suppressed results, shown only when at least k responses came in."""

    campaign: Campaign
    results: CampaignResults


def latest_visible_results(campaigns: Sequence[Campaign]) -> Insiders | None:
    for campaign in campaigns:
        results = campaign_results(campaign)
        if results.visible and results.overall and results.overall.enemies:
            return Insiders(campaign, results)
    return None


def insiders_of(company: Company) -> Insiders | None:
    """The newest campaign on this company with results that may be shown (>= k responses)."""
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.company_id == company.id, Campaign.organization_id == org_id())
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return latest_visible_results(list(campaigns))


def own_company_results(organization_id: int | None = None) -> Insiders | None:
    """The newest closed campaign on the organisation's own company with >= k responses."""
    campaigns = db.session.scalars(
        select(Campaign)
        .join(Company, Company.id == Campaign.company_id)
        .where(
            Campaign.organization_id == (organization_id or org_id()),
            Company.kind == CompanyKind.OWN,
            Campaign.status == CampaignStatus.CLOSED,
        )
        .order_by(Campaign.closes_on.desc(), Campaign.created_at.desc(), Campaign.id.desc())
    )
    return latest_visible_results(list(campaigns))
