"""What a respondent's browser holds: ids and a link's digest in the signed session cookie.

Never a link's plaintext, and nothing stored about the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, session

from .. import i18n
from ..campaigns.invitations import invitation_url
from ..campaigns.mail import mail_enabled
from ..campaigns.web import base_url
from ..models import Campaign, Invitation, token_digest
from . import services
from .mail_jobs import queue_private_link
from .services import PrivateLink, SurveyUnavailable

INVITATION_KEY = "survey_invitation"
HOLDER_KEY = "survey_link"  # the digest of the link this browser came in through
OPEN_CAMPAIGN_KEY = "survey_open_campaign"
DONE_KEY = "survey_done"
NEW_LINK_KEY = "survey_new_link"  # the private link just issued, to explain on its first visit
SURVEY_KEYS = (INVITATION_KEY, HOLDER_KEY, OPEN_CAMPAIGN_KEY, DONE_KEY, NEW_LINK_KEY)


def clear() -> None:
    for key in SURVEY_KEYS:
        session.pop(key, None)


def hold(invitation: Invitation) -> None:
    """This browser answers ``invitation``, through the link it currently has."""
    clear()
    session[INVITATION_KEY] = invitation.id
    session[HOLDER_KEY] = invitation.token_hash


def hold_digest(digest: str) -> None:
    session[HOLDER_KEY] = digest


# The digest of the link this browser sent its answers through: its own visits of that link
# are told the answers are in; anyone else's copy gets the same page as a used link.
SENT_THROUGH_KEY = "survey_sent_through"


def sent_through(token: str) -> bool:
    return session.get(SENT_THROUGH_KEY) == token_digest(token)


def holder() -> str | None:
    value = session.get(HOLDER_KEY)
    return str(value) if value is not None else None


def current() -> tuple[Invitation | None, Campaign]:
    """The invitation (or, before Start, the open-link campaign) this browser is answering;
    the page is then in one of that campaign's languages."""
    invitation_id = session.get(INVITATION_KEY)
    if invitation_id is not None:
        invitation = services.load_invitation(int(invitation_id), holder())
        i18n.offer(invitation.campaign.languages)
        return invitation, invitation.campaign
    campaign_id = session.get(OPEN_CAMPAIGN_KEY)
    if campaign_id is not None:
        campaign = services.load_open_campaign(int(campaign_id))
        i18n.offer(campaign.languages)
        return None, campaign
    if session.get(DONE_KEY):
        raise SurveyUnavailable("already_submitted")
    raise SurveyUnavailable("no_session")


@dataclass(frozen=True)
class KeptLink:
    url: str
    mailed: bool


def keep_private_link(new: PrivateLink) -> KeptLink:
    """This browser holds the private link of its first save from now on, and the link is
    mailed to the invitation's address, if any, from the job queue (``mail_jobs``): the save
    is committed already, and the respondent never waits on the mail server."""
    hold_digest(token_digest(new.token))
    url = invitation_url(base_url(), new.token)
    mailed = False
    invitation_id = session.get(INVITATION_KEY)
    if new.email and invitation_id is not None and mail_enabled(current_app.config):
        try:
            queue_private_link(int(invitation_id), new.token, base_url(), i18n.current_language())
            mailed = True
        except Exception:  # noqa: BLE001 - the answers are saved; the page shows the link
            current_app.logger.exception("private link not queued for mailing")
    session[NEW_LINK_KEY] = {"for": token_digest(new.token), "mailed": mailed}
    return KeptLink(url, mailed)


def just_issued(invitation: Invitation) -> bool | None:
    """On the first visit of the private link this browser was just given: whether it was
    mailed. None on any other visit."""
    new = session.get(NEW_LINK_KEY)
    if isinstance(new, dict) and new.get("for") == invitation.token_hash:
        return bool(new.get("mailed"))
    return None
