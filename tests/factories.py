"""Factories: build valid objects with as little typing as possible in the tests."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from survey_app.auth.passwords import hash_password
from survey_app.extensions import db
from survey_app.instruments import ENEMIES, SCORECARD, latest_versions
from survey_app.models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    CompanyKind,
    Invitation,
    InvitationKind,
    Organization,
    Role,
    Team,
    User,
)

PASSWORD = "correct horse battery"
_HASH = hash_password(PASSWORD)
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
        for n, i in enumerate(latest_versions()[key] for key in (SCORECARD, ENEMIES))
    ]
    if with_teams:
        campaign.teams = list(company.teams)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def make_invitation(
    campaign: Campaign,
    email: str | None = None,
    team: Team | None = None,
    kind: InvitationKind = InvitationKind.EMAIL,
) -> Invitation:
    invitation = Invitation(campaign=campaign, email=email, team=team, kind=kind)
    db.session.add(invitation)
    db.session.commit()
    return invitation


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
