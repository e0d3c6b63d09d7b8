"""``connector stores add|list|show``: connect an Amazon seller account; see the stores."""

from __future__ import annotations

import json

import click
from marshmallow import ValidationError

from connector.cli.common import app_context, exit_with_field_errors, fail
from connector.domain import StoreStatus


@click.group(help="Amazon stores (seller accounts).")
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
    from connector.db import get_db
    from connector.stores import add_store, describe

    payload = {k: v for k, v in options.items() if v is not None}
    payload["marketplace_ids"] = list(marketplace_ids)
    payload["status"] = StoreStatus.INACTIVE if inactive else StoreStatus.ACTIVE
    with app_context():
        try:
            with get_db().session() as session:
                shown = describe(add_store(session, payload))
        except ValidationError as exc:
            exit_with_field_errors(exc.messages)
    click.echo(f"added store {shown['id']}: {shown['name']}")


@stores.command(name="list", help="List stores.")
@click.option("--json", "as_json", is_flag=True)
def stores_list(as_json: bool) -> None:
    from connector.db import get_db
    from connector.stores import all_stores, describe

    with app_context(), get_db().session() as session:
        rows = [describe(s) for s in all_stores(session)]
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


@stores.command(name="check", help="Check a store's connection (all stores without ID): Amazon "
                                   "sign-in, each marketplace, Commerce sign-in, the store view, "
                                   "the payment and shipping methods. Exit code 0 only when every "
                                   "check passes.")
@click.argument("store_id", type=int, required=False)
def stores_check(store_id: int | None) -> None:
    import sys

    from connector.orders import (
        check_connection,
        find_store,
        reading,
        services_for,
        stores_by_id,
    )

    failed = False
    with app_context() as app:
        services = services_for(app)
        with reading(services) as session:
            if store_id is not None:
                store = find_store(session, store_id)
                if store is None:
                    fail(f"no store with id {store_id}")
                chosen = [store]
            else:
                chosen = stores_by_id(session)
            if not chosen:
                fail("no stores yet: add one with `connector stores add`")
            for store in chosen:
                click.echo(f"store {store.id}: {store.name}")
                for check in check_connection(services, store):
                    failed |= not check.ok
                    click.echo(f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}: "
                               f"{check.message}")
    sys.exit(1 if failed else 0)
