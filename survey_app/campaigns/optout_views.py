"""``/u/<token>``: the opt-out page a mail's link opens, and its one-click POST (RFC 8058).

The POST is exempt from CSRF: a mail client sends it without any page (``List-Unsubscribe=
One-Click``), and the signed token is what authorises it. The GET only asks; it changes nothing.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..extensions import csrf, limiter
from ..i18n import mail_language, rendering_in
from ..models import Invitation
from .optout import decline, invitation_for

bp = Blueprint("optout", __name__, url_prefix="/u")


def _invitation(token: str) -> Invitation:
    invitation = invitation_for(token)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/<signed>")
def ask(signed: str) -> str:
    invitation = _invitation(signed)
    return _page(invitation, signed, done=invitation.declined_at is not None)


@bp.post("/<signed>")
@csrf.exempt
@limiter.limit("30 per minute")
def confirm(signed: str) -> str:
    invitation = _invitation(signed)
    decline(invitation)
    return _page(invitation, signed, done=True)


def _page(invitation: Invitation, signed: str, done: bool) -> str:
    """The page in the language of the mail its link came in (``mail_language``)."""
    campaign = invitation.campaign
    with rendering_in(mail_language(campaign.languages)):
        return render_template("optout/ask.html", campaign=campaign, signed=signed, done=done)
