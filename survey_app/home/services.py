"""What the home page shows, read for the signed-in user (no writes).

Every section reads through the pages' own doors, so that the home page never shows more than
the page it links to:

* open campaigns with the counts the campaign list shows (:func:`list_campaigns`: invitations
  and completed ones, never who answered), with the days left until the planned closing date;
* actions: a leader's and an admin's are the organisation's open actions that are overdue or
  due within :data:`DUE_SOON_DAYS`; a rep's are the open actions they own
  (:func:`survey_app.actions.services.actions_for_owner`);
* sessions coming up: the organisation's for a leader and an admin, those a rep attends;
* prospects whose verdict changed: from the pipeline's own views
  (:func:`survey_app.prospects.insights.pipeline`), so with the assessments the viewer may read;
* the first steps, for an organisation that has not made its first campaign or prospect yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..actions.services import actions_for_owner
from ..auth.access import org_id
from ..campaigns.stats import CampaignStats, list_campaigns
from ..extensions import db
from ..models import (
    OPEN_STATUSES,
    Action,
    Campaign,
    CampaignStatus,
    Company,
    CompanyKind,
    Role,
    StrategySession,
    User,
)
from ..prospects import insights
from ..prospects.changes import VerdictChange, verdict_changes
from ..prospects.outcomes import outcomes_by_prospect
from ..strategy_sessions.services import upcoming_sessions as organisation_sessions

DUE_SOON_DAYS = 14
SESSIONS_SHOWN = 5
CHANGED_WITHIN_DAYS = 30


@dataclass(frozen=True)
class OpenCampaign:
    campaign: Campaign
    stats: CampaignStats
    days_left: int | None  # to the planned closing date (0: closes today); None: no date


@dataclass(frozen=True)
class FirstSteps:
    """What a new organisation has done so far; the home page teaches the next step."""

    has_company: bool
    has_campaign: bool
    has_prospect: bool

    @property
    def done(self) -> bool:
        return self.has_company and self.has_campaign and self.has_prospect

    @property
    def brand_new(self) -> bool:
        return not (self.has_company or self.has_campaign or self.has_prospect)


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def open_campaigns(today: date) -> list[OpenCampaign]:
    """The organisation's open campaigns, the one closing soonest first."""
    rows = [r for r in list_campaigns() if r.campaign.status == CampaignStatus.OPEN]
    found = [
        OpenCampaign(
            r.campaign,
            r.stats,
            (r.campaign.closes_on - today).days if r.campaign.closes_on else None,
        )
        for r in rows
    ]
    return sorted(found, key=lambda o: (o.days_left is None, o.days_left or 0, o.campaign.id))


def due_actions(today: date) -> list[Action]:
    """A rep's own open actions; a leader's or admin's: the organisation's open actions that are
    overdue or due within DUE_SOON_DAYS. Overdue and soonest due first."""
    me = _me()
    if me.role == Role.REP:
        return actions_for_owner(me)
    query = (
        select(Action)
        .where(
            Action.organization_id == org_id(),
            Action.status.in_(OPEN_STATUSES),
            Action.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        )
        .options(selectinload(Action.owner), selectinload(Action.company))
        .order_by(Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


def upcoming_sessions(today: date) -> list[StrategySession]:
    """Sessions from today on, soonest first (the session pages' own list): the organisation's
    for a leader or admin, those a rep attends for a rep."""
    sessions = organisation_sessions(today)
    me = _me()
    if me.role == Role.REP:
        sessions = [s for s in sessions if any(a.user_id == me.id for a in s.attendees)]
    return sessions[:SESSIONS_SHOWN]


@dataclass(frozen=True)
class Pipeline:
    open_deals: list[insights.ProspectView]  # visible prospects without an outcome, worst first
    changes: list[VerdictChange]


def pipeline(today: date) -> Pipeline:
    """The viewer's open deals (a rep's: owned or shared with them), and the prospects whose
    latest assessment, within CHANGED_WITHIN_DAYS, changed the verdict (worsened first)."""
    views = insights.pipeline(insights.PipelineFilters(), today)
    closed = outcomes_by_prospect()
    open_deals = [v for v in views if v.prospect.id not in closed]
    since = today - timedelta(days=CHANGED_WITHIN_DAYS)
    return Pipeline(open_deals, verdict_changes(open_deals, since, today))


def first_steps() -> FirstSteps:
    def has(*where: object) -> bool:
        return bool(db.session.scalar(select(func.count()).where(*where)))  # type: ignore[arg-type]

    oid = org_id()
    return FirstSteps(
        has_company=has(Company.organization_id == oid, Company.kind != CompanyKind.PROSPECT),
        has_campaign=has(Campaign.organization_id == oid),
        has_prospect=has(Company.organization_id == oid, Company.kind == CompanyKind.PROSPECT),
    )
