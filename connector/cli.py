"""The ``connector`` command: serve, migrate, manage stores, run the sandboxes.

Bad settings or input print one clear line and exit with code 2; nothing is written.
"""

from __future__ import annotations

import importlib
import json
import sys
from contextlib import contextmanager

import click
from marshmallow import ValidationError

from connector.config import ConfigError

USAGE_ERROR = 2


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


def build_app(**config):
    from connector import create_app

    try:
        return create_app(config or None)
    except ConfigError as exc:
        fail(str(exc))


@contextmanager
def app_context(**config):
    """The app for one command, with its database connections closed at the end."""
    app = build_app(**config)
    try:
        with app.app_context():
            yield app
    finally:
        app.extensions["connector_db"].dispose()


def field_errors(errors: dict, prefix: str = "") -> list[str]:
    """Flatten marshmallow's messages into ``field: message`` lines."""
    lines: list[str] = []
    for field, messages in errors.items():
        name = f"{prefix}{field}"
        if isinstance(messages, dict):
            lines.extend(field_errors(messages, f"{name}."))
        else:
            lines.extend(f"{name}: {m}" for m in messages)
    return lines


class LazyGroup(click.Group):
    """Sub-commands imported on first use, so a sandbox's imports cost nothing otherwise."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, attr = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, help="Amazon Orders for Adobe Commerce.",
             lazy={"map": "connector.map_cli:command",
                   "admin-url": "connector.web.admin.cli:admin_url",
                   "resync": "connector.web.api.cli:resync"})
def main() -> None:
    pass


@main.command(help="Run the web app (and the scheduler unless CONNECTOR_SCHEDULER=off). With "
                   "nothing configured and no store (or CONNECTOR_SANDBOX=on) it runs as a "
                   "demo, with stand-ins for Amazon and Commerce on the same port, on "
                   "127.0.0.1 only.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30; 5 in sandbox mode).")
def serve(host: str, port: int, tick: int | None) -> None:
    app = build_app()
    from connector import db, demo

    settings = app.extensions["connector_settings"]
    db.upgrade(settings.database_url)
    if demo.wanted(settings):
        app.extensions["connector_db"].dispose()
        demo.serve(settings, host, port, tick)
        return
    scheduler = start_scheduler(app, tick) if settings.scheduler else None
    click.echo(f"Serving on http://{host}:{port}/  (health: http://{host}:{port}/health)")
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def start_scheduler(app, tick_seconds: int | None = None):
    from connector.orders import lifecycle_for
    from jobs.scheduler import TICK_SECONDS, build_scheduler

    scheduler = build_scheduler(lifecycle_for(app), tick_seconds=tick_seconds or TICK_SECONDS)
    scheduler.start()
    click.echo("Scheduler started (sync, shipments, completion, retention, resyncs).")
    return scheduler


@main.command(help="Run the scheduled jobs alone (for deployments serving the web app with "
                   "gunicorn).")
@click.option("--tick", type=click.IntRange(1, 3600), default=None,
              help="Seconds between checks for due stores (default 30).")
def scheduler(tick: int | None) -> None:
    import signal
    import threading

    app = build_app()
    from connector import db

    db.upgrade(app.extensions["connector_settings"].database_url)
    running = start_scheduler(app, tick)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    running.shutdown(wait=True)
    app.extensions["connector_db"].dispose()


@main.group(name="db", help="Database migrations.")
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


@main.group(help="Amazon stores (seller accounts).")
def stores() -> None:
    pass


@stores.command(name="add", help="Connect an Amazon seller account to Commerce.")
@click.option("--name", required=True)
@click.option("--region", required=True, help="NA, EU or FE.")
@click.option("--marketplace", "marketplace_ids", multiple=True, required=True,
              help="Marketplace id; repeat for several.")
@click.option("--seller-id", required=True)
@click.option("--lwa-client-id", required=True)
@click.option("--lwa-client-secret", required=True, envvar="CONNECTOR_LWA_CLIENT_SECRET",
              help="Or set CONNECTOR_LWA_CLIENT_SECRET.")
@click.option("--refresh-token", required=True, envvar="CONNECTOR_LWA_REFRESH_TOKEN",
              help="Or set CONNECTOR_LWA_REFRESH_TOKEN.")
@click.option("--amazon-api", default="v2026", show_default=True, help="v2026 or v0.")
@click.option("--amazon-endpoint", default=None, help="Override the SP-API base URL.")
@click.option("--amazon-lwa-url", default=None, help="Override the LWA token URL.")
@click.option("--commerce-url", required=True, help="Base URL of the Commerce instance.")
@click.option("--commerce-store-code", default="default", show_default=True)
@click.option("--commerce-website", default=None)
@click.option("--commerce-token", default=None, envvar="CONNECTOR_COMMERCE_TOKEN",
              help="Integration access token (or CONNECTOR_COMMERCE_TOKEN).")
@click.option("--commerce-consumer-key", default=None)
@click.option("--commerce-consumer-secret", default=None)
@click.option("--commerce-access-token", default=None)
@click.option("--commerce-access-token-secret", default=None)
@click.option("--integration-time", default=None,
              help="ISO-8601 time; orders placed before it are never imported (default: now).")
@click.option("--inactive", is_flag=True, help="Add the store paused.")
def stores_add(inactive: bool, marketplace_ids: tuple[str, ...], **options) -> None:
    payload = {k: v for k, v in options.items() if v is not None}
    payload["marketplace_ids"] = list(marketplace_ids)
    payload["status"] = "Inactive" if inactive else "Active"
    from connector.db import get_db
    from connector.stores import add_store, describe

    with app_context():
        try:
            with get_db().session() as session:
                store = add_store(session, payload)
                shown = describe(store)
        except ValidationError as exc:
            for line in field_errors(exc.messages):
                click.echo(f"error: {line}", err=True)
            sys.exit(USAGE_ERROR)
    click.echo(f"added store {shown['id']}: {shown['name']}")


@stores.command(name="list", help="List stores.")
@click.option("--json", "as_json", is_flag=True)
def stores_list(as_json: bool) -> None:
    from sqlalchemy import select

    from connector.db import get_db
    from connector.models import Store
    from connector.stores import describe

    with app_context(), get_db().session() as session:
        rows = [describe(s) for s in session.scalars(select(Store).order_by(Store.id))]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no stores yet: add one with `connector stores add`")
    for row in rows:
        click.echo(f"{row['id']:>4}  {row['name']:<30} {row['region']}  {row['status']:<8} "
                   f"{','.join(row['marketplace_ids'])}")


@stores.command(name="show", help="Show one store (secrets are never shown).")
@click.argument("store_id", type=int)
def stores_show(store_id: int) -> None:
    from connector.db import get_db
    from connector.models import Store
    from connector.stores import describe

    with app_context(), get_db().session() as session:
        store = session.get(Store, store_id)
        shown = describe(store) if store is not None else None
    if shown is None:
        fail(f"no store with id {store_id}")
    click.echo(json.dumps(shown, indent=2))


@main.group(cls=LazyGroup, help="Local stand-ins for Amazon and Commerce.",
            lazy={"amazon": "connector.sandbox.amazon:command",
                  "commerce": "connector.sandbox.commerce:command"})
def sandbox() -> None:
    pass


if __name__ == "__main__":
    main()
