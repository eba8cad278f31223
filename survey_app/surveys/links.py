"""Personal links: found by their digest, replaced on first use, refused once replaced.

A personal link (an email invitation or an anonymous single-use link) is handed out once, by
email or on the leader's screen. The respondent's first save replaces it with a private link
that only their browser holds (and, with mail, their mailbox), so that a copy of the link
someone else kept shows nobody's draft. The old link's digest is kept in ``used_tokens``: whoever
still holds it is told that it has been used, and is shown nothing else.

A browser that opened a link holds the link's digest in its signed session (the *holder*), and
every request checks it against the invitation's current digest, so a browser that opened the
link before it was replaced cannot go on with it either.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from ..extensions import db
from ..models import (
    Invitation,
    InvitationKind,
    InvitationStatus,
    UsedToken,
    UsedTokenReason,
)
from ..models.invitations import new_token, token_digest


class LinkChanged(Exception):
    """Another request replaced the link (or completed the invitation) first."""


def holds(invitation: Invitation, holder: str | None) -> bool:
    """May a browser holding the digest ``holder`` use ``invitation``?

    An open-link invitation has no link anyone was given: the signed session that started it
    is its only key, as before.
    """
    return invitation.kind == InvitationKind.OPEN or holder == invitation.token_hash


def used_link(digest: str) -> UsedToken | None:
    return db.session.get(UsedToken, digest)


def refusal_reason(holder: str | None) -> str:
    """Which page a browser gets whose link no longer opens its invitation.

    Nothing about the invitation is shown (not even whether it was answered): the page only
    says that the link was used, or replaced by one sent by email. A session from before links
    were held (or a forged one) is asked to open its link again.
    """
    used = used_link(holder) if holder else None
    return used.reason.value if used is not None else "no_session"


def replace_link(
    invitation: Invitation, reason: UsedTokenReason, *, unanswered: bool = False, **values: Any
) -> str:
    """Give ``invitation`` a new link in place of its current one; no commit.

    The write is conditional on the link still being the one this request read (and, if
    ``unanswered``, on the invitation not being completed), so that of two requests replacing
    the same link only one wins; the other gets :class:`LinkChanged`. ``values`` are further
    columns to set in the same statement. Returns the new link's plaintext, which is also kept
    on the object (``invitation.token``) and nowhere else.
    """
    old = invitation.token_hash
    token = new_token()
    statement = (
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.token_hash == old)
        .values(token_hash=token_digest(token), **values)
        .execution_options(synchronize_session="evaluate")
    )
    if unanswered:
        statement = statement.where(Invitation.status != InvitationStatus.COMPLETED)
    if db.session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        raise LinkChanged
    db.session.add(UsedToken(token_hash=old, invitation_id=invitation.id, reason=reason))
    invitation.remember_token(token)
    return token


def mark_started(invitation: Invitation) -> None:
    """The invitation is started, if its link is still the one this request read and it is not
    completed meanwhile (else :class:`LinkChanged`); no commit."""
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.token_hash == invitation.token_hash,
            Invitation.status != InvitationStatus.COMPLETED,
        )
        .values(status=InvitationStatus.STARTED)
        .execution_options(synchronize_session="evaluate")
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LinkChanged


def needs_private_link(invitation: Invitation) -> bool:
    """A link that was handed out, and not yet replaced by the respondent's own."""
    return invitation.kind != InvitationKind.OPEN and not invitation.private_link
