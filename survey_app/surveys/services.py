"""Respondent use cases: resolve a link, start an open link, save a draft, check answers.

Each function that writes owns its transaction and commits once. Storing a submission is in
:mod:`survey_app.surveys.submission`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import func, select

from ..clock import today
from ..comments.services import FIELD_PREFIX
from ..extensions import db
from ..instruments import Instrument
from ..models import (
    Campaign,
    Draft,
    Invitation,
    InvitationKind,
    InvitationStatus,
    UsedTokenReason,
    token_digest,
)
from ..models.comments import MAX_COMMENT_LENGTH
from . import links


class SurveyUnavailable(Exception):
    """The link cannot be used now; ``reason`` picks the friendly page to show."""

    def __init__(self, reason: str, campaign: Campaign | None = None) -> None:
        super().__init__(reason)
        # unknown | not_open | closed | full | already_submitted | used | replaced | no_session
        self.reason = reason
        self.campaign = campaign


class IncompleteAnswers(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("incomplete answers")
        self.errors = errors


def check_accepting(campaign: Campaign, on: date | None = None) -> None:
    on = on or today()
    if campaign.is_accepting(on):
        return
    closed = campaign.status.value == "closed" or bool(
        campaign.closes_on and on > campaign.closes_on
    )
    raise SurveyUnavailable("closed" if closed else "not_open", campaign)


@dataclass(frozen=True)
class ResolvedLink:
    invitation: Invitation | None  # a personal or single-use link
    campaign: Campaign  # for an open link, the invitation is made when the person starts


def resolve_token(token: str) -> ResolvedLink:
    """Find what a ``/s/<token>`` link points at, without changing anything.

    Personal links are found by their digest (only that is stored). A link that was replaced
    leads to a page saying so, and to nothing of its invitation.
    """
    if not token or len(token) > 64:
        raise SurveyUnavailable("unknown")
    digest = token_digest(token)
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest))
    if invitation is not None:
        if invitation.status == InvitationStatus.COMPLETED:
            # The same page as a link replaced on first use: a copy of a personal link must
            # not tell answered apart from started.
            raise SurveyUnavailable("used", invitation.campaign)
        check_accepting(invitation.campaign)
        return ResolvedLink(invitation, invitation.campaign)
    if links.used_link(digest) is not None:
        raise SurveyUnavailable(links.refusal_reason(digest))
    campaign = db.session.scalar(select(Campaign).where(Campaign.open_link_token == token))
    if campaign is None:
        raise SurveyUnavailable("unknown")
    check_accepting(campaign)
    check_open_cap(campaign)
    return ResolvedLink(None, campaign)


def _open_completed(campaign: Campaign) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(
                Invitation.campaign_id == campaign.id,
                Invitation.kind == InvitationKind.OPEN,
                Invitation.status == InvitationStatus.COMPLETED,
            )
        )
        or 0
    )


def check_open_cap(campaign: Campaign) -> None:
    if campaign.open_link_cap is not None and _open_completed(campaign) >= campaign.open_link_cap:
        raise SurveyUnavailable("full", campaign)


def start_open_invitation(campaign_id: int) -> Invitation:
    """Someone starts through the open link: give them a single-use invitation of their own."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.open_link_token is None:
        raise SurveyUnavailable("unknown")
    check_accepting(campaign)
    check_open_cap(campaign)
    invitation = Invitation(campaign=campaign, kind=InvitationKind.OPEN)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def load_open_campaign(campaign_id: int) -> Campaign:
    """The open-link campaign held in the session before the respondent presses Start."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.open_link_token is None:
        raise SurveyUnavailable("unknown")
    check_accepting(campaign)
    check_open_cap(campaign)
    return campaign


def resumable_open_invitation(invitation_id: int | None, campaign: Campaign) -> Invitation | None:
    """An unfinished open-link invitation of ``campaign`` this browser already started, if any.

    Lets someone who saved a draft come back through the shared open link and find their
    answers, instead of starting a second, empty invitation.
    """
    if invitation_id is None:
        return None
    invitation = db.session.get(Invitation, invitation_id)
    if (
        invitation is None
        or invitation.campaign_id != campaign.id
        or invitation.kind != InvitationKind.OPEN
        or invitation.status == InvitationStatus.COMPLETED
    ):
        return None
    return invitation


def load_invitation(invitation_id: int, holder: str | None) -> Invitation:
    """The invitation held in the respondent's session, checked again on every request.

    ``holder`` is the digest of the link this browser came in through: once that link is
    replaced, the browser is refused before anything of the invitation is looked at.
    """
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise SurveyUnavailable("unknown")
    if not links.holds(invitation, holder):
        raise SurveyUnavailable(links.refusal_reason(holder))
    if invitation.status == InvitationStatus.COMPLETED:
        # A browser still holding a personal link (say, a copy opened before its owner
        # answered) learns no more than from a started one's; the respondent's own browser
        # is told its answers are in through the session (see ``visit``).
        personal = invitation.kind != InvitationKind.OPEN
        raise SurveyUnavailable("used" if personal else "already_submitted", invitation.campaign)
    check_accepting(invitation.campaign)
    return invitation


@dataclass(frozen=True)
class PrivateLink:
    """The link a respondent's first save gave them, to show once and to mail."""

    token: str
    email: str | None  # where to mail it: an email invitation's address
    title: str
    company: str
    closes_on: date | None


def save_draft(
    invitation_id: int, holder: str | None, answers: Mapping[str, str]
) -> PrivateLink | None:
    """Keep partial answers (as typed) so the respondent can resume later.

    The first save through a link that was handed out is its first use: in the same
    transaction the link is replaced by a private one, returned here (and nowhere stored but
    as a digest). Later saves return None. Refused (nothing stored) if another browser
    replaced the link first, or the invitation was completed meanwhile.
    """
    invitation = load_invitation(invitation_id, holder)
    kept = {
        str(k)[:80]: str(v)[: MAX_COMMENT_LENGTH if str(k).startswith(FIELD_PREFIX) else 20]
        for k, v in answers.items()
        if v not in (None, "")
    }
    new: PrivateLink | None = None
    try:
        if links.needs_private_link(invitation):
            token = links.replace_link(
                invitation,
                UsedTokenReason.USED,
                unanswered=True,
                status=InvitationStatus.STARTED,
                private_link=True,
            )
            campaign = invitation.campaign
            email = invitation.email if invitation.kind == InvitationKind.EMAIL else None
            new = PrivateLink(
                token, email, campaign.title, campaign.company.name, campaign.closes_on
            )
        else:
            links.mark_started(invitation)
    except links.LinkChanged:
        db.session.rollback()
        load_invitation(invitation_id, holder)  # raises the page to show
        raise SurveyUnavailable("no_session") from None
    if invitation.draft is None:
        invitation.draft = Draft(answers=kept, saved_on=today())
    else:
        invitation.draft.answers = kept
        invitation.draft.saved_on = today()
    db.session.commit()
    return new


def draft_answers(invitation: Invitation) -> dict[str, str]:
    return dict(invitation.draft.answers) if invitation.draft else {}


def check_complete(instruments: list[Instrument], answers: Mapping[str, int]) -> dict[str, int]:
    """Every required slot answered with an allowed value; flags default to 0 (not ticked)."""
    clean: dict[str, int] = {}
    errors: dict[str, str] = {}
    for instrument in instruments:
        for slot in instrument.slots():
            value = answers.get(slot.name)
            if value is None:
                if slot.required:
                    errors[slot.name] = gettext("Please answer this question.")
                    continue
                value = 0
            if not slot.accepts(value):
                errors[slot.name] = gettext("Please choose one of the answers shown.")
                continue
            clean[slot.name] = value
    if errors:
        raise IncompleteAnswers(errors)
    return clean
