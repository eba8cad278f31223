"""Claiming a batch's deliveries, so that two consumers never send one mail twice, and a
consumer that died is known: its claims are taken over (by a consumer starting on the same
host at once, elsewhere once they are stale). Also the link renewal each mail carries."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import (
    Invitation,
    InvitationStatus,
    MailDelivery,
    MailKind,
    MailState,
    UsedToken,
    UsedTokenReason,
)
from ..models._types import utcnow
from ..models.invitations import new_token, token_digest

# A claim older than this is taken as abandoned (its consumer died on another machine).
CLAIM_STALE_AFTER = timedelta(minutes=10)


def me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def holder_is_dead(claimed_by: str | None) -> bool:
    """Whether the consumer that claimed a delivery is known to be gone (same host, no such
    process). On another host we cannot tell, and wait for the claim to go stale."""
    if not claimed_by or ":" not in claimed_by:
        return True
    host, _, pid = claimed_by.rpartition(":")
    if host != me().rpartition(":")[0] or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claimable(delivery: MailDelivery, now: datetime) -> bool:
    if delivery.state in (MailState.QUEUED, MailState.FAILED):
        return True
    if delivery.state != MailState.SENDING:
        return False
    stale = delivery.claimed_at is None or delivery.claimed_at < now - CLAIM_STALE_AFTER
    return stale or holder_is_dead(delivery.claimed_by)


def claim(campaign_id: int, invitation_ids: Sequence[int], kind: MailKind) -> list[MailDelivery]:
    now = utcnow()
    holder = me()
    candidates = db.session.scalars(
        select(MailDelivery)
        .where(
            MailDelivery.campaign_id == campaign_id,
            MailDelivery.kind == kind,
            MailDelivery.invitation_id.in_(list(invitation_ids)),
            MailDelivery.state.in_((MailState.QUEUED, MailState.SENDING, MailState.FAILED)),
        )
        .order_by(MailDelivery.id)
    ).all()
    waiting = [d.id for d in candidates if d.state in (MailState.QUEUED, MailState.FAILED)]
    claim = {
        "state": MailState.SENDING,
        "claimed_at": now,
        "claimed_by": holder,
        "attempts": MailDelivery.attempts + 1,
    }
    if waiting:  # conditional on their state: of two consumers, one wins each row
        db.session.execute(
            update(MailDelivery)
            .where(
                MailDelivery.id.in_(waiting),
                MailDelivery.state.in_((MailState.QUEUED, MailState.FAILED)),
            )
            .values(**claim)
            .execution_options(synchronize_session=False)
        )
    for delivery in candidates:  # abandoned claims, each conditional on the claim as read
        if delivery.state != MailState.SENDING or not claimable(delivery, now):
            continue
        db.session.execute(
            update(MailDelivery)
            .where(
                MailDelivery.id == delivery.id,
                MailDelivery.state == MailState.SENDING,
                MailDelivery.attempts == delivery.attempts,
            )
            .values(**claim)
            .execution_options(synchronize_session=False)
        )
    # What this call won: its own (claimed_by, claimed_at) is on no other consumer's rows.
    return list(
        db.session.scalars(
            select(MailDelivery)
            .where(
                MailDelivery.id.in_([d.id for d in candidates]),
                MailDelivery.state == MailState.SENDING,
                MailDelivery.claimed_by == holder,
                MailDelivery.claimed_at == now,
            )
            .order_by(MailDelivery.id)
            .options(selectinload(MailDelivery.invitation))
            .execution_options(populate_existing=True)
        )
    )


def renew_link(invitation: Invitation, *, unanswered: bool) -> str | None:
    """A new link in place of the invitation's (as surveys.links.replace_link does, without
    its pass over every object in the session, which a batch of 100 pays 100 times); None if
    the link changed meanwhile. An invitation mail also ends a private link (it is a new
    start, as "send again" always was); a reminder never replaces one (see _prepare)."""
    old, token = invitation.token_hash, new_token()
    values: dict[str, Any] = {"token_hash": token_digest(token)}
    if not unanswered:
        values["private_link"] = False
    statement = update(Invitation).where(
        Invitation.id == invitation.id, Invitation.token_hash == old
    )
    if unanswered:
        statement = statement.where(Invitation.status != InvitationStatus.COMPLETED)
    done = db.session.execute(
        statement.values(**values).execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return None
    for key, value in values.items():
        set_committed_value(invitation, key, value)
    db.session.add(
        UsedToken(token_hash=old, invitation_id=invitation.id, reason=UsedTokenReason.REPLACED)
    )
    invitation.remember_token(token)
    return token
