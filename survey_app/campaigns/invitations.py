"""Invitation use cases: pasted emails, CSV import, anonymous links, the open link, mailing.

Storing invitations and mailing them are two steps on purpose: the invitations are committed
first, and their mail is queued (:mod:`.mail_jobs`), so an SMTP failure can never lose them;
it only leaves their mail marked failed, to retry.

Only a digest of each personal link is stored. A link's plaintext exists on the invitation
object that created it (``invitation.token``), for the response that shows or downloads it;
a mail carries a new link in place of the old one, made by the task that sends it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, insert, inspect, select

from ..extensions import db
from ..models import (
    Campaign,
    CampaignStatus,
    Invitation,
    InvitationKind,
    InvitationStatus,
    MailKind,
    Team,
)
from ..models._types import utcnow
from ..models.invitations import new_token, token_digest
from .csv_import import MAX_PASTED, CsvReport, parse_csv, parse_pasted
from .mail import mail_enabled
from .mail_jobs import queue_mail


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
        raise InviteError(_("This campaign is closed. Reopen it before inviting more people."))


def _check_team(campaign: Campaign, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    for team in campaign.teams:
        if team.id == team_id:
            return team
    raise InviteError(_("Choose one of the campaign's teams."))


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
        if len(pasted.invalid) > 10:
            raise InviteError(
                _(
                    "These are not valid email addresses: %(shown)s and %(more)s more. Nothing"
                    " was sent.",
                    shown=shown,
                    more=len(pasted.invalid) - 10,
                )
            )
        raise InviteError(
            _("These are not valid email addresses: %(shown)s. Nothing was sent.", shown=shown)
        )
    if not pasted.valid:
        raise InviteError(_("Paste at least one email address."))
    if len(pasted.valid) > MAX_PASTED:
        raise InviteError(
            _("Paste at most %(num)s addresses at a time, or upload a CSV file.", num=MAX_PASTED)
        )
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
    teams = {name: team_id for team_id, name in campaign.team_labels.items()}
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


def import_csv_to_mail(campaign: Campaign, data: bytes) -> tuple[CsvReport, list[int]]:
    """:func:`import_csv` when the links go by mail only, so none is shown: rows are stored
    in one multi-row INSERT, without an object each (10,000 rows return within the request's
    budget), each with a link nobody holds; the mail task gives each a new one. Returns the
    new invitations' ids."""
    _check_can_invite(campaign)
    teams = {name: team_id for team_id, name in campaign.team_labels.items()}
    report = parse_csv(data, teams, invited_emails(campaign))
    campaign_id, now = campaign.id, utcnow()
    rows = [
        {
            "campaign_id": campaign_id,
            "token_hash": token_digest(new_token()),
            "kind": InvitationKind.EMAIL,
            "email": row.email,
            "team_id": row.team_id,
            "created_at": now,
        }
        for row in report.accepted
    ]
    ids: list[int] = []
    if rows:
        # A plain executemany (no RETURNING, which makes the driver go row by row), then the
        # new ids by their shared creation time: one import holds one ``now``.
        db.session.execute(insert(Invitation.__table__), rows)
        ids = list(
            db.session.scalars(
                select(Invitation.id).where(
                    Invitation.campaign_id == campaign_id, Invitation.created_at == now
                )
            )
        )
    db.session.commit()
    return report, ids


def create_links(campaign: Campaign, count: int, team_id: int | None) -> list[Invitation]:
    """Anonymous single-use links the leader hands out (kind LINK, no email)."""
    _check_can_invite(campaign)
    team = _check_team(campaign, team_id)
    if not 1 <= count <= 500:
        raise InviteError(_("Create from 1 to 500 links at a time."))
    created = [
        Invitation(campaign=campaign, kind=InvitationKind.LINK, team=team) for _ in range(count)
    ]
    db.session.add_all(created)
    db.session.commit()
    return created


def enable_open_link(campaign: Campaign, cap: int | None) -> None:
    """Turn the open link on (a new token) or change its cap; None means no cap."""
    if cap is not None and cap < 1:
        raise InviteError(_("The cap must be at least 1, or left empty for no cap."))
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
    """Email invitations not yet mailed, not yet answered, and not yet started by someone who
    was given their link by hand (they hold a private link of their own by now)."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.campaign_id == campaign.id,
                Invitation.kind == InvitationKind.EMAIL,
                Invitation.emailed.is_(False),
                Invitation.status != InvitationStatus.COMPLETED,
                Invitation.private_link.is_(False),
            )
            .order_by(Invitation.id)
        )
    )


def queue_invitations(
    campaign: Campaign, invitations: Sequence[Invitation | int], base_url: str
) -> int | None:
    """Queue the invitation emails if mail is on and the campaign is open; None otherwise.

    A draft's invitations wait: they are mailed when the campaign opens, so nobody gets a
    link that does not work yet. Each mail carries a new link, made by the task that sends it
    (its plaintext is never stored): any copy of an earlier link stops working."""
    if not mail_enabled(current_app.config) or campaign.status != CampaignStatus.OPEN:
        return None
    # The ids from the identity map: the objects are expired by their commit, and loading
    # 10,000 of them again one by one would take longer than storing them did.
    ids = [i if isinstance(i, int) else inspect(i).identity[0] for i in invitations]
    return queue_mail(campaign, ids, MailKind.INVITATION, base_url)


def resend(campaign: Campaign, text: str, base_url: str) -> tuple[int, list[str]]:
    """Email each pasted address invited to ``campaign`` a new link in place of its old one.

    The leader never sees the new link, and the old one stops working when it is sent. Every
    invited address is treated alike, answered or not, so nothing here tells who has answered.
    Returns how many mails are queued and the addresses that are not invited to this campaign.
    """
    if not mail_enabled(current_app.config):
        raise InviteError(
            _(
                "Mail is not set up on this server, so a link cannot be sent again: links are "
                "shown only once, when they are created. Create a new anonymous link for the "
                "person instead."
            )
        )
    if campaign.status != CampaignStatus.OPEN:
        raise InviteError(_("Open the campaign first: links are sent again only while it is open."))
    pasted = parse_pasted(text)
    if pasted.invalid:
        shown = ", ".join(f"“{v[:60]}”" for v in pasted.invalid[:10])
        raise InviteError(
            _("These are not valid email addresses: %(shown)s. Nothing was sent.", shown=shown)
        )
    if not pasted.valid:
        raise InviteError(_("Enter the email address of at least one person invited."))
    if len(pasted.valid) > MAX_PASTED:
        raise InviteError(_("Enter at most %(num)s addresses at a time.", num=MAX_PASTED))
    wanted = set(pasted.valid)
    targets = [
        i
        for i in db.session.scalars(
            select(Invitation)
            .where(Invitation.campaign_id == campaign.id, Invitation.kind == InvitationKind.EMAIL)
            .order_by(Invitation.id)
        )
        if (i.email or "").lower() in wanted
    ]
    found = {(i.email or "").lower() for i in targets}
    queued = queue_invitations(campaign, targets, base_url) or 0
    return queued, [e for e in pasted.valid if e not in found]
