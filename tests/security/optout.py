"""The opt-out link of a tenant's invitation, for the walks' ``signed`` URL argument."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.campaigns.optout import optout_token
from survey_app.extensions import db
from survey_app.models import Invitation, token_digest


def signed_optout(invitation_token: str) -> str:
    """The signed id that ``/u/<signed>`` takes, for the invitation holding this survey link."""
    invitation_id = db.session.scalar(
        select(Invitation.id).where(Invitation.token_hash == token_digest(invitation_token))
    )
    assert invitation_id is not None
    return optout_token(invitation_id)
