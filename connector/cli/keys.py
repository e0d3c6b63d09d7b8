"""``connector keys rotate``: re-encrypt the stored secrets with the newest key."""

from __future__ import annotations

import click

from connector.cli.common import app_context, fail


@click.group(help="The key that encrypts stored secrets (CONNECTOR_ENCRYPTION_KEY).")
def keys() -> None:
    pass


@keys.command(name="rotate", help="Re-encrypt every stored secret with the first key of "
                                  "CONNECTOR_ENCRYPTION_KEY (new key first, old keys after it, "
                                  "comma-separated). Afterwards the old keys are no longer "
                                  "needed. A secret no key can read changes nothing.")
def rotate() -> None:
    from connector.db import get_db
    from connector.keys import Unreadable, rotate_secrets

    with app_context() as app:
        settings = app.extensions["connector_settings"]
        try:
            counts = rotate_secrets(get_db())
        except Unreadable as exc:
            fail(str(exc))
    total = sum(counts.values())
    for where, count in counts.items():
        click.echo(f"{where}: {count} re-encrypted")
    click.echo(f"{total} secret(s) now encrypted with the first of "
               f"{len(settings.encryption_keys)} key(s); "
               + ("the others are no longer needed." if len(settings.encryption_keys) > 1
                  else "give the new key first and the old one after it to rotate."))
