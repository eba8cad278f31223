"""``flask --app survey_app session-deck <campaign-id> -o deck.pptx [--lang fr]``: a campaign's
deck on disk, in English or the language asked.

The deck of the campaign's latest strategy session, or, when it has none yet, of a session held
today with the default horizon and no one assigned (the agenda is the same data either way).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from sqlalchemy import select

from ..extensions import db
from ..i18n import DEFAULT, LANGUAGES, rendering_in
from ..models import Campaign, StrategySession
from ..reports.errors import ReportError


def _session_of(campaign: Campaign) -> StrategySession:
    latest = db.session.scalar(
        select(StrategySession)
        .where(StrategySession.campaign_id == campaign.id)
        .order_by(StrategySession.held_on.desc(), StrategySession.id.desc())
        .limit(1)
    )
    if latest is not None:
        return latest
    # Never added to the database session: nothing is stored by writing a deck.
    return StrategySession(
        organization_id=campaign.organization_id,
        company=campaign.company,
        company_id=campaign.company_id,
        campaign=campaign,
        campaign_id=campaign.id,
        held_on=date.today(),
        horizon_from=2,
        horizon_to=3,
        attendees=[],
        decisions=[],
    )


@click.command("session-deck")
@click.argument("campaign_id", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the PPTX.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(list(LANGUAGES)),
    default=DEFAULT,
    show_default=True,
    help="The deck's language.",
)
def session_deck_command(campaign_id: int, output: Path, language: str) -> None:
    """Write the strategy-session deck (PPTX) of a campaign (no organisation scope)."""
    from .agenda import build_agenda
    from .deck import render_deck

    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise click.ClickException(f"No campaign with id {campaign_id}.")
    session = _session_of(campaign)
    try:
        with rendering_in(language):
            body = render_deck(build_agenda(session, date.today()))
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if session.id is None:
            db.session.expunge_all()  # the unsaved session must never be flushed
    output.write_bytes(body)
    click.echo(f"Wrote {output} ({len(body) // 1024} KB).")


COMMANDS = (session_deck_command,)
