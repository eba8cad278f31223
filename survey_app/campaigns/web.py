"""Small helpers shared by the campaign views (they need the request, so not in services)."""

from __future__ import annotations

from flask import current_app, flash, request

from ..models import Campaign
from ..text import plural
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
        f"{plural(queued, 'invitation email')} queued: they are sent in the background, and "
        "the invite page shows how far the sending has got.",
        "success",
    )
    flash_failures(campaign)


def flash_failures(campaign: Campaign) -> None:
    progress = mail_progress(campaign)
    if progress.failed:
        reasons = "; ".join(progress.reasons[:2])
        flash(
            f"{plural(progress.failed, 'email')} could not be sent ({reasons}). The invitations "
            "are saved, and the emails are retried: see the invite page.",
            "warning",
        )
