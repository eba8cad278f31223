"""Invitation use cases: pasted emails, CSV import, anonymous links, the open link, mailing.

Storing invitations and mailing them are two steps on purpose: the invitations are committed
first, so an SMTP failure can never lose them; it only leaves them marked as not emailed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Campaign, CampaignStatus, Invitation, InvitationKind, InvitationStatus, Team
from .csv_import import MAX_PASTED, CsvReport, parse_csv, parse_pasted
from .mail import MailReport, build_message, mail_enabled, send_all


class InviteError(ValueError):
    """Nothing was stored; the message says what to fix."""


@dataclass(frozen=True)
class InviteResult:
    created: list[Invitation]
    skipped: list[str]  # already invited, left untouched


def invitation_url(base_url: str, token: str) -> str:
    """The respondent's absolute link (served by the surveys blueprint at ``/s/<token>``)."""
    return f"{base_url.rstrip('/')}/s/{token}"


def _check_can_invite(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise InviteError("This campaign is closed. Reopen it before inviting more people.")


def _check_team(campaign: Campaign, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    for team in campaign.teams:
        if team.id == team_id:
            return team
    raise InviteError("Choose one of the campaign's teams.")


def invited_emails(campaign: Campaign) -> set[str]:
    rows = db.session.scalars(
        select(func.lower(Invitation.email)).where(
            Invitation.campaign_id == campaign.id, Invitation.email.is_not(None)
        )
    )
    return set(rows)


def invite_emails(campaign: Campaign, text: str, team_id: int | None) -> InviteResult:
    """Invite every pasted address once; any invalid address refuses the whole paste."""
    _check_can_invite(campaign)
    team = _check_team(campaign, team_id)
    pasted = parse_pasted(text)
    if pasted.invalid:
        shown = ", ".join(f"“{v[:60]}”" for v in pasted.invalid[:10])
        more = f" and {len(pasted.invalid) - 10} more" if len(pasted.invalid) > 10 else ""
        raise InviteError(f"These are not valid email addresses: {shown}{more}. Nothing was sent.")
    if not pasted.valid:
        raise InviteError("Paste at least one email address.")
    if len(pasted.valid) > MAX_PASTED:
        raise InviteError(f"Paste at most {MAX_PASTED} addresses at a time, or upload a CSV file.")
    existing = invited_emails(campaign)
    new = [e for e in pasted.valid if e not in existing]
    created = [
        Invitation(campaign=campaign, kind=InvitationKind.EMAIL, email=e, team=team) for e in new
    ]
    db.session.add_all(created)
    db.session.commit()
    return InviteResult(created, [e for e in pasted.valid if e in existing])


def import_csv(campaign: Campaign, data: bytes) -> tuple[CsvReport, list[Invitation]]:
    """Store the valid rows of an ``email,team`` file; the report lists every rejected row.

    Raises :class:`~.csv_import.CsvFileError` when the file is unreadable (nothing stored).
    """
    _check_can_invite(campaign)
    teams = {team.name: team.id for team in campaign.teams}
    report = parse_csv(data, teams, invited_emails(campaign))
    created = [
        Invitation(
            campaign=campaign, kind=InvitationKind.EMAIL, email=row.email, team_id=row.team_id
        )
        for row in report.accepted
    ]
    db.session.add_all(created)
    db.session.commit()
    return report, created


def create_links(campaign: Campaign, count: int, team_id: int | None) -> list[Invitation]:
    """Anonymous single-use links the leader hands out (kind LINK, no email)."""
    _check_can_invite(campaign)
    team = _check_team(campaign, team_id)
    if not 1 <= count <= 500:
        raise InviteError("Create from 1 to 500 links at a time.")
    created = [
        Invitation(campaign=campaign, kind=InvitationKind.LINK, team=team) for _ in range(count)
    ]
    db.session.add_all(created)
    db.session.commit()
    return created


def enable_open_link(campaign: Campaign, cap: int | None) -> None:
    """Turn the open link on (a new token) or change its cap; None means no cap."""
    if cap is not None and cap < 1:
        raise InviteError("The cap must be at least 1, or left empty for no cap.")
    if campaign.open_link_token is None:
        campaign.open_link_token = secrets.token_urlsafe(24)
    campaign.open_link_cap = cap
    db.session.commit()


def disable_open_link(campaign: Campaign) -> None:
    """The old open link stops working for good; enabling again makes a new one."""
    campaign.open_link_token = None
    campaign.open_link_cap = None
    db.session.commit()


def open_link_completed(campaign: Campaign) -> int:
    return (
        db.session.scalar(
            select(func.count(Invitation.id)).where(
                Invitation.campaign_id == campaign.id,
                Invitation.kind == InvitationKind.OPEN,
                Invitation.status == InvitationStatus.COMPLETED,
            )
        )
        or 0
    )


def unsent_emails(campaign: Campaign) -> list[Invitation]:
    """Email invitations not yet mailed and not yet answered."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.campaign_id == campaign.id,
                Invitation.kind == InvitationKind.EMAIL,
                Invitation.emailed.is_(False),
                Invitation.status != InvitationStatus.COMPLETED,
            )
            .order_by(Invitation.id)
        )
    )


def send_invitations(
    campaign: Campaign, invitations: Sequence[Invitation], config: Mapping[str, Any], base_url: str
) -> MailReport | None:
    """Mail the invitations if SMTP is configured and the campaign is open; None otherwise.

    A draft's invitations wait: they are mailed when the campaign opens, so nobody gets a
    link that does not work yet.
    """
    if not mail_enabled(config) or campaign.status != CampaignStatus.OPEN:
        return None
    targets = [i for i in invitations if i.kind == InvitationKind.EMAIL and i.email]
    closes = campaign.closes_on.isoformat() if campaign.closes_on else ""
    messages = [
        build_message(
            config,
            i.email or "",
            invitation_url(base_url, i.token),
            campaign.title,
            campaign.company.name,
            closes,
        )
        for i in targets
    ]
    report = send_all(config, messages)
    sent = set(report.sent)
    for invitation in targets:
        if invitation.email in sent:
            invitation.emailed = True
    db.session.commit()
    return report
