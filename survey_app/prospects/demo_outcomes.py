"""Demo closed deals: prospects with outcomes in every verdict band, for the track record.

Nine deals: five closed as *Pursue* (enough for its win rate and cycle to show), two as *Pursue
with caution* and two as *Walk away* (each under five, so those bands say "not enough deals
yet", as a real pipeline does in its first months). The verdict of each is the one its
assessments give on its outcome date (survey_app/prospects/track_record.py), so the bands are
set by what the assessments tick:

* *Pursue*: an assessment that saw no enemy;
* *Pursue with caution*: an older assessment that saw none and a newer one that saw one enemy,
  which then has a weighted prevalence between half and three quarters;
* *Walk away*: one assessment that saw enemies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..extensions import db
from ..instruments import ENEMIES, SCORECARD, latest_versions
from ..models import (
    Company,
    CompanyKind,
    DealOutcome,
    EvidenceSource,
    ObservedEnemy,
    Organization,
    Outcome,
    ProspectAssessment,
    Role,
    User,
)
from .verdict import Confidence


@dataclass(frozen=True)
class Closed:
    name: str
    industry: str
    deal_size: int
    seen: tuple[tuple[int, tuple[str, ...]], ...]  # (days ago, enemies ticked) per assessment
    outcome: Outcome
    closed_days_ago: int
    note: str


WON, LOST, NONE = Outcome.WON, Outcome.LOST, Outcome.NO_DECISION
CLOSED: list[Closed] = [
    # Pursue: five deals, four won.
    Closed("Alpine Ski House", "Leisure", 140_000, ((210, ()),), WON, 120,
           "Signed after the second workshop; one sponsor all along."),
    Closed("Coho Winery", "Food and drink", 60_000, ((180, ()),), WON, 95,
           "Small first order, renewed for the whole group."),
    Closed("Fourth Coffee", "Food and drink", 85_000, ((260, ()),), WON, 150,
           "Procurement and operations asked for the same thing."),
    Closed("Lucerne Publishing", "Media", 230_000, ((300, ()),), LOST, 160,
           "Lost on price to the incumbent."),
    Closed("Trey Research", "Research", 175_000, ((150, ()),), WON, 40,
           "Closed a quarter early: the team had planned the rollout."),
    # Pursue with caution: two deals.
    Closed("Blue Yonder Airlines", "Travel", 520_000, ((240, ()), (200, ("misaligned_goals",))),
           WON, 70, "Won after the COO settled the goal between IT and operations."),
    Closed("Wide World Importers", "Wholesale", 190_000, ((220, ()), (190, ("no_trust",))),
           NONE, 60, "Shelved: legal never signed off the data terms."),
    # Walk away: two deals.
    Closed("Humongous Insurance", "Insurance", 700_000,
           ((230, ("internal_competition_silos", "blame_fixing", "no_vision")),), LOST, 90,
           "Two divisions each wanted their own contract; neither signed."),
    Closed("Southridge Video", "Media", 150_000,
           ((170, ("high_turnover", "poor_leadership")),), NONE, 30,
           "Our third contact left; nobody owns the project now."),
]  # fmt: skip


def load_demo_outcomes(org: Organization, users: Sequence[User]) -> None:
    """Add the closed demo deals to ``org``, owned and assessed by its rep."""
    rep = next(u for u in users if u.role == Role.REP)
    versions = latest_versions()
    today = date.today()
    for deal in CLOSED:
        prospect = Company(
            organization=org,
            name=deal.name,
            kind=CompanyKind.PROSPECT,
            industry=deal.industry,
            deal_size=deal.deal_size,
            owner=rep,
            notes=f"Demo deal in {deal.industry.lower()}, closed.",
        )
        db.session.add(prospect)
        for days_ago, ticked in deal.seen:
            assessment = ProspectAssessment(
                organization_id=org.id,
                company=prospect,
                author=rep,
                observed_on=today - timedelta(days=days_ago),
                source=EvidenceSource.MEETING,
                confidence=Confidence.MEDIUM,
                enemies_version=versions[ENEMIES].version,
                scorecard_version=versions[SCORECARD].version,
            )
            assessment.enemies = [ObservedEnemy(enemy_key=k, present=True) for k in ticked]
            db.session.add(assessment)
        db.session.flush()
        db.session.add(
            DealOutcome(
                organization_id=org.id,
                company_id=prospect.id,
                outcome=deal.outcome,
                closed_on=today - timedelta(days=deal.closed_days_ago),
                deal_size=deal.deal_size,
                note=deal.note,
                recorded_by_id=rep.id,
            )
        )
    db.session.commit()
