"""Sandbox mode: ``connector serve`` (and so ``make run``) as a demo that works with nothing
configured.

When ``CONNECTOR_SANDBOX`` is ``on``, or ``auto`` (the default) with nothing configured (the
default instance folder, no database URL, key or secret set, no store in the database), the
Amazon and Commerce sandboxes are mounted in the same process and on the same port
(``/sandbox/amazon/``, ``/sandbox/commerce/``), and a demo store connected to them is seeded
with a catalogue and Amazon orders in several states. The demo keeps its data in its own
SQLite file (``<instance>/sandbox.db``), recreated at every start because the sandboxes keep
theirs in memory; the real database is never touched.

The demo hands out an API key and signed admin links without asking anyone, so it never uses
the configured ones: it makes a throwaway API key, admin token secret and session key at
every start (``<instance>/sandbox-keys.json``), answers on loopback only, and puts
``DemoGuard`` in front of everything (Host header, origin and JSON-only checks).

The Amazon sandbox stamps every change ``BACKDATE_MINUTES`` in the past: Amazon's
searchOrders only returns changes older than two minutes, so without it a change would show
only on the second sync after it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import Flask, redirect, render_template_string
from sqlalchemy import create_engine, func, select
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from connector.config import DEFAULT_INSTANCE, Settings
from connector.sandbox.demo_guard import DemoGuard, is_loopback

BACKDATE_MINUTES = 3
#: The demo's SQS queue (on moto's server) for ORDER_CHANGE notifications.
SQS_REGION, SQS_ACCOUNT, SQS_QUEUE = "us-east-1", "123456789012", "amazon-orders-demo"
TICK_SECONDS = 5  # the scheduler's tick in sandbox mode (sync is due every minute)
SYNC_MINUTES = 1
#: Shipments are confirmed and shipped orders completed on every tick, so an order shipped in
#: the Commerce sandbox is Completed at the first sync after its confirmation.
DEMO_CADENCE = {"shipments_every": 1, "completion_every": 1}


def completion_bound(tick_seconds: int = TICK_SECONDS) -> int:
    """At most how many seconds from Ship (in the Commerce sandbox) to Completed: a tick until
    the shipment is confirmed, then the next sync, due a minute after the last one and run on
    a tick, completes it in the same run."""
    confirm = tick_seconds * DEMO_CADENCE["shipments_every"]
    next_sync = SYNC_MINUTES * 60 + tick_seconds
    complete = tick_seconds * (DEMO_CADENCE["completion_every"] - 1)
    return confirm + next_sync + complete
AMAZON_TIME_SCALE = 60.0  # rate limits refill 60x faster: frequent demo syncs never throttle
FEED_SECONDS = 20.0  # how long the demo's Amazon takes to process a feed
STORE_NAME = "Sandbox US"
COMMERCE_TOKEN = "sandbox-token"
AMAZON_PREFIX, COMMERCE_PREFIX = "/sandbox/amazon", "/sandbox/commerce"

#: The Commerce catalogue: the demo catalogue, except that one product is disabled, one is out
#: of stock, and one Amazon SKU has no Commerce product at all.
DISABLED_SKU = "LED-DESK-LAMP"
OUT_OF_STOCK_SKU = "BACKPACK-20L"
AMAZON_ONLY_SKU = "SOCKS-MERINO-3"


@dataclass(frozen=True)
class SeedOrder:
    order_id: str
    lines: tuple[tuple[str, int], ...]
    status: str
    fulfilled_by: str
    buyer: str
    hours_ago: float


SEED_ORDERS = (
    SeedOrder("113-0000001-0000001", (("MUG-STONE-350", 2),), "PENDING", "MERCHANT",
              "Priya Natarajan", 0.5),
    SeedOrder("113-0000002-0000002", (("TEA-EARLGREY-250", 1), ("MATCHA-TIN-40", 1)),
              "PENDING", "MERCHANT", "James Wilson", 1),
    SeedOrder("113-0000003-0000003", (("OAK-SHELF-90", 1), ("BRACKET-SET-4", 1)),
              "UNSHIPPED", "MERCHANT", "Sofia Rossi", 2),
    SeedOrder("113-0000004-0000004", (("KETTLE-GOOSE-1L", 1),), "UNSHIPPED", "MERCHANT",
              "Lukas Müller", 3),
    SeedOrder("113-0000005-0000005", (("YOGA-MAT-6MM", 1),), "SHIPPED", "AMAZON",
              "Emma Smith", 5),
    SeedOrder("113-0000006-0000006", (("NOTEBOOK-A5-DOT", 3),), "CANCELLED", "MERCHANT",
              "Noah Brown", 6),
    SeedOrder("113-0000007-0000007", ((AMAZON_ONLY_SKU, 1),), "UNSHIPPED", "MERCHANT",
              "Olivia Martin", 4),
)


def commerce_products() -> list[dict]:
    from connector.sandbox.amazon.catalog import DEFAULT_CATALOG

    products = []
    for sku, (title, price) in DEFAULT_CATALOG.items():
        if sku == AMAZON_ONLY_SKU:
            continue
        products.append({"sku": sku, "name": title, "price": float(price),
                         "qty": 0 if sku == OUT_OF_STOCK_SKU else 100,
                         "status": 2 if sku == DISABLED_SKU else 1})
    return products


def wanted(settings: Settings) -> bool:
    """Sandbox mode or not: ``on``/``off``, or ``auto``: nothing configured (the default
    instance folder, none of the deployment settings) and no store in the database."""
    if settings.sandbox != "auto":
        return settings.sandbox == "on"
    if not settings.default_instance or settings.deployment_settings:
        return False
    from connector import db
    from connector.models import Store

    db.upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return not conn.scalar(select(func.count()).select_from(Store))
    finally:
        engine.dispose()


def why(settings: Settings) -> str:
    """What the console says about why this is the demo."""
    if settings.sandbox == "on":
        return "CONNECTOR_SANDBOX=on"
    return (f"CONNECTOR_SANDBOX=auto, the instance folder is the default {DEFAULT_INSTANCE}, "
            "no database URL, key or secret is set, and the database has no store")


@dataclass(frozen=True)
class DemoKeys:
    """The demo's own keys, new at every start: never the configured ones, so nothing the
    demo hands out opens a real deployment sharing its instance folder."""

    api_key: str
    admin_jwt_secret: str
    session_key: str


def throwaway_keys(instance: Path) -> DemoKeys:
    keys = DemoKeys(api_key=secrets.token_urlsafe(24), admin_jwt_secret=secrets.token_urlsafe(48),
                    session_key=secrets.token_urlsafe(32))
    path = instance / "sandbox-keys.json"
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "w") as file:
        json.dump(asdict(keys), file, indent=2)
    return keys


def _fresh_database(instance: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{instance / 'sandbox.db'}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{instance / 'sandbox.db'}"


@dataclass
class Demo:
    wsgi: object
    app: Flask
    base_url: str
    api_key: str
    admin_secret: str
    store_id: int
    #: The demo's SQS (moto's server) and the queue Amazon's notifications go to; None when
    #: moto is not installed (the demo then polls only).
    sqs: DemoSqs | None = None

    def close(self) -> None:
        if self.sqs is not None:
            self.sqs.server.stop()
        self.app.extensions["connector_db"].dispose()


@dataclass
class DemoSqs:
    server: object
    url: str
    queue_arn: str

    def client(self, region: str = SQS_REGION):
        import boto3

        return boto3.client("sqs", region_name=region, endpoint_url=self.url,
                            aws_access_key_id="demo", aws_secret_access_key="demo")


def start_sqs() -> DemoSqs | None:
    """moto's SQS server on a free loopback port, with the queue Amazon sends to (its policy
    lets Amazon send, as a real one must). None without moto (``pip install -e '.[demo]'``)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        return None
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    arn = f"arn:aws:sqs:{SQS_REGION}:{SQS_ACCOUNT}:{SQS_QUEUE}"
    sqs = DemoSqs(server, f"http://{host}:{port}", arn)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::437568002678:root"},
        "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes"], "Resource": arn}]}
    sqs.client().create_queue(QueueName=SQS_QUEUE, Attributes={
        "Policy": json.dumps(policy), "VisibilityTimeout": "30"})
    return sqs


def subscribe(demo: Demo) -> bool:
    """Set the demo store up for notifications, as ``connector notifications setup`` does
    (the Amazon sandbox must be answering). Whether notifications are on."""
    from connector.orders import NotificationsRefused, services_for, setup_notifications

    if demo.sqs is None:
        return False
    try:
        setup_notifications(services_for(demo.app), demo.store_id, demo.sqs.queue_arn)
    except NotificationsRefused as refused:
        click.echo(f"Notifications are off: {refused.message}")
        return False
    return True


def _subscribe_when_up(demo: Demo) -> None:
    import time

    import requests

    for _ in range(100):
        try:
            requests.get(f"{demo.base_url}/health", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    if subscribe(demo):
        click.echo("Notifications on: orders changed on the Amazon sandbox reach the connector "
                   "within seconds (ORDER_CHANGE through SQS); the sync runs every "
                   "15 minutes as the safety net.")


def seed_amazon(amazon_app: Flask, now: datetime) -> None:
    from connector.sandbox.amazon.catalog import DEFAULT_CATALOG, build_order

    book = amazon_app.extensions["amazon_sandbox"].book
    for seed in SEED_ORDERS:
        created = now - timedelta(hours=seed.hours_ago)
        book.add(build_order(seed.order_id, list(seed.lines), DEFAULT_CATALOG, created=created,
                             updated=created + timedelta(minutes=10), status=seed.status,
                             fulfilled_by=seed.fulfilled_by, buyer=seed.buyer))


SELLER_ID = "A1SANDBOXSELLER"


def connect_store(app: Flask, base_url: str, now: datetime) -> int:
    from connector.models import OrderSettings
    from connector.stores import add_store

    with app.extensions["connector_db"].session() as session:
        store = add_store(session, {
            "name": STORE_NAME, "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
            "seller_id": SELLER_ID, "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "amazon_endpoint": f"{base_url}{AMAZON_PREFIX}",
            "amazon_lwa_url": f"{base_url}{AMAZON_PREFIX}/auth/o2/token",
            "commerce_url": f"{base_url}{COMMERCE_PREFIX}", "commerce_token": COMMERCE_TOKEN,
            "integration_time": (now - timedelta(days=1)).isoformat()})
        session.flush()
        session.get(OrderSettings, store.id).sync_interval_minutes = SYNC_MINUTES
        return store.id


INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox</title>
<style>body{font-family:sans-serif;margin:2em}
.badge{background:#b45309;color:#fff;padding:.15em .5em;border-radius:.3em;font-size:.8em}
</style></head><body><h1>Amazon Orders for Adobe Commerce <span class="badge">Sandbox</span>
</h1><p>A demo with stand-ins for Amazon and Commerce; its data is recreated at every start.</p>
<ul><li><a href="amazon/">Amazon sandbox</a>: place orders, move them along, ask to cancel as
a buyer, see the feeds the connector sent</li>
<li><a href="commerce/">Commerce sandbox</a>: see the Commerce orders, ship them</li>
<li><a href="admin">Admin pages</a> (opens them with a fresh signed token)</li>
<li><a href="../api/openapi.json">Integrator API</a> (key: <code>{{ api_key }}</code>)</li>
<li><a href="../health/ready">Readiness</a></li></ul></body></html>
"""


def offer_add_store(app: Flask, amazon: Flask, port: int) -> None:
    """Add store in the demo: the connector's SP-API application is the Amazon sandbox's
    (redirect URIs registered for both loopback names), and stores added there talk to the
    Amazon sandbox. The Commerce sandbox's Integrations page does the Commerce side."""
    from connector.orders import SpApiApp
    from connector.sandbox.amazon.consent import APP_ID

    base_url = f"http://127.0.0.1:{port}"
    amazon_url = f"{base_url}{AMAZON_PREFIX}"
    app.extensions["connector_spapi_app"] = SpApiApp(
        APP_ID, "sandbox-client", "sandbox-secret", consent_base=amazon_url,
        lwa_url=f"{amazon_url}/auth/o2/token")
    app.extensions["connector_amazon_endpoints"] = {
        "amazon_endpoint": amazon_url, "amazon_lwa_url": f"{amazon_url}/auth/o2/token"}
    amazon.extensions["amazon_sandbox_consent"].redirect_uris = [
        f"http://{name}:{port}/integrations/amazon/callback"
        for name in ("127.0.0.1", "localhost")]


def index_app(api_key: str, admin_secret: str) -> Flask:
    """``/sandbox/``: links to everything, and a way into the admin pages at any time (a
    signed token lives five minutes and is used once)."""
    from connector.web.admin_token import mint

    index = Flask(__name__)

    @index.get("/")
    def home():
        return render_template_string(INDEX, api_key=api_key)

    @index.get("/admin")
    def admin():
        return redirect(f"../admin/?token={mint(admin_secret, 'demo')}", code=303)

    return index


def build(settings: Settings, port: int) -> Demo:
    """The combined WSGI app with the demo seeded; the store's URLs point at ``port``."""
    from connector import create_app, db
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.amazon.catalog import DEFAULT_CATALOG
    from connector.sandbox.commerce import create_commerce_sandbox

    instance = settings.instance_path
    keys = throwaway_keys(instance)
    api_key, admin_secret = keys.api_key, keys.admin_jwt_secret
    database_url = _fresh_database(instance)
    app = create_app({"instance_path": str(instance), "database_url": database_url,
                      "admin_jwt_secret": admin_secret, "api_keys": api_key,
                      "secret_key": keys.session_key})
    db.upgrade(database_url)
    base_url = f"http://127.0.0.1:{port}"
    now = datetime.now(UTC)
    sqs = start_sqs()
    amazon = create_amazon_sandbox(samples=False, backdate_minutes=BACKDATE_MINUTES,
                                   time_scale=AMAZON_TIME_SCALE, catalog=DEFAULT_CATALOG,
                                   feed_seconds=FEED_SECONDS, seller_id=SELLER_ID,
                                   sqs=sqs.client if sqs else None)
    if sqs is not None:
        from connector.notifications import OrderChangeQueue
        from connector.orders import services_for

        services_for(app).queue_factory = lambda arn: OrderChangeQueue(arn,
                                                                       client=sqs.client())
    commerce = create_commerce_sandbox(token=COMMERCE_TOKEN, products=commerce_products())
    seed_amazon(amazon, now)
    store_id = connect_store(app, base_url, now)
    offer_add_store(app, amazon, port)
    wsgi = DemoGuard(DispatcherMiddleware(app, {
        AMAZON_PREFIX: amazon, COMMERCE_PREFIX: commerce,
        "/sandbox": index_app(api_key, admin_secret)}))
    return Demo(wsgi, app, base_url, api_key, admin_secret, store_id, sqs)


class QuietMotoPolls(logging.Filter):
    """Moto's SQS server logs each of the scheduler's long polls; the console keeps a person's
    own requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        return '"POST / HTTP/1.1"' not in record.getMessage()


def serve(settings: Settings, host: str, port: int, tick: int | None) -> None:
    """Build the demo, say where everything is, run the scheduler and serve until stopped."""
    from connector import serving
    from connector.orders import services_for
    from connector.web.admin_token import mint
    from jobs import scheduler as jobs

    if not is_loopback(host):
        click.echo(f"Sandbox mode answers on this machine only: serving on 127.0.0.1, not "
                   f"{host}.")
        host = "127.0.0.1"
    demo = build(settings, port)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    for line in (
        "Sandbox mode: a demo with stand-ins for Amazon and Commerce.",
        f"  Why:              {why(settings)}.",
        "  To serve for real: add a store (`connector stores add ...`), or set "
        "CONNECTOR_SANDBOX=off; then restart.",
        "  The demo uses its own throwaway API key, admin token secret and session key, never "
        "the configured ones, and answers on this machine only.",
        f"  Demo data:        {settings.instance_path / 'sandbox.db'} (recreated at every "
        "start)",
        f"  Amazon sandbox:   {url}{AMAZON_PREFIX}/  place orders, move them along, ask to "
        "cancel as a buyer",
        f"  Commerce sandbox: {url}{COMMERCE_PREFIX}/  see the orders, ship them",
        f"  Admin pages:      {url}/admin/?token={mint(demo.admin_secret, 'demo')}",
        f"                    (that link works once, for 5 minutes; {url}/sandbox/admin opens "
        "them any time)",
        f"  Integrator API:   {url}/api/v1/stores  (Authorization: Bearer {demo.api_key}; "
        f"OpenAPI: {url}/api/openapi.json)",
        f"  Health:           {url}/health/ready",
        f"  Orders sync every {SYNC_MINUTES} minute; Amazon changes are stamped "
        f"{BACKDATE_MINUTES} minutes in the past so the next sync sees them. An order shipped "
        f"in the Commerce sandbox is Completed at most {completion_bound(tick or TICK_SECONDS)} "
        "s later.",
    ):
        click.echo(line)
    scheduler = (jobs.start(demo.app, tick or TICK_SECONDS, **DEMO_CADENCE)
                 if settings.scheduler else None)
    if scheduler is not None:
        click.echo("Scheduler started (sync, shipments, completion, retention, resyncs, "
                   "notifications).")
    else:
        click.echo("CONNECTOR_SCHEDULER=off: nothing syncs until `connector scheduler` runs "
                   "with CONNECTOR_DATABASE_URL pointing at the demo data.")
    logging.getLogger("werkzeug").addFilter(QuietMotoPolls())
    if demo.sqs is not None:
        import threading

        threading.Thread(target=_subscribe_when_up, args=(demo,), daemon=True).start()
    else:
        click.echo("Notifications are off (moto is not installed: pip install -e '.[demo]'); "
                   "orders arrive by sync.")

    def stop_work() -> bool:
        return jobs.stop(scheduler, services_for(demo.app), settings.shutdown_grace)

    def announce(line: str) -> None:
        if line.startswith("Serving on"):
            line = f"Serving on {url}/  (sandbox: {url}/sandbox/)"
        click.echo(line)

    code = serving.serve_until_stopped(demo.wsgi, host, port, threads=settings.web_threads,
                                       stop_work=stop_work, announce=announce)
    if code == 0:
        demo.close()
        return
    sys.stdout.flush()
    os._exit(code)
