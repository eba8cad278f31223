"""Small helpers shared by the campaign views (they need the request, so not in services)."""

from __future__ import annotations

from flask import current_app, flash, request

from .mail import MailReport


def base_url() -> str:
    """Where respondents reach this app: PUBLIC_BASE_URL, else the address the leader used."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or request.host_url)


def flash_mail_report(report: MailReport | None) -> None:
    """Tell the leader what was mailed; a failure says the invitations are kept."""
    if report is None:
        return
    if report.sent:
        flash(f"{len(report.sent)} invitation emails sent.", "success")
    if report.failed:
        flash(
            f"{len(report.failed)} emails could not be sent ({report.error_summary}). "
            "The invitations are saved: copy their links below or use “Send unsent emails” later.",
            "warning",
        )
