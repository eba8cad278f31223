"""``flask prune-audit``, ``flask prune-responses`` and ``flask response-retention``."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Organization
from ..models._types import utcnow
from . import actions, retention
from .service import record


@click.command("prune-audit")
@click.option("--days", type=click.IntRange(min=1), help="Default: AUDIT_RETENTION_DAYS (400).")
def prune_audit_command(days: int | None) -> None:
    """Delete audit log entries older than the retention period."""
    keep = days or int(current_app.config["AUDIT_RETENTION_DAYS"])
    gone = retention.prune_audit(utcnow(), keep)
    click.echo(f"Deleted {gone} audit log entries older than {keep} days.")


@click.command("prune-responses")
def prune_responses_command() -> None:
    """Delete the responses of campaigns closed longer ago than their organisation keeps
    them (off unless set with response-retention); the tallies, and so the reports, stay."""
    pruned = retention.prune_responses(utcnow().date())
    for p in pruned:
        click.echo(f"{p.title}: deleted {p.responses} responses and {p.drafts} drafts.")
    click.echo(f"Pruned {len(pruned)} campaigns.")


@click.command("response-retention")
@click.argument("organization")
@click.argument("months")
def response_retention_command(organization: str, months: str) -> None:
    """Keep ORGANIZATION's responses for MONTHS months after a campaign closes ('off': for
    ever, the default)."""
    org = db.session.scalar(select(Organization).where(Organization.name == organization))
    if org is None:
        raise click.ClickException(f"No organisation is called {organization!r}.")
    if months.lower() == "off":
        value = None
    elif months.isdigit() and 1 <= int(months) <= 1200:
        value = int(months)
    else:
        raise click.ClickException("MONTHS is a whole number from 1 to 1200, or 'off'.")
    org.response_retention_months = value
    record(
        actions.SETTINGS_CHANGE,
        org,
        organization_id=org.id,
        details=f"response retention: {f'{value} months' if value else 'off'}",
    )
    db.session.commit()
    kept = f"{value} months after closing" if value else "for ever"
    click.echo(f"{org.name}: responses kept {kept}.")


COMMANDS = (prune_audit_command, prune_responses_command, response_retention_command)
