"""A company's kind (own, customer, prospect) changes only when the leader confirms it.

The kind decides where a company's data shows: a prospect is in the pipeline with its observer
assessments and verdict, and the leaders' own company serves as "our people" beside every
prospect. So once a company has campaigns that have opened (drafts have no answers whose
reading could change) or, as a prospect, assessments, changing its kind is refused until the
leader has seen what changes and confirmed it: the edit page's
confirmation button sends the new kind back as ``kind_confirmed``. The check runs in
:func:`survey_app.companies.services.update_company`, under the company's row lock, so a
forged form without the confirmation is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..extensions import db
from ..models import Campaign, CampaignStatus, Company, CompanyKind, ProspectAssessment
from ..text import page_number
from .forms import KIND_LABELS


@dataclass(frozen=True)
class KindChange:
    """A change of kind that needs confirming, and what it changes, in sentences."""

    old: CompanyKind
    new: CompanyKind
    effects: tuple[str, ...]

    @property
    def new_label(self) -> str:
        return str(KIND_LABELS[self.new])

    @property
    def old_label(self) -> str:
        return str(KIND_LABELS[self.old])


class KindChangeUnconfirmed(Exception):
    """The kind would change on a company with campaigns; nothing was saved."""

    def __init__(self, change: KindChange) -> None:
        super().__init__(f"changing the kind to {change.new.value} needs confirming")
        self.change = change


def _effects(old: CompanyKind, new: CompanyKind, campaigns: int, assessments: int) -> list[str]:
    effects = [
        _(
            "It is listed as “%(new)s” instead of “%(old)s”.",
            new=KIND_LABELS[new],
            old=KIND_LABELS[old],
        ),
        ngettext(
            "Its %(count)s campaign that have opened, their responses and results stay as they "
            "are.",
            "Its %(count)s campaigns that have opened, their responses and results stay as they "
            "are.",
            campaigns,
            count=page_number(campaigns),
        ),
    ]
    if old == CompanyKind.OWN and campaigns:
        effects.append(
            _("Prospect comparisons stop using its campaigns as your own company's results.")
        )
    if new == CompanyKind.OWN and campaigns:
        effects.append(
            _(
                "Prospect comparisons may use its newest closed campaign as your own company's "
                "results."
            )
        )
    if new == CompanyKind.PROSPECT:
        effects.append(
            _(
                "It joins the prospect pipeline: reps can record observer assessments of it and "
                "it gets a Pursue / Walk away verdict. Leaders and admins see it there, and reps "
                "once it is theirs or shared with them."
            )
        )
    if old == CompanyKind.PROSPECT:
        effects.append(
            ngettext(
                "It leaves the prospect pipeline: its %(count)s observer assessment are kept but "
                "not shown while it is not a prospect, and reps who owned it or had it shared no "
                "longer see it.",
                "It leaves the prospect pipeline: its %(count)s observer assessments are kept but "
                "not shown while it is not a prospect, and reps who owned it or had it shared no "
                "longer see it.",
                assessments,
                count=page_number(assessments),
            )
        )
    return effects


def kind_change(company: Company, new: CompanyKind) -> KindChange | None:
    """What changing ``company`` to ``new`` changes, when that needs confirming, else None."""
    old = CompanyKind(company.kind)
    if new == old:
        return None
    campaigns = int(
        db.session.scalar(
            select(func.count(Campaign.id)).where(
                Campaign.company_id == company.id, Campaign.status != CampaignStatus.DRAFT
            )
        )
        or 0
    )
    assessments = int(
        db.session.scalar(
            select(func.count(ProspectAssessment.id)).where(
                ProspectAssessment.company_id == company.id
            )
        )
        or 0
    )
    if not campaigns and not (old == CompanyKind.PROSPECT and assessments):
        return None
    return KindChange(old, new, tuple(_effects(old, new, campaigns, assessments)))


def check_kind_change(company: Company, new: CompanyKind, confirmed: CompanyKind | None) -> None:
    """Raise :class:`KindChangeUnconfirmed` unless the change is confirmed or needs no
    confirming."""
    change = kind_change(company, new)
    if change is not None and confirmed != new:
        raise KindChangeUnconfirmed(change)
