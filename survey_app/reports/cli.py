"""``flask --app survey_app report`` and ``company-report``: a report PDF written to a file."""

from __future__ import annotations

from pathlib import Path

import click

from ..extensions import db
from ..i18n import DEFAULT, LANGUAGES
from ..models import Campaign, Company
from .errors import ReportError

PAPERS = ("a4", "letter")

_paper = click.option(
    "--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="Paper size."
)
_output = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="Where to write the PDF.",
)  # fmt: skip


def _write(content: object, output: Path, paper: str) -> None:
    from .document import render_pdf

    try:
        pdf = render_pdf(content, paper)  # type: ignore[arg-type]
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KB).")


_language = click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default=DEFAULT, show_default=True,
    help="The report's language.",
)  # fmt: skip


@click.command("report")
@click.argument("campaign_id", type=int)
@_output
@_paper
@_language
def report_command(campaign_id: int, output: Path, paper: str, language: str) -> None:
    """Render the PDF report of a campaign (the command line has no organisation scope)."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise click.ClickException(f"No campaign with id {campaign_id}.")
    from .campaign import campaign_report

    _write(campaign_report(campaign, language=language), output, paper)


@click.command("company-report")
@click.argument("company_id", type=int)
@_output
@_paper
@_language
def company_report_command(company_id: int, output: Path, paper: str, language: str) -> None:
    """Render the PDF of a company's trends across its waves."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise click.ClickException(f"No company with id {company_id}.")
    from .company import company_report

    _write(company_report(company, language=language), output, paper)


COMMANDS = (report_command, company_report_command)
