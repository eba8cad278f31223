"""Factories: build valid objects with as little typing as possible in the tests."""

from __future__ import annotations

import itertools
import re
import secrets
from datetime import date, timedelta

from argon2 import PasswordHasher

from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.models import (
    Action,
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Comment,
    Company,
    CompanyKind,
    EvidenceSource,
    Invitation,
    InvitationKind,
    ObservedEnemy,
    Organization,
    ProspectAssessment,
    Role,
    SelfCheck,
    SelfCheckTick,
    SessionAttendee,
    SessionDecision,
    StrategySession,
    TargetKind,
    Team,
    User,
)
from survey_app.prospects.verdict import Confidence

PASSWORD = "correct horse battery"
# An Argon2id hash at the lowest cost argon2 allows: the app verifies a hash with the cost it
# carries, so each sign-in of a test user takes under 1 ms instead of 120 ms (and four threads)
# at the app's own cost, some 700 times a run. Passwords the app hashes itself keep its cost.
_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
_seq = itertools.count(1)


def make_org(name: str | None = None) -> Organization:
    org = Organization(name=name or f"Org {next(_seq)}")
    db.session.add(org)
    db.session.commit()
    return org


def make_user(org: Organization, role: Role = Role.LEADER, email: str | None = None) -> User:
    n = next(_seq)
    user = User(
        organization=org,
        email=email or f"{role.value}{n}@example.com",
        name=f"{role.value.title()} {n}",
        password_hash=_HASH,
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_company(
    org: Organization,
    name: str | None = None,
    teams: tuple[str, ...] = ("Sales", "Support"),
    kind: CompanyKind = CompanyKind.OWN,
) -> Company:
    company = Company(organization=org, name=name or f"Company {next(_seq)}", kind=kind)
    company.teams = [Team(name=t) for t in teams]
    db.session.add(company)
    db.session.commit()
    return company


def make_campaign(
    company: Company,
    title: str | None = None,
    status: CampaignStatus = CampaignStatus.OPEN,
    k: int = 5,
    with_teams: bool = True,
    open_link: str | None = None,
    open_link_cap: int | None = None,
    instruments: tuple[str, ...] = (SCORECARD, ENEMIES),
) -> Campaign:
    today = date.today()
    campaign = Campaign(
        organization_id=company.organization_id,
        company=company,
        title=title or f"Wave {next(_seq)}",
        status=status,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
        min_group_size=k,
        open_link_token=open_link,
        open_link_cap=open_link_cap,
    )
    db.session.add(campaign)
    campaign.instruments = [
        CampaignInstrument(instrument_key=i.key, instrument_version=i.version, position=n)
        for n, i in enumerate(latest_versions()[key] for key in instruments)
    ]
    if with_teams:
        campaign.teams = list(company.active_teams)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def make_invitation(
    campaign: Campaign,
    email: str | None = None,
    team: Team | None = None,
    kind: InvitationKind = InvitationKind.EMAIL,
) -> Invitation:
    """A new invitation; its link's plaintext is ``.token`` on this object only (the database
    holds its digest). Copy it to a string to keep it: the object is the one the app's session
    uses too, so when the respondent's first save replaces the link, ``.token`` becomes the new
    link."""
    invitation = Invitation(campaign=campaign, email=email, team=team, kind=kind)
    db.session.add(invitation)
    db.session.commit()
    return invitation


_LINK = re.compile(r"/s/([A-Za-z0-9_-]{16,64})")


def tokens_in(text: str) -> list[str]:
    """The survey tokens of every ``/s/<token>`` link in ``text``, each once, in order."""
    return list(dict.fromkeys(_LINK.findall(text)))


def complete_answers(campaign: Campaign, importance: int = 8, execution: int = 3) -> dict[str, int]:
    """A full, valid set of answers for every slot of the campaign's instruments."""
    answers: dict[str, int] = {}
    for instrument in campaign.pinned_instruments():
        for slot in instrument.slots():
            if slot.dimension == "importance":
                answers[slot.name] = importance
            elif slot.dimension == "execution":
                answers[slot.name] = execution
            else:
                answers[slot.name] = 0
    return answers


def make_responses(
    campaign: Campaign, team: Team | None, count: int, importance: int = 8, execution: int = 3
) -> None:
    """Submit ``count`` complete responses through the real submission service."""
    from survey_app.surveys.submission import submit_response

    for _ in range(count):
        invitation = make_invitation(campaign, team=team)
        answers = complete_answers(campaign, importance=importance, execution=execution)
        submit_response(invitation.id, answers, None, secrets.token_hex(8))


def make_prospect(
    org: Organization, owner: User | None = None, name: str | None = None, notes: str = ""
) -> Company:
    prospect = Company(
        organization=org,
        name=name or f"Prospect {next(_seq)}",
        kind=CompanyKind.PROSPECT,
        industry="Banking",
        notes=notes,
        owner_id=owner.id if owner else None,
        deal_size=250_000,
    )
    db.session.add(prospect)
    db.session.commit()
    return prospect


def make_assessment(
    prospect: Company,
    author: User,
    ticked: tuple[str, ...] = ("no_trust",),
    evidence: str = "",
    summary: str = "",
    days_ago: int = 0,
) -> ProspectAssessment:
    assessment = ProspectAssessment(
        organization_id=prospect.organization_id,
        company_id=prospect.id,
        author_id=author.id,
        observed_on=date.today() - timedelta(days=days_ago),
        source=EvidenceSource.MEETING,
        confidence=Confidence.HIGH,
        summary=summary,
    )
    assessment.enemies = [
        ObservedEnemy(enemy_key=key, present=True, evidence=evidence) for key in ticked
    ]
    db.session.add(assessment)
    db.session.commit()
    return assessment


def make_self_check(
    user: User, ticked: tuple[str, ...] = ("cynicism",), note: str = ""
) -> SelfCheck:
    check = SelfCheck(user_id=user.id, taken_on=date.today(), note=note)
    check.ticks = [SelfCheckTick(enemy_key=key) for key in ticked]
    db.session.add(check)
    db.session.commit()
    return check


def company_edit_form(
    company: Company, remove: frozenset[int] | set[int] = frozenset(), **fields: str
) -> dict[str, str]:
    """What the company edit page posts when saved unchanged; ``fields`` override, and the
    teams in ``remove`` are ticked for removal."""
    data = {
        "name": company.name,
        "kind": company.kind.value,
        "industry": company.industry or "",
        "notes": company.notes,
        "new_teams": "",
        **fields,
    }
    for n, team in enumerate(company.active_teams):
        data[f"existing-{n}-id"] = str(team.id)
        data[f"existing-{n}-name"] = team.name
        if team.id in remove:
            data[f"existing-{n}-remove"] = "y"
    return data


def make_session_and_action(
    campaign: Campaign, owner: User, marker: str = ""
) -> tuple[StrategySession, Action]:
    """A strategy session on ``campaign`` (a typed attendee who keeps time, a decision) and an
    action recorded in it, owned by ``owner``; each text carries ``marker``."""
    session = StrategySession(
        organization_id=campaign.organization_id,
        company_id=campaign.company_id,
        campaign_id=campaign.id,
        held_on=date.today(),
    )
    session.attendees = [
        SessionAttendee(name=f"{marker} Guest", roles="timekeeper", position=0),
        SessionAttendee(user_id=owner.id, roles="moderator scribe", position=1),
    ]
    session.decisions = [SessionDecision(text=f"{marker} decision")]
    db.session.add(session)
    db.session.flush()
    action = Action(
        organization_id=campaign.organization_id,
        company_id=campaign.company_id,
        campaign_id=campaign.id,
        session_id=session.id,
        target_kind=TargetKind.PRACTICE,
        target_key="strategy_reviews",
        title=f"{marker} action",
        notes=f"{marker} action notes",
        owner_id=owner.id,
        due_on=date.today() + timedelta(days=7),
    )
    db.session.add(action)
    db.session.commit()
    return session, action


def make_comment(campaign: Campaign, text: str) -> Comment:
    """A published comment in ``campaign``'s scorecard box (the box switched on)."""
    for pinned in campaign.instruments:
        if pinned.instrument_key == SCORECARD:
            pinned.comment_prompt = pinned.comment_prompt or "What would make teamwork better?"
    comment = Comment(
        campaign_id=campaign.id, instrument_key=SCORECARD, text=text, published=True, tags=[]
    )
    db.session.add(comment)
    db.session.commit()
    return comment
