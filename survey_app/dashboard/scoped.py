"""The lists a team-scoped leader sees instead of the organisation's: their companies and the
campaigns that ran with their teams, with no company-wide count (no invitations, no response
rate over the company). Each row leads to the dashboard, which is narrowed to their teams.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select

from ..auth.access import org_id
from ..auth.scope import current_viewer
from ..companies.counts import team_responses
from ..extensions import db
from ..i18n import user_language_page
from ..models import Campaign, CampaignStatus, Company, Team
from ..text import sort_key


@dataclass(frozen=True)
class ScopedCompany:
    company: Company
    teams: list[Team]  # the viewer's teams of this company, nothing else


def _teams_of(company: Company) -> list[Team]:
    viewer = current_viewer()
    return [team for team in company.teams if viewer.sees_team(team.id)]


def scoped_companies() -> list[ScopedCompany]:
    """The companies with at least one of the viewer's teams, by name."""
    viewer = current_viewer()
    companies = db.session.scalars(select(Company).where(Company.organization_id == org_id()))
    rows = [ScopedCompany(c, _teams_of(c)) for c in companies if viewer.sees_company(c)]
    return sorted(rows, key=lambda row: sort_key(row.company.name))


def scoped_campaigns(company: Company | None = None) -> list[Campaign]:
    """The campaigns (not drafts) that ran with one of the viewer's teams, newest first."""
    viewer = current_viewer()
    query = select(Campaign).where(
        Campaign.organization_id == org_id(), Campaign.status != CampaignStatus.DRAFT
    )
    if company is not None:
        query = query.where(Campaign.company_id == company.id)
    campaigns = db.session.scalars(query.order_by(Campaign.created_at.desc(), Campaign.id.desc()))
    return [c for c in campaigns if viewer.sees_campaign(c)]


# Each page is translated whole, so it is in the viewer's own language (survey_app/i18n.py).


def companies_page() -> str:
    user_language_page()
    return render_template("dashboard/scoped_companies.html", rows=scoped_companies())


def company_page(company: Company) -> str:
    user_language_page()
    return render_template(
        "dashboard/scoped_company.html",
        company=company,
        teams=_teams_of(company),
        responses=team_responses(company, current_viewer()),
        campaigns=scoped_campaigns(company),
    )


def campaigns_page() -> str:
    user_language_page()
    return render_template("dashboard/scoped_campaigns.html", campaigns=scoped_campaigns())
