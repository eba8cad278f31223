"""Command-line interface: ``flask --app survey_app <command>`` or ``survey-app <command>``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from .auth.services import AccountError, create_user, get_or_create_organization
from .extensions import db
from .models import Role


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade()
    click.echo("Database is up to date.")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.LEADER.value)
@click.option("--organization", "org_name", default="My organisation", show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Prompted for when not given.",
)
def create_user_command(email: str, name: str, role: str, org_name: str, password: str) -> None:
    """Create a user who can sign in (the organisation is created if it does not exist)."""
    org = get_or_create_organization(org_name)
    try:
        user = create_user(org, email, name, password, Role(role))
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role.value} {user.email} in {org.name}.")


@click.command("demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when an organisation already exists.")
def demo_command(base_url: str, if_empty: bool) -> None:
    """Load demo data and print the logins and an unused invitation link."""
    from .demo import load_demo

    summary = load_demo(base_url=base_url.rstrip("/"), only_if_empty=if_empty)
    click.echo(summary)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path: Path, force: bool) -> None:
    """Copy the live SQLite database to PATH (online, consistent; PostgreSQL: use pg_dump)."""
    from .backup import BackupError, backup_sqlite

    try:
        result = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path, overwrite=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Backed up {result.source} to {result.target} "
        f"({result.tables} tables, {result.size_bytes / 1e6:.1f} MB, integrity ok)."
    )


def register(app: Flask) -> None:
    from .reports.cli import COMMANDS as REPORT_COMMANDS
    from .strategy_sessions.cli import COMMANDS as SESSION_COMMANDS

    for command in (
        init_db_command,
        create_user_command,
        demo_command,
        backup_command,
        *REPORT_COMMANDS,
        *SESSION_COMMANDS,
    ):
        app.cli.add_command(command)


def main() -> None:
    """The ``survey-app`` console script."""
    from . import create_app

    cli = FlaskGroup(create_app=create_app)
    sys.exit(cli.main())
