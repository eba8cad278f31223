"""Typed SQLAlchemy models, one module per part of the product."""

from .accounts import AccountLink, LinkPurpose, UserSession
from .actions import (
    ACTION_STATUS_NAMES,
    OPEN_STATUSES,
    Action,
    ActionDigest,
    ActionStatus,
    SessionAttendee,
    SessionDecision,
    SessionRole,
    StrategySession,
    TargetKind,
)
from .api import ApiToken, TokenScope
from .audit import AuditEntry
from .campaigns import Campaign, CampaignInstrument, CampaignStatus, campaign_teams
from .comments import Comment
from .companies import Company, CompanyKind, Team, prospect_shares
from .invitation_counts import InvitationCount
from .invitations import (
    Draft,
    Invitation,
    InvitationKind,
    InvitationStatus,
    UsedToken,
    UsedTokenReason,
    token_digest,
)
from .mail import MailDelivery, MailKind, MailState
from .org import Organization, Role, User
from .outcomes import OUTCOME_LABELS, DealOutcome, Outcome
from .prospects import EvidenceSource, ObservedEnemy, ObservedPractice, ProspectAssessment
from .reminders import ReminderRound, ReminderTrigger
from .reports import RenderStatus, ReportKind, ReportRender
from .responses import Answer, Response, new_response_id
from .scopes import user_team_scopes
from .security import LoginFailure
from .selfcheck import SelfCheck, SelfCheckTick
from .settings import OrgSettings
from .sso import SsoSettings
from .tallies import NO_TEAM, AnswerTally, ResponseTally
from .webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "InvitationCount",
    "NO_TEAM",
    "OPEN_STATUSES",
    "ACTION_STATUS_NAMES",
    "Action",
    "ActionDigest",
    "ActionStatus",
    "SessionAttendee",
    "SessionDecision",
    "SessionRole",
    "StrategySession",
    "TargetKind",
    "AccountLink",
    "ApiToken",
    "TokenScope",
    "DeliveryStatus",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "LinkPurpose",
    "UserSession",
    "Answer",
    "AnswerTally",
    "AuditEntry",
    "Campaign",
    "CampaignInstrument",
    "CampaignStatus",
    "Comment",
    "Company",
    "CompanyKind",
    "DealOutcome",
    "Draft",
    "EvidenceSource",
    "Invitation",
    "MailDelivery",
    "MailKind",
    "MailState",
    "InvitationKind",
    "InvitationStatus",
    "LoginFailure",
    "ObservedEnemy",
    "ObservedPractice",
    "Organization",
    "Outcome",
    "OUTCOME_LABELS",
    "OrgSettings",
    "ProspectAssessment",
    "ReminderRound",
    "ReminderTrigger",
    "RenderStatus",
    "ReportKind",
    "ReportRender",
    "Response",
    "new_response_id",
    "ResponseTally",
    "Role",
    "SelfCheck",
    "SelfCheckTick",
    "SsoSettings",
    "Team",
    "UsedToken",
    "UsedTokenReason",
    "User",
    "campaign_teams",
    "prospect_shares",
    "token_digest",
    "user_team_scopes",
]
