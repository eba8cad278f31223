"""Typed SQLAlchemy models, one module per part of the product."""

from .campaigns import Campaign, CampaignInstrument, CampaignStatus, campaign_teams
from .companies import Company, CompanyKind, Team
from .invitations import Draft, Invitation, InvitationKind, InvitationStatus
from .org import Organization, Role, User
from .responses import Answer, Response

__all__ = [
    "Answer",
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
    "Role",
    "Team",
    "User",
    "campaign_teams",
]
