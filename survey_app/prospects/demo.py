"""Demo pipeline: prospects across the three verdicts, assessed by the demo rep and leader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..extensions import db
from ..instruments import ENEMIES, SCORECARD, latest_versions
from ..models import (
    Company,
    CompanyKind,
    EvidenceSource,
    ObservedEnemy,
    ObservedPractice,
    Organization,
    ProspectAssessment,
    Role,
    User,
)
from .verdict import Confidence


@dataclass(frozen=True)
class Seen:
    days_ago: int
    by: Role  # the demo rep or the demo leader
    source: EvidenceSource
    confidence: Confidence
    enemies: dict[str, str]  # enemy key -> evidence ("" for none)
    execution: dict[str, int] | None = None
    summary: str = ""


M, C, R, P = (EvidenceSource.MEETING, EvidenceSource.CALL, EvidenceSource.REFERENCE,
              EvidenceSource.PUBLIC)  # fmt: skip
LOW, MED, HIGH = Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH

# name, industry, deal size, owner role, shared with the other demo user, assessments.
PIPELINE: list[tuple[str, str, int, Role, bool, list[Seen]]] = [
    (
        "Contoso Logistics",
        "Logistics",
        180_000,
        Role.REP,
        False,
        [
            Seen(
                95,
                Role.REP,
                M,
                MED,
                {"high_turnover": "Two of five buyers we met last year have left."},
            ),
            Seen(
                12,
                Role.REP,
                M,
                HIGH,
                {
                    "constant_reorganization": "Third reorganisation of procurement in two years.",
                    "no_vision": "",
                },
                {"clear_owner": 4, "strategy_reviews": 3, "sales_culture": 3},
                "Aligned team; the COO and the CFO told the same story.",
            ),
        ],
    ),
    (
        "Fabrikam Health",
        "Healthcare",
        95_000,
        Role.REP,
        False,
        [
            Seen(
                30,
                Role.REP,
                C,
                MED,
                {"insecurity": "The project lead asked us not to copy her manager."},
            ),
        ],
    ),
    (
        "Litware Bank",
        "Banking",
        420_000,
        Role.REP,
        True,
        [
            Seen(
                140,
                Role.LEADER,
                R,
                LOW,
                {
                    "personal_agendas": "A former employee: 'everyone runs their own project'.",
                    "favoritism": "",
                    "no_trust": "",
                    "cynicism": "",
                },
            ),
            Seen(
                20,
                Role.REP,
                M,
                HIGH,
                {
                    "misaligned_goals": "CFO and VP Sales contradicted each other on the goal.",
                    "personal_agendas": "The IT director pushes his own platform in every meeting.",
                    "internal_competition_silos": "Retail and corporate want two contracts.",
                    "blame_fixing": "",
                    "no_compromise": "",
                },
                {"clear_owner": 2, "org_chart_mapping": 1, "recognized_rewarded": 2},
            ),
        ],
    ),
    (
        "Tailspin Retail",
        "Retail",
        260_000,
        Role.REP,
        False,
        [
            Seen(
                200,
                Role.REP,
                C,
                MED,
                {"high_turnover": "", "weak_links": "", "poor_leadership": ""},
            ),
            Seen(
                25,
                Role.REP,
                M,
                HIGH,
                {
                    "high_turnover": "Our third new contact in a year.",
                    "finger_pointing": "Stores and e-commerce blamed each other for the pilot.",
                    "poor_leadership": "The CEO did not show up to the steering meeting he called.",
                    "weak_links": "",
                    "rumor_mongering": "",
                    "overemphasis_on_compensation": "",
                    "glory_stealing": "",
                },
            ),
        ],
    ),
    (
        "Woodgrove Insurance",
        "Insurance",
        650_000,
        Role.LEADER,
        True,
        [
            Seen(
                60,
                Role.LEADER,
                R,
                MED,
                {
                    "no_trust": "Their agency says contracts get reopened after signing.",
                    "blame_fixing": "",
                    "finger_pointing": "",
                    "selfishness": "",
                    "cynicism": "",
                    "internal_competition_silos": "",
                    "personal_agendas": "",
                    "misaligned_goals": "",
                },
            ),
            Seen(
                8,
                Role.REP,
                M,
                HIGH,
                {
                    "no_trust": "Legal reviews every slide before anyone may share it.",
                    "finger_pointing": "The workshop became claims vs underwriting blame.",
                    "glory_stealing": "Head of digital presented our business case as his.",
                    "cynicism": "'Another vendor, another promise' - the claims lead.",
                    "misaligned_goals": "",
                    "blame_fixing": "",
                    "selfishness": "",
                    "internal_competition_silos": "",
                    "poor_leadership": "",
                    "no_vision": "",
                },
                {"clear_owner": 1, "split_credits": 1, "strategy_reviews": 2},
                "Walk away unless the COO sponsors the project herself.",
            ),
        ],
    ),
    (
        "Adventure Works Manufacturing",
        "Manufacturing",
        310_000,
        Role.REP,
        False,
        [
            Seen(330, Role.REP, P, LOW, {"constant_reorganization": ""}),
            Seen(
                40,
                Role.REP,
                M,
                MED,
                {
                    "constant_reorganization": "Fourth restructuring in the press this year.",
                    "high_turnover": "Plant managers change every six months.",
                    "overemphasis_on_compensation": "Buyers are paid on savings alone.",
                    "rumor_mongering": "",
                    "insecurity": "",
                    "no_vision": "",
                    "weak_links": "",
                    "carrying_weak_performers": "",
                    "no_trust": "Purchasing re-checks every figure engineering gives us.",
                    "selfishness": "",
                },
            ),
        ],
    ),
    ("Proseware", "Software", 120_000, Role.REP, False, []),
]


def load_demo_prospects(org: Organization, users: Sequence[User]) -> None:
    """Add the demo pipeline to ``org``; ``users`` must hold a rep and a leader of it."""
    by_role = {u.role: u for u in users}
    versions = latest_versions()
    today = date.today()
    for name, industry, deal, owner_role, shared, seen in PIPELINE:
        owner = by_role[owner_role]
        other = by_role[Role.LEADER if owner_role == Role.REP else Role.REP]
        prospect = Company(
            organization=org,
            name=name,
            kind=CompanyKind.PROSPECT,
            industry=industry,
            deal_size=deal,
            owner=owner,
            notes=f"Demo prospect in {industry.lower()}.",
            shared_with=[other] if shared else [],
        )
        db.session.add(prospect)
        for s in seen:
            assessment = ProspectAssessment(
                organization_id=org.id,
                company=prospect,
                author=by_role[s.by],
                observed_on=today - timedelta(days=s.days_ago),
                source=s.source,
                confidence=s.confidence,
                summary=s.summary,
                enemies_version=versions[ENEMIES].version,
                scorecard_version=versions[SCORECARD].version,
            )
            assessment.enemies = [
                ObservedEnemy(enemy_key=k, present=True, evidence=note)
                for k, note in s.enemies.items()
            ]
            assessment.practices = [
                ObservedPractice(practice_key=k, execution=v)
                for k, v in (s.execution or {}).items()
            ]
            db.session.add(assessment)
    db.session.commit()
