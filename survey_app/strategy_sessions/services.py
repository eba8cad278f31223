"""Use cases of strategy sessions: create one, record a decision, delete one. Each commits once.

People are users of the organisation or names typed in: a typed name that is a user's name or
email (in any case) is that user, so a role holder and an attendee are the same person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import one_or_404, org_id
from ..extensions import db
from ..models import (
    Campaign,
    Company,
    SessionAttendee,
    SessionDecision,
    SessionRole,
    StrategySession,
    User,
)
from ..names import same_name

DECISION_MAX = 2000


@dataclass(frozen=True)
class Person:
    user_id: int | None
    name: str  # the user's name, or the name typed in


@dataclass(frozen=True)
class SessionInput:
    held_on: date
    horizon_from: int
    horizon_to: int
    attendees: Sequence[Person]
    roles: dict[SessionRole, Person] = field(default_factory=dict)


def resolve_person(text: str, users: Sequence[User]) -> Person:
    """The user ``text`` names (by name or email), else the name as typed."""
    text = " ".join(text.split())
    for user in users:
        if same_name(user.name, text) or user.email.lower() == text.lower():
            return Person(user.id, user.name)
    return Person(None, text)


def _people(data: SessionInput) -> list[tuple[Person, list[SessionRole]]]:
    """Each person once, attendees in order then role holders not among them, with their roles."""
    people: list[tuple[Person, list[SessionRole]]] = []

    def index_of(person: Person) -> int | None:
        for n, (known, _) in enumerate(people):
            if (person.user_id is not None and known.user_id == person.user_id) or (
                person.user_id is None
                and known.user_id is None
                and same_name(known.name, person.name)
            ):
                return n
        return None

    for person in data.attendees:
        if index_of(person) is None:
            people.append((person, []))
    for role, person in data.roles.items():
        n = index_of(person)
        if n is None:
            people.append((person, [role]))
        else:
            people[n][1].append(role)
    return people


def create_session(
    company: Company, data: SessionInput, campaign: Campaign | None = None
) -> StrategySession:
    session = StrategySession(
        organization_id=company.organization_id,
        company_id=company.id,
        campaign_id=campaign.id if campaign is not None else None,
        held_on=data.held_on,
        horizon_from=data.horizon_from,
        horizon_to=data.horizon_to,
    )
    session.attendees = [
        SessionAttendee(
            user_id=person.user_id,
            name="" if person.user_id else person.name,
            roles=" ".join(r.value for r in roles),
            position=n,
        )
        for n, (person, roles) in enumerate(_people(data))
    ]
    db.session.add(session)
    db.session.commit()
    return session


def get_session(session_id: int) -> StrategySession:
    """The signed-in user's organisation's session, or a 404 like any missing id."""
    query = (
        select(StrategySession)
        .where(StrategySession.id == session_id, StrategySession.organization_id == org_id())
        .options(
            selectinload(StrategySession.attendees).selectinload(SessionAttendee.user),
            selectinload(StrategySession.decisions),
        )
    )
    return one_or_404(query)


def sessions_of(company: Company, campaign: Campaign | None = None) -> list[StrategySession]:
    """A company's sessions (a campaign's only, when given), newest first."""
    query = select(StrategySession).where(StrategySession.company_id == company.id)
    if campaign is not None:
        query = query.where(StrategySession.campaign_id == campaign.id)
    query = query.order_by(StrategySession.held_on.desc(), StrategySession.id.desc())
    return list(db.session.scalars(query))


def upcoming_sessions(today: date) -> list[StrategySession]:
    """The organisation's sessions from today on, soonest first (the home page reads these)."""
    query = select(StrategySession).where(
        StrategySession.organization_id == org_id(), StrategySession.held_on >= today
    )
    return list(db.session.scalars(query.order_by(StrategySession.held_on, StrategySession.id)))


def add_decision(session: StrategySession, text: str) -> SessionDecision:
    decision = SessionDecision(session_id=session.id, text=text.strip())
    db.session.add(decision)
    db.session.commit()
    return decision


def delete_session(session: StrategySession) -> None:
    """The session, its attendees and decisions; its actions stay with their company."""
    db.session.delete(session)
    db.session.commit()
