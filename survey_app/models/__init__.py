"""Typed SQLAlchemy models, one module per part of the product."""

from .campaigns import Campaign, CampaignInstrument, CampaignStatus, campaign_teams
from .companies import Company, CompanyKind, Team, prospect_shares
from .invitations import Draft, Invitation, InvitationKind, InvitationStatus
from .org import Organization, Role, User
from .prospects import EvidenceSource, ObservedEnemy, ObservedPractice, ProspectAssessment
from .responses import Answer, Response, new_response_id
from .security import LoginFailure
from .selfcheck import SelfCheck, SelfCheckTick
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
    "EvidenceSource",
    "Invitation",
    "InvitationKind",
    "InvitationStatus",
    "LoginFailure",
    "ObservedEnemy",
    "ObservedPractice",
    "Organization",
    "ProspectAssessment",
    "Response",
    "new_response_id",
    "ResponseTally",
    "Role",
    "SelfCheck",
    "SelfCheckTick",
    "Team",
    "User",
    "campaign_teams",
    "prospect_shares",
]
