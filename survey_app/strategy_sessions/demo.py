"""Demo data for action plans: one past strategy session on the demo's latest closed wave, with
its decisions and actions (two done, one in progress and overdue, one planned)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Action,
    ActionStatus,
    Campaign,
    CampaignStatus,
    Organization,
    SessionAttendee,
    SessionDecision,
    StrategySession,
    TargetKind,
    User,
)

# (target kind, key, title, owner email or a typed name, due in days from today, status)
DEMO_ACTIONS = [
    (TargetKind.PRACTICE, "strategy_reviews",
     "Adopt \u201cNo review, no resources\u201d for every major opportunity.",
     "leader@northwind.example", -100, ActionStatus.DONE),
    (TargetKind.PRACTICE, "recognized_rewarded",
     "Name one teamwork assist in every weekly sales meeting.",
     "leader@northwind.example", -60, ActionStatus.DONE),
    (TargetKind.PRACTICE, "org_chart_mapping",
     "Map the buyer's organisational chart for the five largest accounts.",
     "rep@northwind.example", -20, ActionStatus.IN_PROGRESS),
    (TargetKind.ENEMY, "internal_competition_silos",
     "Put the team's goals for each key account on one page.",
     "Priya Presales", 30, ActionStatus.PLANNED),
]  # fmt: skip
DECISIONS = [
    "Every opportunity over 100k gets a 30-minute strategy review before any travel.",
    "Presales joins the strategy session of every key account from next quarter.",
]


def load_demo_sessions(org: Organization, today: date | None = None) -> None:
    """The session and its actions, on the organisation's latest closed campaign."""
    today = today or date.today()
    campaign = db.session.scalar(
        select(Campaign)
        .where(Campaign.organization_id == org.id, Campaign.status == CampaignStatus.CLOSED)
        .order_by(Campaign.closes_on.desc(), Campaign.id.desc())
        .limit(1)
    )
    if campaign is None:
        return
    users = {
        u.email: u for u in db.session.scalars(select(User).where(User.organization_id == org.id))
    }
    held = (campaign.closes_on or today) + timedelta(days=10)
    session = StrategySession(
        organization_id=org.id,
        company_id=campaign.company_id,
        campaign_id=campaign.id,
        held_on=min(held, today - timedelta(days=1)),
        horizon_from=2,
        horizon_to=3,
    )
    people = [
        ("leader@northwind.example", "moderator"),
        ("rep@northwind.example", "timekeeper"),
        ("Priya Presales", "scribe"),
        ("admin@northwind.example", ""),
    ]
    session.attendees = [
        SessionAttendee(
            user_id=users[who].id if who in users else None,
            name="" if who in users else who,
            roles=role,
            position=n,
        )
        for n, (who, role) in enumerate(people)
    ]
    session.decisions = [SessionDecision(text=text) for text in DECISIONS]
    db.session.add(session)
    db.session.flush()
    for kind, key, title, owner, due_in, status in DEMO_ACTIONS:
        user = users.get(owner)
        due = today + timedelta(days=due_in)
        db.session.add(
            Action(
                organization_id=org.id,
                company_id=campaign.company_id,
                campaign_id=campaign.id,
                session_id=session.id,
                target_kind=kind,
                target_key=key,
                title=title,
                notes="Agreed at the strategy session.",
                owner_id=user.id if user else None,
                owner_name="" if user else owner,
                due_on=due,
                status=status,
                finished_on=due - timedelta(days=5) if not status.is_open else None,
            )
        )
    db.session.commit()
