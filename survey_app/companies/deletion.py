"""Deleting a company or a prospect (a company of kind prospect), in one transaction.

A company owns its campaigns (deleted as :mod:`survey_app.campaigns.deletion` deletes one, with
all they own), its teams, and, as a prospect, its observer assessments and its list of people
it is shared with. Campaigns and teams are deleted here; the assessments (with their ticks and
notes) and the sharing go with the company's row by the schema's ``ON DELETE CASCADE``.
Nothing of another company changes, and no user or self-check is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from .. import audit
from ..campaigns.deletion import CampaignFootprint, footprint, lock_campaigns, remove_campaigns
from ..editing import lock
from ..extensions import db
from ..models import Campaign, Company, ProspectAssessment, Team, prospect_shares


@dataclass(frozen=True)
class CompanyFootprint:
    """What deleting a company removes, counted by the queries that delete it."""

    campaigns: CampaignFootprint
    teams: int
    assessments: int
    assessment_authors: int
    shared_with: int


def _count(query: Any) -> int:
    return int(db.session.scalar(query) or 0)


def company_footprint(company: Company) -> CompanyFootprint:
    assessments = (
        select(ProspectAssessment.author_id)
        .where(ProspectAssessment.company_id == company.id)
        .subquery()
    )
    shares = select(func.count()).where(prospect_shares.c.company_id == company.id)
    return CompanyFootprint(
        campaigns=footprint(Campaign.company_id == company.id),
        teams=_count(select(func.count(Team.id)).where(Team.company_id == company.id)),
        assessments=_count(select(func.count()).select_from(assessments)),
        assessment_authors=_count(select(func.count(func.distinct(assessments.c.author_id)))),
        shared_with=_count(shares.select_from(prospect_shares)),
    )


def delete_company(company: Company) -> CompanyFootprint:
    """Delete a company (or prospect) and everything it owns, in one transaction; what went.

    The company's row is locked first, as an edit of it does (then its campaigns'
    invitations and campaigns, in a submission's order), so an edit at the same moment
    either comes first or finds the company gone.
    """
    lock(company)
    company_id = company.id
    campaign_ids = lock_campaigns(Campaign.company_id == company_id)
    gone = company_footprint(company)
    audit.record(audit.actions.DELETE, company, details=f"{gone.campaigns.campaigns} campaigns")
    remove_campaigns(campaign_ids)
    db.session.execute(
        delete(Team).where(Team.company_id == company_id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(Company).where(Company.id == company_id),
        execution_options={"synchronize_session": False},
    )
    db.session.expire_all()
    db.session.commit()
    return gone
