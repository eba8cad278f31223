"""Deleting campaigns: everything of a campaign goes in one transaction, and nothing else.

A campaign owns its invitations (with their saved drafts and replaced links), its responses
(with their answers), its tallies, its pinned instruments and its list of teams. Every one of
those tables refers to its owner with ``ON DELETE CASCADE`` (``tests/test_deletion.py`` checks
this for every table that refers to a campaign, so a new one cannot be forgotten), so the
database removes them with the campaign's row, in the same statement: there is no list here to
keep up to date. The company and its teams stay.

Locks, on PostgreSQL, are taken in the order a submission takes them (its invitation, then its
campaign), so that a submission under way finishes first and one that comes later finds its
link gone: never a deadlock, never an answer stored into a deleted campaign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select

from .. import audit
from ..extensions import db
from ..models import Campaign, Draft, Invitation, InvitationKind, Response


@dataclass(frozen=True)
class CampaignFootprint:
    """What deleting some campaigns removes, counted by the queries that delete it."""

    campaigns: int
    responses: int
    invitations: int  # personal emails and single-use links
    open_visits: int  # people who started through an open link (submitted or not)
    drafts: int  # answers saved and not submitted

    def __add__(self, other: CampaignFootprint) -> CampaignFootprint:
        return CampaignFootprint(
            *(a + b for a, b in zip(self._counts(), other._counts(), strict=True))
        )

    def _counts(self) -> tuple[int, ...]:
        return (self.campaigns, self.responses, self.invitations, self.open_visits, self.drafts)


def _count(query: object) -> int:
    return int(db.session.scalar(query) or 0)  # type: ignore[call-overload]


def footprint(where: ColumnElement[bool]) -> CampaignFootprint:
    """The counts of the campaigns that ``where`` selects (a clause on ``Campaign``)."""
    ids = select(Campaign.id).where(where)
    invitations = select(func.count(Invitation.id)).where(Invitation.campaign_id.in_(ids))
    return CampaignFootprint(
        campaigns=_count(select(func.count(Campaign.id)).where(where)),
        responses=_count(select(func.count(Response.id)).where(Response.campaign_id.in_(ids))),
        invitations=_count(invitations.where(Invitation.kind != InvitationKind.OPEN)),
        open_visits=_count(invitations.where(Invitation.kind == InvitationKind.OPEN)),
        drafts=_count(
            select(func.count(Draft.invitation_id))
            .join(Invitation, Invitation.id == Draft.invitation_id)
            .where(Invitation.campaign_id.in_(ids))
        ),
    )


def lock_campaigns(where: ColumnElement[bool]) -> list[int]:
    """Lock the selected campaigns' invitations, then the campaigns (see the module's note);
    their ids. On SQLite the POST's ``BEGIN IMMEDIATE`` already holds the database."""
    ids = select(Campaign.id).where(where)
    db.session.execute(
        select(Invitation.id).where(Invitation.campaign_id.in_(ids)).with_for_update()
    ).all()
    return list(db.session.scalars(select(Campaign.id).where(where).with_for_update()))


def remove_campaigns(campaign_ids: Sequence[int]) -> None:
    """Delete these campaigns and, by the schema's cascades, all they own (no commit)."""
    if campaign_ids:
        db.session.execute(
            delete(Campaign).where(Campaign.id.in_(list(campaign_ids))),
            execution_options={"synchronize_session": False},
        )
    db.session.expire_all()  # loaded campaigns and invitations are gone


def delete_campaign(campaign: Campaign) -> CampaignFootprint:
    """Delete one campaign with everything it owns, in one transaction; what went."""
    where = Campaign.id == campaign.id
    ids = lock_campaigns(where)
    gone = footprint(where)
    audit.record(audit.actions.DELETE, campaign, details=f"{gone.responses} responses")
    remove_campaigns(ids)
    db.session.commit()
    return gone
