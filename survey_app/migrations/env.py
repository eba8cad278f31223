"""Alembic environment: the app's engine and metadata, batch mode for SQLite."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
engine = migrate_ext.db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)
target_metadata = migrate_ext.db.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def process_revision_directives(context, revision, directives):  # noqa: ARG001
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(migrate_ext.configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, target_metadata=target_metadata, **conf_args)
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration left rows without their parent: {broken}")
                if connection.in_transaction():
                    connection.commit()
        finally:
            if sqlite:
                if connection.in_transaction():
                    connection.rollback()
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """Foreign keys off while migrations run on SQLite, and on again after.

    Batch mode rebuilds a table (a copy, then DROP and RENAME), and dropping a parent table
    with foreign keys on deletes its children's rows through ON DELETE CASCADE: rebuilding
    ``invitations`` deleted every draft. The PRAGMA works only outside a transaction, so it
    goes straight to the driver before anything begins (the app's connections run
    pysqlite without implicit transactions); ``foreign_key_check`` then proves nothing broke.
    """
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
