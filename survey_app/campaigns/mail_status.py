"""How a campaign's mail is going: counts of queued, sent and failed emails, and opt-outs.

Counts only. A delivery's state is about the mail server, never about answers, and no page
lists it per person: the leader sees "48 sent, 2 failed", never who.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Select, func, select

from ..extensions import db
from ..models import Campaign, Invitation, MailDelivery, MailKind, MailState
from .mail_jobs import queue_mail


@dataclass(frozen=True)
class MailProgress:
    queued: int  # waiting, or being sent now
    sent: int
    failed: int
    declined: int  # people who opted out by the mail's link
    reasons: tuple[str, ...]  # the most common reasons of the failures, for the leader

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "reasons": list(self.reasons), "total": self.total}


def mail_progress(campaign: Campaign, kind: MailKind = MailKind.INVITATION) -> MailProgress:
    counts = dict(
        db.session.execute(
            select(MailDelivery.state, func.count())
            .where(MailDelivery.campaign_id == campaign.id, MailDelivery.kind == kind)
            .group_by(MailDelivery.state)
        ).all()
    )
    reasons = db.session.execute(
        select(MailDelivery.reason, func.count().label("n"))
        .where(
            MailDelivery.campaign_id == campaign.id,
            MailDelivery.kind == kind,
            MailDelivery.state == MailState.FAILED,
        )
        .group_by(MailDelivery.reason)
        .order_by(func.count().desc())
        .limit(3)
    ).all()
    declined = db.session.scalar(declined_count(campaign.id))
    return MailProgress(
        queued=int(counts.get(MailState.QUEUED, 0)) + int(counts.get(MailState.SENDING, 0)),
        sent=int(counts.get(MailState.SENT, 0)),
        failed=int(counts.get(MailState.FAILED, 0)),
        declined=int(declined or 0),
        reasons=tuple(str(r) for r, _ in reasons if r),
    )


def declined_count(campaign_id: int) -> Select[tuple[int]]:
    """How many of a campaign's invitations opted out: read from the partial index
    ``ix_invitations_declined``, so it costs what the opt-outs number, not the campaign."""
    return (
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.campaign_id == campaign_id, Invitation.declined_at.is_not(None))
    )


def retry_failed(campaign: Campaign, base_url: str, kind: MailKind = MailKind.INVITATION) -> int:
    """Queue every failed mail of ``kind`` again; commits. Returns how many."""
    ids = db.session.scalars(
        select(MailDelivery.invitation_id).where(
            MailDelivery.campaign_id == campaign.id,
            MailDelivery.kind == kind,
            MailDelivery.state == MailState.FAILED,
        )
    ).all()
    return queue_mail(campaign, ids, kind, base_url)
