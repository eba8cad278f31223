"""Retention: old audit entries, and the responses of campaigns closed long ago.

**Responses.** An organisation may set ``response_retention_months``; ``flask prune-responses``
then deletes the responses (with their answers, by ``ON DELETE CASCADE``) and any unsubmitted
drafts of each campaign closed more than that many months ago. The tallies stay: every result
page, export and PDF reads the tallies (survey_app/results/tallies.py), never the answers, so
the reports survive as the same aggregates. (``rebuild_tallies`` recounts from the answers, so
it must never be run on a pruned campaign: it would count nothing.) The invitations stay too,
so the response rate is unchanged. Each pruned campaign is recorded in the audit log.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select

from ..extensions import db
from ..models import AuditEntry, Campaign, CampaignStatus, Draft, Invitation, Organization, Response
from . import actions
from .service import record


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def prune_audit(now: datetime, days: int) -> int:
    """Delete the entries older than ``days`` days; how many went. Commits."""
    cutoff = now - timedelta(days=days)
    result = db.session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    db.session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Pruned:
    campaign_id: int
    title: str
    responses: int
    drafts: int


def _closed_day() -> ColumnElement[date]:
    """The day a campaign stopped taking answers: closed early, or on its planned day."""
    return func.coalesce(Campaign.closed_on, Campaign.closes_on)


def due_campaigns(org: Organization, today: date) -> list[Campaign]:
    """The organisation's campaigns closed more than its retention period ago (none if off).
    A closed campaign with no closing day recorded is left alone: nobody can say when."""
    months = org.response_retention_months
    if not months:
        return []
    cutoff = months_before(today, months)
    query = select(Campaign).where(
        Campaign.organization_id == org.id,
        Campaign.status == CampaignStatus.CLOSED,
        _closed_day() < cutoff,
    )
    return list(db.session.scalars(query.order_by(Campaign.id)))


def _prune_campaign(campaign: Campaign) -> Pruned:
    responses = db.session.execute(delete(Response).where(Response.campaign_id == campaign.id))
    invitations = select(Invitation.id).where(Invitation.campaign_id == campaign.id)
    drafts = db.session.execute(delete(Draft).where(Draft.invitation_id.in_(invitations)))
    return Pruned(
        campaign.id,
        campaign.title,
        int(responses.rowcount or 0),  # type: ignore[attr-defined]
        int(drafts.rowcount or 0),  # type: ignore[attr-defined]
    )


def prune_responses(today: date) -> list[Pruned]:
    """Apply every organisation's response retention; what went, per campaign. One
    transaction per organisation, with its audit entries."""
    done: list[Pruned] = []
    orgs = db.session.scalars(
        select(Organization).where(Organization.response_retention_months.is_not(None))
    ).all()
    for org in orgs:
        for campaign in due_campaigns(org, today):
            pruned = _prune_campaign(campaign)
            if pruned.responses or pruned.drafts:
                details = f"{pruned.responses} responses, {pruned.drafts} drafts; tallies kept"
                record(actions.RESPONSES_PRUNED, campaign, organization_id=org.id, details=details)
                done.append(pruned)
        db.session.commit()
    return done
