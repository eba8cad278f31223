"""A company's waves: its campaigns in time order, scored, with the hidden ones marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..charts import WavePoint
from ..extensions import db
from ..models import Campaign, CampaignStatus, Company
from ..results.campaign import CampaignResults, campaign_results


@dataclass(frozen=True)
class Wave:
    campaign: Campaign
    results: CampaignResults
    point: WavePoint | None  # None when the wave has fewer than k responses


def wave_date(campaign: Campaign) -> date:
    return campaign.opens_on or campaign.created_at.date()


def wave_point(campaign: Campaign, results: CampaignResults) -> WavePoint:
    """The visible headline numbers of one wave (its results must be visible)."""
    overall = results.overall
    card = overall.scorecard if overall else None
    enemies = overall.enemies if overall else None
    return WavePoint(
        campaign_id=campaign.id,
        label=campaign.title,
        when=f"{wave_date(campaign):%b %Y}",
        n=results.responses,
        teamwork_index=card.teamwork_index if card else None,
        culture_risk=enemies.culture_risk_index if enemies else None,
        practices={p.key: p.execution_pct for p in card.practices} if card else {},
        enemies={e.key: e.prevalence_pct for e in enemies.prevalences} if enemies else {},
    )


def company_waves(company: Company) -> list[Wave]:
    """Every campaign of the company that has started, oldest first."""
    campaigns = db.session.scalars(
        select(Campaign).where(
            Campaign.company_id == company.id,
            Campaign.organization_id == company.organization_id,
            Campaign.status != CampaignStatus.DRAFT,
        )
    ).all()
    waves = []
    for campaign in sorted(campaigns, key=lambda c: (wave_date(c), c.created_at)):
        results = campaign_results(campaign)
        point = wave_point(campaign, results) if results.visible else None
        waves.append(Wave(campaign, results, point))
    return waves
