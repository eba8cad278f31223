"""A company's waves: its campaigns in time order, scored, with the hidden ones marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from sqlalchemy import select

from ..charts import WavePoint
from ..extensions import db
from ..i18n import DEFAULT, current_language
from ..models import Campaign, CampaignStatus, Company
from ..results.campaign import CampaignResults, campaign_results
from ..results.scope import UNSCOPED, Viewer


@dataclass(frozen=True)
class Wave:
    """One campaign of a company, in time order, with its visible scores or why it has none."""

    campaign: Campaign
    results: CampaignResults
    point: WavePoint | None  # None when the wave has fewer than k responses (skipped in trends)

    @property
    def when(self) -> date:
        return wave_date(self.campaign)


def wave_date(campaign: Campaign) -> date:
    return campaign.opens_on or campaign.created_at.date()


def month(value: date) -> str:
    """A wave's month, "Oct 2025"; in a report in another language, as it writes it."""
    if current_language() == DEFAULT:
        return f"{value:%b %Y}"
    return str(format_date(value, "MMM y"))


def wave_point(campaign: Campaign, results: CampaignResults) -> WavePoint:
    """The visible headline numbers of one wave (its results must be visible)."""
    overall = results.overall
    card = overall.scorecard if overall else None
    enemies = overall.enemies if overall else None
    return WavePoint(
        campaign_id=campaign.id,
        label=campaign.title,
        when=month(wave_date(campaign)),
        n=overall.n if overall else results.responses,  # a scoped viewer's own teams only
        teamwork_index=card.teamwork_index if card else None,
        culture_risk=enemies.culture_risk_index if enemies else None,
        practices={p.key: p.execution_pct for p in card.practices} if card else {},
        enemies={e.key: e.prevalence_pct for e in enemies.prevalences} if enemies else {},
    )


def company_waves(company: Company, viewer: Viewer = UNSCOPED) -> list[Wave]:
    """Every campaign of the company that has opened and ``viewer`` may see, oldest first (by
    opening date, then creation), each as that viewer may see it, with the instruments' wording
    in the language being rendered: the trends page and the company report both read this."""
    from .campaign import in_report_language  # the campaign report imports this module

    campaigns = db.session.scalars(
        select(Campaign).where(
            Campaign.company_id == company.id,
            Campaign.organization_id == company.organization_id,
            Campaign.status != CampaignStatus.DRAFT,
        )
    ).all()
    seen = [c for c in campaigns if viewer.sees_campaign(c)]
    waves = []
    for campaign in sorted(seen, key=lambda c: (wave_date(c), c.created_at, c.id)):
        results = campaign_results(campaign, viewer=viewer)
        results = in_report_language(results, current_language())
        point = wave_point(campaign, results) if results.overall is not None else None
        waves.append(Wave(campaign, results, point))
    return waves
