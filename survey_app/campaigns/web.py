"""Small helpers shared by the campaign views (they need the request, so not in services)."""

from __future__ import annotations

from flask import current_app, flash, request
from flask_babel import ngettext

from ..models import Campaign
from ..text import page_number
from .mail_status import mail_progress


def base_url() -> str:
    """Where respondents reach this app: PUBLIC_BASE_URL, else the address the leader used."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or request.host_url)


def flash_queued(campaign: Campaign, queued: int | None) -> None:
    """Tell the leader what was queued, and any failure known already (a mail server that
    refused, in tests where the queue runs inline, or from an earlier sending)."""
    if not queued:
        return
    flash(
        ngettext(
            "%(count)s invitation email queued: they are sent in the background, and the invite"
            " page shows how far the sending has got.",
            "%(count)s invitation emails queued: they are sent in the background, and the invite"
            " page shows how far the sending has got.",
            queued,
            count=page_number(queued),
        ),
        "success",
    )
    flash_failures(campaign)


def flash_failures(campaign: Campaign) -> None:
    progress = mail_progress(campaign)
    if progress.failed:
        reasons = "; ".join(progress.reasons[:2])
        flash(
            ngettext(
                "%(count)s email could not be sent (%(reasons)s). The invitations are saved, and"
                " the emails are retried: see the invite page.",
                "%(count)s emails could not be sent (%(reasons)s). The invitations are saved, and"
                " the emails are retried: see the invite page.",
                progress.failed,
                count=page_number(progress.failed),
                reasons=reasons,
            ),
            "warning",
        )
