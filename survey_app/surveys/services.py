"""Respondent use cases: resolve a link, start an open link, save a draft, check answers.

Each function that writes owns its transaction and commits once. Storing a submission is in
:mod:`survey_app.surveys.submission`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from ..extensions import db
from ..instruments import Instrument
from ..models import (
    Campaign,
    Draft,
    Invitation,
    InvitationKind,
    InvitationStatus,
)


class SurveyUnavailable(Exception):
    """The link cannot be used now; ``reason`` picks the friendly page to show."""

    def __init__(self, reason: str, campaign: Campaign | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # unknown | not_open | closed | full | already_submitted
        self.campaign = campaign


class IncompleteAnswers(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("incomplete answers")
        self.errors = errors


def today() -> date:
    return datetime.now(UTC).date()


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
    """Find what a ``/s/<token>`` link points at, without changing anything."""
    if not token or len(token) > 64:
        raise SurveyUnavailable("unknown")
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token))
    if invitation is not None:
        if invitation.status == InvitationStatus.COMPLETED:
            raise SurveyUnavailable("already_submitted", invitation.campaign)
        check_accepting(invitation.campaign)
        return ResolvedLink(invitation, invitation.campaign)
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


def load_invitation(invitation_id: int) -> Invitation:
    """The invitation held in the respondent's session, checked again on every request."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise SurveyUnavailable("unknown")
    if invitation.status == InvitationStatus.COMPLETED:
        raise SurveyUnavailable("already_submitted", invitation.campaign)
    check_accepting(invitation.campaign)
    return invitation


def save_draft(invitation_id: int, answers: Mapping[str, str]) -> None:
    """Keep partial answers (as typed) so the respondent can resume from the same link."""
    invitation = load_invitation(invitation_id)
    kept = {str(k)[:80]: str(v)[:20] for k, v in answers.items() if v not in (None, "")}
    if invitation.draft is None:
        invitation.draft = Draft(answers=kept, saved_on=today())
    else:
        invitation.draft.answers = kept
        invitation.draft.saved_on = today()
    invitation.status = InvitationStatus.STARTED
    db.session.commit()


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
                    errors[slot.name] = "Please answer this question."
                    continue
                value = 0
            if not slot.accepts(value):
                errors[slot.name] = "Please choose one of the answers shown."
                continue
            clean[slot.name] = value
    if errors:
        raise IncompleteAnswers(errors)
    return clean
