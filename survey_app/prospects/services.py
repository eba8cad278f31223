"""Prospect use cases: who sees what, create and edit a prospect, record an assessment.

Visibility (decided here, and nowhere else):

* **A prospect** (a company of kind *prospect*) is visible to the leaders and admins of its
  organisation, to its owner, and to the users it is shared with. Anyone else, inside or outside
  the organisation, gets a 404 for its id, exactly as for a missing one.
* **Its assessments** (named observer judgements, DESIGN "Anonymity") are visible to their
  author and the organisation's leaders, and also to the prospect's owner and the users it is
  shared with: sharing a prospect shares the deal team's evidence. An admin who is none of these
  sees the prospect's record but only the assessments they wrote themselves, and the verdict is
  computed from what the viewer may see.
* The owner, leaders and admins may edit a prospect and its sharing; whoever sees a prospect
  may assess it; only the author may delete an assessment.

Every writing function validates first and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, exists, select

from ..auth.access import one_or_404, org_id
from ..companies.naming import check_name
from ..companies.naming import commit as commit_name
from ..editing import Difference, bump, check_version, lock
from ..extensions import db
from ..instruments import ENEMIES, SCORECARD, latest_versions
from ..models import (
    Company,
    CompanyKind,
    EvidenceSource,
    ObservedEnemy,
    ObservedPractice,
    ProspectAssessment,
    Role,
    User,
    prospect_shares,
)
from ..text import sort_key
from ..webhooks import events as webhook_events
from .verdict import Confidence, Observation

NOTE_MAX = 2000


@dataclass(frozen=True)
class ProspectInput:
    name: str
    industry: str = ""
    deal_size: int | None = None
    notes: str = ""
    owner_id: int | None = None
    shared_with: tuple[int, ...] = ()


@dataclass(frozen=True)
class AssessmentInput:
    observed_on: date
    source: EvidenceSource
    confidence: Confidence
    ticked: frozenset[str]
    evidence: dict[str, str] = field(default_factory=dict)  # enemy key -> note
    execution: dict[str, int] = field(default_factory=dict)  # practice key -> 1-4
    importance: dict[str, int] = field(default_factory=dict)  # practice key -> 1-10
    summary: str = ""


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def visible_prospects() -> Select[Any]:
    """Prospects of the signed-in user's organisation that they may see (see module doc)."""
    query = select(Company).where(
        Company.organization_id == org_id(), Company.kind == CompanyKind.PROSPECT
    )
    me = _me()
    if me.role in (Role.LEADER, Role.ADMIN):
        return query
    shared = exists().where(
        prospect_shares.c.company_id == Company.id, prospect_shares.c.user_id == me.id
    )
    return query.where((Company.owner_id == me.id) | shared)


def get_prospect(prospect_id: int) -> Company:
    """A prospect the signed-in user may see, or a 404 that looks like any missing id."""
    prospect: Company = one_or_404(visible_prospects().where(Company.id == prospect_id))
    return prospect


def can_manage(prospect: Company) -> bool:
    me = _me()
    return me.role in (Role.LEADER, Role.ADMIN) or prospect.owner_id == me.id


def sees_all_assessments(prospect: Company) -> bool:
    me = _me()
    return (
        me.role == Role.LEADER
        or prospect.owner_id == me.id
        or any(u.id == me.id for u in prospect.shared_with)
    )


def visible_assessments(prospect: Company) -> list[ProspectAssessment]:
    """The prospect's assessments the signed-in user may read, newest first."""
    query = select(ProspectAssessment).where(
        ProspectAssessment.company_id == prospect.id,
        ProspectAssessment.organization_id == org_id(),
    )
    if not sees_all_assessments(prospect):
        query = query.where(ProspectAssessment.author_id == _me().id)
    order = (ProspectAssessment.observed_on.desc(), ProspectAssessment.id.desc())
    return list(db.session.scalars(query.order_by(*order)))


def org_users() -> list[User]:
    """Active users of the signed-in user's organisation, for the owner and sharing lists,
    in the order of their names (:func:`survey_app.text.sort_key`)."""
    users = db.session.scalars(
        select(User).where(User.organization_id == org_id(), User.active.is_(True))
    )
    return sorted(users, key=lambda u: sort_key(u.name))


def _users_by_id(ids: tuple[int, ...]) -> list[User]:
    users = {u.id: u for u in org_users()}
    if any(i not in users for i in ids):
        raise LookupError("not a user of this organisation")
    return [users[i] for i in ids]


def _apply(prospect: Company, data: ProspectInput) -> None:
    me = _me()
    owner_id = data.owner_id or prospect.owner_id or me.id
    (owner,) = _users_by_id((owner_id,))
    shared = [u for u in _users_by_id(data.shared_with) if u.id != owner.id]
    if me.role == Role.REP and owner.id != me.id and all(u.id != me.id for u in shared):
        shared.append(me)  # a rep who hands a deal over keeps sight of it
    prospect.name = data.name.strip()
    prospect.industry = data.industry.strip() or None
    prospect.deal_size = data.deal_size
    prospect.notes = data.notes.strip()
    prospect.owner = owner
    prospect.shared_with = shared


def create_prospect(data: ProspectInput) -> Company:
    """A new prospect in the signed-in user's organisation; the creator owns it by default.

    Raises :class:`~survey_app.companies.naming.NameTaken` for a name that another company or
    prospect of the organisation has, as the company pages do.
    """
    check_name(data.name)
    prospect = Company(organization_id=org_id(), kind=CompanyKind.PROSPECT, name="")
    _apply(prospect, data)
    db.session.add(prospect)
    commit_name(data.name)
    return prospect


def _differences(prospect: Company, data: ProspectInput) -> list[Difference]:
    """The form as sent beside the prospect as stored, for a conflict page."""
    names = {user.id: user.name for user in org_users()}
    return [
        Difference(_("Company name"), data.name.strip(), prospect.name),
        Difference(_("Industry"), data.industry.strip(), prospect.industry or ""),
        Difference(
            _("Estimated deal size"),
            "" if data.deal_size is None else str(data.deal_size),
            "" if prospect.deal_size is None else str(prospect.deal_size),
        ),
        Difference(
            _("Owner"),
            names.get(data.owner_id or 0, ""),
            prospect.owner.name if prospect.owner else "",
        ),
        Difference(
            _("Shared with"),
            ", ".join(sorted(names.get(i, "?") for i in data.shared_with)),
            ", ".join(sorted(u.name for u in prospect.shared_with)),
        ),
        Difference(_("Notes"), data.notes.strip(), prospect.notes),
    ]


def update_prospect(
    prospect: Company, data: ProspectInput, expected_version: int | None = None
) -> None:
    """Save the edit form; refused (``EditConflict``) when the form is older than the record,
    and (``NameTaken``) when the new name is another record's, exactly as on creation."""
    lock(prospect)
    check_version(prospect, expected_version, lambda: _differences(prospect, data))
    check_name(data.name, prospect)
    _apply(prospect, data)
    bump(prospect)
    commit_name(data.name)


def record_assessment(prospect: Company, data: AssessmentInput) -> ProspectAssessment:
    """Store one named observer assessment; it never touches campaign answers or tallies."""
    versions = latest_versions()
    enemy_keys = {i.key for i in versions[ENEMIES].items_of_type("enemy")}
    practice_keys = {i.key for i in versions[SCORECARD].items_of_type("practice")}
    notes = {k: v.strip()[:NOTE_MAX] for k, v in data.evidence.items() if v and v.strip()}
    if not data.ticked <= enemy_keys or not set(notes) <= enemy_keys:
        raise ValueError("unknown enemy")
    if not set(data.execution) <= practice_keys or not set(data.importance) <= set(data.execution):
        raise ValueError("unknown practice, or importance without execution")
    assessment = ProspectAssessment(
        organization_id=org_id(),
        company_id=prospect.id,
        author_id=_me().id,
        observed_on=data.observed_on,
        source=data.source,
        confidence=data.confidence,
        summary=data.summary.strip()[:NOTE_MAX],
        enemies_version=versions[ENEMIES].version,
        scorecard_version=versions[SCORECARD].version,
    )
    assessment.enemies = [
        ObservedEnemy(enemy_key=key, present=key in data.ticked, evidence=notes.get(key, ""))
        for key in sorted(data.ticked | set(notes))
    ]
    assessment.practices = [
        ObservedPractice(practice_key=key, execution=value, importance=data.importance.get(key))
        for key, value in sorted(data.execution.items())
    ]
    with webhook_events.watching_verdict(prospect):  # "prospect verdict changed"
        db.session.add(assessment)
        db.session.commit()
    return assessment


def own_assessment(prospect: Company, assessment_id: int) -> ProspectAssessment:
    """One of the signed-in user's own assessments of this prospect, else a 404."""
    assessment: ProspectAssessment = one_or_404(
        select(ProspectAssessment).where(
            ProspectAssessment.id == assessment_id,
            ProspectAssessment.company_id == prospect.id,
            ProspectAssessment.organization_id == org_id(),
            ProspectAssessment.author_id == _me().id,
        )
    )
    return assessment


def delete_assessment(prospect: Company, assessment_id: int) -> None:
    """Delete one of the signed-in user's own assessments of this prospect (else 404)."""
    assessment = own_assessment(prospect, assessment_id)
    with webhook_events.watching_verdict(prospect):
        db.session.delete(assessment)
        db.session.commit()


def observation(assessment: ProspectAssessment) -> Observation:
    """The pure view of an assessment that the verdict works on."""
    return Observation(
        observed_on=assessment.observed_on,
        confidence=Confidence(assessment.confidence),
        ticked=frozenset(e.enemy_key for e in assessment.enemies if e.present),
        evidence={e.enemy_key: e.evidence for e in assessment.enemies if e.evidence},
        execution={p.practice_key: p.execution for p in assessment.practices},
        author=assessment.author.name,
    )
