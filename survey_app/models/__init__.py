"""Typed SQLAlchemy models, one module per part of the product."""

from .campaigns import Campaign, CampaignInstrument, CampaignStatus, campaign_teams
from .companies import Company, CompanyKind, Team
from .invitations import Draft, Invitation, InvitationKind, InvitationStatus
from .org import Organization, Role, User
from .responses import Answer, Response
from .tallies import NO_TEAM, AnswerTally, ResponseTally

__all__ = [
    "NO_TEAM",
    "Answer",
    "AnswerTally",
    "Campaign",
    "CampaignInstrument",
    "CampaignStatus",
    "Company",
    "CompanyKind",
    "Draft",
    "Invitation",
    "InvitationKind",
    "InvitationStatus",
    "Organization",
    "Response",
    "ResponseTally",
    "Role",
    "Team",
    "User",
    "campaign_teams",
]
