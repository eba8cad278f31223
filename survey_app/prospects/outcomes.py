"""Deal outcomes: record how a deal ended, and read the verdicts' track record.

Who may record an outcome: whoever may edit the prospect (its owner, leaders, admins), as for
any change of the deal itself. The audit log records it through the session hook (the outcome
is an audited kind, survey_app/audit/kinds.py).

The track record and the agreement of the views read only what the viewer may see: the
visible prospects (:func:`services.visible_prospects`) with the assessments the viewer may read,
exactly as the pipeline does, so the panel never counts a deal the page does not list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import org_id
from ..extensions import db
from ..models import Company, DealOutcome, Outcome, ProspectAssessment
from ..org_settings import prospect_thresholds
from ..scoring import RiskLevel
from ..text import sort_key
from . import insights, services
from .track_record import Agreement, BandRecord, ClosedDeal, ViewPair, track_record
from .verdict import verdict

NOTE_MAX = 2000


class OutcomeError(ValueError):
    """The outcome as sent cannot be stored; ``errors`` maps a field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


@dataclass(frozen=True)
class OutcomeInput:
    outcome: Outcome
    closed_on: date
    deal_size: int
    note: str = ""


def outcome_of(prospect: Company) -> DealOutcome | None:
    return db.session.scalar(
        select(DealOutcome).where(
            DealOutcome.company_id == prospect.id, DealOutcome.organization_id == org_id()
        )
    )


def record_outcome(prospect: Company, data: OutcomeInput, today: date) -> DealOutcome:
    """Store (or correct) the prospect's outcome, in one transaction.

    Refused (:class:`OutcomeError`) for a date in the future, a negative deal size or a note
    over :data:`NOTE_MAX` characters: the form checks them too, this is the rule itself.
    """
    errors: dict[str, list[str]] = {}
    if data.closed_on > today:
        errors["closed_on"] = [_("The outcome date cannot be in the future.")]
    if data.deal_size < 0:
        errors["deal_size"] = [_("The deal size cannot be negative.")]
    if len(data.note.strip()) > NOTE_MAX:
        errors["note"] = [_("Keep the note to %(max)s characters.", max=NOTE_MAX)]
    if errors:
        raise OutcomeError(errors)
    outcome = outcome_of(prospect) or DealOutcome(organization_id=org_id(), company_id=prospect.id)
    outcome.outcome = data.outcome
    outcome.closed_on = data.closed_on
    outcome.deal_size = data.deal_size
    outcome.note = data.note.strip()
    outcome.recorded_by_id = services._me().id
    db.session.add(outcome)
    db.session.commit()
    return outcome


def _visible_outcomes() -> dict[int, DealOutcome]:
    visible = services.visible_prospects().with_only_columns(Company.id)
    rows = db.session.scalars(
        select(DealOutcome).where(
            DealOutcome.organization_id == org_id(), DealOutcome.company_id.in_(visible)
        )
    )
    return {o.company_id: o for o in rows}


def outcomes_by_prospect() -> dict[int, DealOutcome]:
    """The outcomes of the prospects the signed-in user may see, by prospect id."""
    return _visible_outcomes()


def _readable(prospects: list[Company]) -> dict[int, list[ProspectAssessment]]:
    """Each prospect's assessments that the signed-in user may read (as the pipeline does)."""
    found: dict[int, list[ProspectAssessment]] = {p.id: [] for p in prospects}
    if not found:
        return found
    rows = db.session.scalars(
        select(ProspectAssessment)
        .where(
            ProspectAssessment.organization_id == org_id(),
            ProspectAssessment.company_id.in_(list(found)),
        )
        .options(
            selectinload(ProspectAssessment.enemies),
            selectinload(ProspectAssessment.practices),
            selectinload(ProspectAssessment.author),
        )
    )
    me_id = services._me().id
    by_id = {p.id: p for p in prospects}
    for a in rows:
        if services.sees_all_assessments(by_id[a.company_id]) or a.author_id == me_id:
            found[a.company_id].append(a)
    return found


def closed_deal(outcome: DealOutcome, assessments: list[ProspectAssessment]) -> ClosedDeal:
    """The deal with the verdict it had on its outcome date (see track_record's module doc)."""
    before = [a for a in assessments if a.observed_on <= outcome.closed_on]
    level: RiskLevel | None = None
    if before:
        v = verdict(
            [services.observation(a) for a in before],
            outcome.closed_on,
            prospect_thresholds(outcome.organization_id),
            enemy_keys=insights.enemy_keys(),
        )
        level = v.band.level if v.band else None
    return ClosedDeal(
        level=level,
        outcome=Outcome(outcome.outcome),
        closed_on=outcome.closed_on,
        first_assessed=min((a.observed_on for a in before), default=None),
    )


def verdict_track_record() -> tuple[list[BandRecord], int]:
    """The track record over every closed prospect the signed-in user may see, and how many
    deals it covers."""
    outcomes = _visible_outcomes()
    prospects = list(
        db.session.scalars(services.visible_prospects().where(Company.id.in_(list(outcomes))))
    )
    readable = _readable(prospects)
    deals = [closed_deal(outcomes[p.id], readable[p.id]) for p in prospects]
    return track_record(deals), len(deals)


def view_agreement() -> list[Agreement]:
    """Per author of assessments: on the prospects where both exist, whether the band of their
    own assessments (their outside view) is the band of the insiders' survey (the newest
    survey of the prospect with at least k responses, as the compare view shows it)."""
    prospects = list(db.session.scalars(services.visible_prospects()))
    readable = _readable(prospects)
    pairs: dict[int, list[ViewPair]] = defaultdict(list)
    names: dict[int, str] = {}
    thresholds = prospect_thresholds(org_id())
    for prospect in prospects:
        if not readable[prospect.id]:
            continue
        inside = insights.insiders_of(prospect)
        if inside is None or inside.results.risk_band is None:
            continue
        by_author: dict[int, list[ProspectAssessment]] = defaultdict(list)
        for a in readable[prospect.id]:
            by_author[a.author_id].append(a)
            names[a.author_id] = a.author.name
        for author, theirs in by_author.items():
            own = verdict(
                [services.observation(a) for a in theirs],
                date.today(),
                thresholds,
                enemy_keys=insights.enemy_keys(),
            )
            if own.band is not None:
                pairs[author].append(
                    ViewPair(prospect.name, own.band.level, inside.results.risk_band.level)
                )
    agreements = [Agreement(names[author], tuple(found)) for author, found in pairs.items()]
    return sorted(agreements, key=lambda a: sort_key(a.author))
