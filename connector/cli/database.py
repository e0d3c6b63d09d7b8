"""``connector db upgrade|downgrade``: the database migrations."""

from __future__ import annotations

import click

from connector.cli.common import app_context


@click.group(name="db", help="Database migrations.")
def db_group() -> None:
    pass


@db_group.command(help="Apply every migration not applied yet.")
def upgrade() -> None:
    from connector import db

    with app_context() as app:
        db.upgrade(app.extensions["connector_settings"].database_url)
    click.echo("database is up to date")


@db_group.command(help="Revert migrations down to REVISION (default: base, i.e. empty).")
@click.argument("revision", default="base")
def downgrade(revision: str) -> None:
    from connector import db

    with app_context() as app:
        db.downgrade(app.extensions["connector_settings"].database_url, revision)
    click.echo(f"database downgraded to {revision}")
