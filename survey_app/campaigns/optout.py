"""The opt-out link of invitation and reminder emails (``List-Unsubscribe``, RFC 8058).

The link carries the invitation's id signed with SECRET_KEY (nothing stored, and it keeps
working after the survey link was replaced). Opting out marks the invitation *declined*: it
gets no more mail, its survey link says so kindly, and leaders see declined people as a count.
It never marks anything as answered, and its status (pending, started, completed) is left as
it is, so a count of declines says nothing about who answered.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import update

from ..extensions import db
from ..models import Invitation, MailDelivery, MailState
from ..models._types import utcnow

_SALT = "mail-opt-out"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def optout_token(invitation_id: int) -> str:
    return str(_signer().dumps(invitation_id))


def optout_url(base_url: str, invitation_id: int) -> str:
    return f"{base_url.rstrip('/')}/u/{optout_token(invitation_id)}"


def invitation_for(token: str) -> Invitation | None:
    try:
        invitation_id = _signer().loads(token)
    except BadSignature:
        return None
    if not isinstance(invitation_id, int):
        return None
    return db.session.get(Invitation, invitation_id)


def decline(invitation: Invitation) -> None:
    """Mark ``invitation`` declined (once) and drop its waiting mail; commits."""
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.declined_at.is_(None))
        .values(declined_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    db.session.execute(
        update(MailDelivery)
        .where(
            MailDelivery.invitation_id == invitation.id,
            MailDelivery.state.in_((MailState.QUEUED, MailState.FAILED)),
        )
        .values(state=MailState.SKIPPED, reason="opted out")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
