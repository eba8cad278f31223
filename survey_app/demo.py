"""Demo data: an organisation, a company with three teams, two closed waves and an open one.

Answers are drawn from fixed per-practice profiles with a seeded generator, so every demo
database shows the same story: some practices to concentrate on, a few enemies above a third,
and one small team whose numbers must stay hidden.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update

from .auth.passwords import hash_password
from .extensions import db
from .instruments import ENEMIES, SCORECARD, Instrument, latest_versions
from .models import (
    Campaign,
    CampaignInstrument,
    CampaignStatus,
    Company,
    CompanyKind,
    Invitation,
    InvitationKind,
    Organization,
    ReminderRound,
    ReminderTrigger,
    Response,
    Role,
    Team,
    User,
)
from .prospects.demo import load_demo_prospects
from .prospects.demo_outcomes import load_demo_outcomes
from .strategy_sessions.demo import load_demo_sessions
from .surveys.submission import submit_response

DEMO_ORG = "Northwind Sales"
DEMO_USERS = [
    (Role.LEADER, "leader@northwind.example", "Lena Leader", "demo-leader-pass"),
    (Role.REP, "rep@northwind.example", "Rafael Rep", "demo-rep-pass"),
    (Role.ADMIN, "admin@northwind.example", "Ada Admin", "demo-admin-pass"),
]
# Team name -> responses per closed wave. Sales Engineering stays under k = 5 on purpose.
TEAM_SIZES = {"Enterprise Sales": 22, "Inside Sales": 15, "Sales Engineering": 3}

# Practice key -> (mean importance 1-10, mean execution 1-4) in the latest closed wave.
PRACTICE_PROFILE = {
    "recognized_rewarded": (8.6, 1.9),
    "support_people": (7.2, 2.9),
    "org_chart_mapping": (8.1, 1.7),
    "strategy_reviews": (9.0, 2.2),
    "clear_owner": (8.4, 3.5),
    "split_credits": (6.0, 1.8),
    "global_coverage": (5.2, 2.1),
    "sales_culture": (6.1, 3.4),
    "selling_skills": (7.9, 2.8),
}
# Enemy key -> probability that a respondent ticks it.
ENEMY_PROFILE = {
    "personal_agendas": 0.45,
    "misaligned_goals": 0.5,
    "glory_stealing": 0.2,
    "overemphasis_on_compensation": 0.42,
    "internal_competition_silos": 0.55,
    "high_turnover": 0.25,
    "constant_reorganization": 0.3,
    "finger_pointing": 0.15,
    "no_trust": 0.12,
    "cynicism": 0.18,
}


@dataclass(frozen=True)
class Wave:
    title: str
    opens: date
    closes: date
    shift: float  # added to every execution mean: the earlier wave was a little worse


def _clamp(value: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, round(value)))


def _answers(rng: random.Random, instruments: list[Instrument], shift: float) -> dict[str, int]:
    answers: dict[str, int] = {}
    for instrument in instruments:
        for item in instrument.items:
            if item.type == "practice":
                importance, execution = PRACTICE_PROFILE[item.key]
                answers[f"{item.key}__importance"] = _clamp(rng.gauss(importance, 1.3), 1, 10)
                answers[f"{item.key}__execution"] = _clamp(rng.gauss(execution + shift, 0.7), 1, 4)
            else:
                chance = ENEMY_PROFILE.get(item.key, 0.06) - shift / 10
                answers[f"{item.key}__present"] = int(rng.random() < chance)
    return answers


def _campaign(
    org: Organization, company: Company, title: str, opens: date, closes: date
) -> Campaign:
    instruments = latest_versions()
    campaign = Campaign(
        organization_id=org.id,
        company=company,
        title=title,
        status=CampaignStatus.OPEN,
        opens_on=opens,
        closes_on=closes,
        min_group_size=org.min_group_size,
    )
    db.session.add(campaign)
    campaign.instruments = [
        CampaignInstrument(
            instrument_key=key, instrument_version=instruments[key].version, position=n
        )
        for n, key in enumerate((SCORECARD, ENEMIES))
    ]
    campaign.teams = list(company.teams)
    db.session.commit()
    return campaign


def _run_wave(org: Organization, company: Company, wave: Wave, rng: random.Random) -> Campaign:
    campaign = _campaign(org, company, wave.title, wave.opens, wave.closes)
    campaign.opens_on = None  # accept the demo answers today, whatever the wave's dates
    campaign.closes_on = None
    teams = {t.name: t for t in company.teams}
    invitations = []
    for team_name, size in TEAM_SIZES.items():
        for n in range(size + 2):  # two invitees per team never answer
            slug = team_name.lower().replace(" ", ".")
            invitations.append(
                Invitation(
                    campaign=campaign,
                    kind=InvitationKind.EMAIL,
                    email=f"{slug}.{n + 1}@northwind.example",
                    team=teams[team_name],
                )
            )
    db.session.add_all(invitations)
    db.session.commit()
    instruments = campaign.pinned_instruments()
    by_team: dict[int, list[Invitation]] = {}
    for inv in invitations:
        by_team.setdefault(inv.team_id or 0, []).append(inv)
    for team_name, size in TEAM_SIZES.items():
        for inv in by_team[teams[team_name].id][:size]:
            submit_response(
                inv.id, _answers(rng, instruments, wave.shift), None, secrets.token_hex(16)
            )
    campaign.opens_on, campaign.closes_on = wave.opens, wave.closes
    # Answers arrive during the wave, not on the day the demo was loaded.
    db.session.execute(
        update(Response)
        .where(Response.campaign_id == campaign.id)
        .values(submitted_on=wave.opens + timedelta(days=6))
    )
    campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    return campaign


def _demo_reminders_and_waves(spring: Campaign, current: Campaign) -> None:
    """The pulse repeats twice a year: the current wave follows spring's, whose unanswered
    invitees were reminded twice (counts only, as the campaign page shows them)."""
    spring.repeat_weeks = current.repeat_weeks = 26
    spring.reminder_days = current.reminder_days = [7, 2]
    current.previous_wave_id = spring.id
    closes = spring.closes_on or date.today()
    db.session.add_all(
        [
            ReminderRound(
                campaign_id=spring.id,
                trigger=ReminderTrigger.MANUAL,
                sent_on=closes - timedelta(days=20),
                recipients=16,
            ),
            ReminderRound(
                campaign_id=spring.id,
                trigger=ReminderTrigger.SCHEDULED,
                scheduled_for=closes - timedelta(days=7),
                days_before=7,
                sent_on=closes - timedelta(days=7),
                recipients=12,
            ),
        ]
    )
    db.session.commit()


def load_demo(base_url: str, only_if_empty: bool = False) -> str:
    """Create the demo organisation; return what to print (logins and one unused link)."""
    if only_if_empty and db.session.scalar(select(func.count()).select_from(Organization)):
        return _summary(base_url)
    if db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG)):
        return _summary(base_url)
    rng = random.Random(20261122)  # noqa: S311 - demo data, not security
    org = Organization(name=DEMO_ORG)
    db.session.add(org)
    for role, email, name, password in DEMO_USERS:
        db.session.add(
            User(
                organization=org,
                email=email,
                name=name,
                password_hash=hash_password(password),
                role=role,
            )
        )
    company = Company(
        organization=org,
        name="Northwind Traders",
        kind=CompanyKind.OWN,
        industry="Wholesale distribution",
        notes="Our own sales organisation.",
    )
    company.teams = [Team(name=name) for name in TEAM_SIZES]
    db.session.add(company)
    db.session.commit()

    today = date.today()
    waves = [
        Wave(
            "Autumn 2025 teamwork pulse",
            today - timedelta(days=400),
            today - timedelta(days=370),
            -0.35,
        ),
        Wave(
            "Spring 2026 teamwork pulse",
            today - timedelta(days=200),
            today - timedelta(days=170),
            0.0,
        ),
    ]
    ran = [_run_wave(org, company, wave, rng) for wave in waves]

    current = _campaign(
        org,
        company,
        "Autumn 2026 teamwork pulse",
        today - timedelta(days=3),
        today + timedelta(days=25),
    )
    _demo_reminders_and_waves(ran[-1], current)
    teams = list(company.teams)
    links = [
        Invitation(campaign=current, kind=InvitationKind.LINK, team=teams[n % len(teams)])
        for n in range(12)
    ]
    db.session.add_all(links)
    db.session.commit()
    load_demo_prospects(org, org.users)
    load_demo_sessions(org)  # a past strategy session and its actions
    load_demo_outcomes(org, org.users)
    return _summary(base_url, links[0].token)


def _new_demo_link() -> str | None:
    """A new anonymous link of the demo's open campaign, if there is one.

    Only a digest of each link is stored, so a link can be printed only when it is made: each
    run that finds the demo already loaded makes one more.
    """
    campaign = db.session.scalar(
        select(Campaign)
        .join(Organization, Organization.id == Campaign.organization_id)
        .where(Organization.name == DEMO_ORG, Campaign.status == CampaignStatus.OPEN)
        .order_by(Campaign.id)
    )
    if campaign is None:
        return None
    invitation = Invitation(campaign=campaign, kind=InvitationKind.LINK)
    db.session.add(invitation)
    db.session.commit()
    return invitation.token


def _summary(base_url: str, link: str | None = None) -> str:
    lines = [f"Demo logins (organisation: {DEMO_ORG}):"]
    lines += [f"  {role.value:<7} {email:<28} password: {pw}" for role, email, _, pw in DEMO_USERS]
    link = link or _new_demo_link()
    if link:
        lines.append(f"An unused survey link of the open campaign: {base_url}/s/{link}")
    return "\n".join(lines)
