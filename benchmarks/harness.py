"""Shared plumbing for the benchmark scripts (not a benchmark itself).

- ``Sandbox``: the Amazon or the Commerce sandbox in its own process (so its CPU and memory
  are not the connector's), started by running this file: ``python benchmarks/harness.py
  amazon|commerce [options]``; it prints its URL and serves until its stdin closes.
  ``amazon_with(orders)`` starts the Amazon one holding the given orders.
- ``connector`` / ``connector_app``: the connector's database (and, for the second, its
  Flask app) on a fresh SQLite file or a fresh PostgreSQL schema (dropped afterwards),
  migrated to head.
- ``add_store`` / ``lifecycle``: a store wired to the two sandboxes, with real time and sleep.
- ``importable_orders``: generated orders the connector imports (seller-fulfilled, US).
- ``bulk_orders`` / ``analyze``: many stored orders, fast, for the grid and web figures.
- ``machine`` / ``load``: what the figures were measured on.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import threading
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

US = "ATVPDKIKX0DER"
POSTGRES_URL = os.environ.get("CONNECTOR_BENCH_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")


def quiet() -> None:
    """Keep the request and lifecycle logs out of the figures."""
    logging.disable(logging.WARNING)


# -- machine ---------------------------------------------------------------------------------

def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2 ** 30:.0f} GiB"
    except (ValueError, OSError):
        memory = "?"
    return (f"{cpu}, {os.cpu_count()} cores, {memory}, Python {platform.python_version()}, "
            f"{load()}")


def header(title: str) -> None:
    print(title)
    print(f"machine: {machine()}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- sandboxes in their own processes --------------------------------------------------------

class Sandbox:
    """``Sandbox("amazon", "--generate", "5000")``: the sandbox in a child process."""

    def __init__(self, kind: str, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), kind, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the {kind} sandbox did not start")
        self.url = json.loads(line)["url"]
        self.http = requests.Session()

    def post(self, path: str, body: dict) -> dict:
        response = self.http.post(f"{self.url}{path}", json=body, timeout=600)
        response.raise_for_status()
        return response.json()

    def get(self, path: str) -> dict:
        response = self.http.get(f"{self.url}{path}", timeout=600)
        response.raise_for_status()
        return response.json()

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the sandbox process so far (Linux)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self.http.close()
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def seed_catalog(commerce: Sandbox, skus=None, qty: float = 10 ** 9) -> None:
    """Every generator SKU as an enabled product with plenty of stock."""
    from connector.sandbox.amazon.catalog import DEFAULT_CATALOG

    catalog = skus or DEFAULT_CATALOG
    commerce.post("/_sandbox/products", {"products": [
        {"sku": sku, "name": title, "price": float(price), "qty": qty}
        for sku, (title, price) in catalog.items()]})


@contextmanager
def amazon_with(orders: list[dict], *args: str):
    """The Amazon sandbox holding ``orders`` (handed over in a temporary file)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="bench-orders-") as file:
        json.dump(orders, file)
        file.flush()
        with Sandbox("amazon", "--orders-file", file.name, *args) as amazon:
            yield amazon


def _memoised_select(book) -> None:
    """The Amazon sandbox answers each page by parsing and sorting every order it holds
    (O(orders held) per page, O(n^2) per sync), which at 100,000 orders costs the sandbox
    minutes. Served here: one query's answer is kept while the book holds the same orders
    (no benchmark changes an order while it syncs), so each page is a slice."""
    select = book.select
    cache: dict = {}

    def memoised(**query):
        key = (len(book), tuple(sorted((k, str(sorted(v)) if isinstance(v, set) else str(v))
                                       for k, v in query.items())))
        if key not in cache:
            cache.clear()
            cache[key] = select(**query)
        return cache[key]

    book.select = memoised


def _serve_main(argv: list[str]) -> None:
    from werkzeug.serving import make_server

    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("amazon", "commerce"))
    parser.add_argument("--time-scale", type=float, default=1000.0)
    parser.add_argument("--generate", type=int, default=0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--marketplace", action="append", default=[])
    parser.add_argument("--orders-file", help="Amazon: a JSON list of v2026 orders to hold.")
    parser.add_argument("--stock-search", action="store_true",
                        help="Keep the sandbox's own order search (see below).")
    parser.add_argument("--sqs-url", help="Amazon: the SQS endpoint its ORDER_CHANGE "
                                          "notifications go to (moto's server).")
    args = parser.parse_args(argv)
    quiet()
    if args.kind == "amazon":
        from connector.sandbox.amazon import create_amazon_sandbox

        sqs = None
        if args.sqs_url:
            import boto3

            def sqs(region: str):
                return boto3.client("sqs", region_name=region, endpoint_url=args.sqs_url,
                                    aws_access_key_id="bench", aws_secret_access_key="bench")
        app = create_amazon_sandbox(samples=False, time_scale=args.time_scale, sqs=sqs)
        book = app.extensions["amazon_sandbox"].book
        if args.generate:
            from connector.sandbox.amazon.generator import generate_orders

            book.add_many(generate_orders(args.generate, seed=args.seed,
                                          marketplace_ids=args.marketplace or None))
        if args.orders_file:
            book.add_many(json.loads(Path(args.orders_file).read_text()))
        if not args.stock_search:
            _memoised_select(book)

        @app.post("/_bench/reset")
        def reset_keeping_orders():
            """Zero the counts and refill the buckets, keeping the orders held."""
            state = app.extensions["amazon_sandbox"]
            held = list(book._orders.values())
            state.reset()
            book.add_many(held)
            return {"orders": len(book)}
    else:
        from connector.sandbox.commerce import create_commerce_sandbox

        app = create_commerce_sandbox(hang_seconds=3)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_port}"}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin (or dies)
    server.shutdown()


# -- the connector ---------------------------------------------------------------------------

@contextmanager
def database_url(kind: str):
    """A fresh database: ``sqlite`` (a temporary file) or ``postgres`` (a new schema)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            yield f"sqlite:///{folder}/connector.db"
        return
    if kind != "postgres":
        raise ValueError(kind)
    import psycopg

    from connector.config import normalise_database_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield normalise_database_url(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


class Connector:
    """The connector's database and settings without the web app (the lifecycle needs no
    more); ``app`` is set by ``connector_app``."""

    def __init__(self, db, app=None):
        self.db = db
        self.app = app


@contextmanager
def connector(kind: str = "sqlite"):
    """A fresh, migrated database and a generated encryption key."""
    from cryptography.fernet import Fernet

    from connector import crypto
    from connector import db as dbmod

    with database_url(kind) as url:
        dbmod.upgrade(url)
        database = dbmod.Database(url, crypto.KeyRing(Fernet.generate_key().decode()))
        try:
            yield Connector(database)
        finally:
            database.dispose()


@contextmanager
def connector_app(kind: str = "sqlite", **config):
    """The connector's Flask app on a fresh, migrated database (no scheduler)."""
    from connector import create_app, db

    with database_url(kind) as url, tempfile.TemporaryDirectory(prefix="bench-") as instance:
        app = create_app({"instance_path": instance, "database_url": url, "testing": True,
                          "scheduler": False, **config})
        quiet()
        db.upgrade(url)
        try:
            yield Connector(app.extensions["connector_db"], app)
        finally:
            app.extensions["connector_db"].dispose()


def add_store(conn: Connector, amazon_url: str, commerce_url: str, *, api: str = "v2026",
              marketplace_ids=(US,), integration_time: datetime | None = None,
              name: str = "Bench US") -> int:
    """A store connected to the sandboxes; orders from ``integration_time`` on are imported
    (default: 15 days ago, so every generated order is)."""
    from connector.stores import add_store as add

    since = integration_time or datetime.now(UTC) - timedelta(days=15)
    with conn.db.session() as session:
        store = add(session, {
            "name": name, "region": "NA", "marketplace_ids": list(marketplace_ids),
            "seller_id": "A1SELLER", "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "amazon_endpoint": amazon_url, "amazon_lwa_url": f"{amazon_url}/auth/o2/token",
            "amazon_api": api, "commerce_url": commerce_url, "commerce_token": "sandbox-token",
            "integration_time": since.isoformat()})
        return store.id


def lifecycle(conn: Connector, *, concurrency: int = 4):
    """The lifecycle with the product's own client factories (real clock and sleep)."""
    from connector.orders import Services, default_amazon, default_commerce, process_owner

    return Services(db=conn.db, owner=process_owner(), import_concurrency=concurrency,
                    amazon_factory=default_amazon, commerce_factory=default_commerce)


def importable_orders(count: int, *, seed: int = 42) -> list[dict]:
    """``count`` generated US orders that become Commerce orders (seller-fulfilled, unshipped,
    partially shipped or shipped), oldest first as the generator made them."""
    from connector.sandbox.amazon.generator import generate_orders
    from mappings.status import is_importable

    wanted: list[dict] = []
    round_seed = seed
    while len(wanted) < count:
        for order in generate_orders(count * 3, seed=round_seed, marketplace_ids=[US]):
            status = order["fulfillment"]["fulfillmentStatus"]
            if is_importable(status, order["fulfillment"]["fulfilledBy"]):
                wanted.append(order)
        round_seed += 1
    return wanted[:count]


# -- many stored orders, fast --------------------------------------------------------------

GRID_STATUS_MIX = [("Shipped", 46), ("Unshipped", 20), ("Completed", 14), ("Canceled", 8),
                   ("Pending", 6), ("PartiallyShipped", 3), ("Error", 2), ("Unfulfillable", 1)]


def _order_pool(size: int, seed: int) -> list:
    from connector.amazon.parse import parse_v2026_order
    from connector.orders.snapshot import dump_order
    from connector.sandbox.amazon.generator import generate_orders

    pool = []
    for raw in generate_orders(size, seed=seed):
        order = parse_v2026_order(raw)
        pool.append((order, dump_order(order)))
    return pool


def _json_text():
    """A type for JSON already written as text; PostgreSQL casts it into its json column."""
    from sqlalchemy import JSON, Text, cast
    from sqlalchemy.types import TypeDecorator

    class JsonText(TypeDecorator):
        impl = Text
        cache_ok = True

        def bind_expression(self, bindvalue):
            return cast(bindvalue, JSON)

    return JsonText()


def bulk_orders(conn: Connector, store_id: int, start: int, count: int, *, seed: int = 7,
                batch: int = 5000, newest: datetime | None = None) -> None:
    """Insert orders ``start`` .. ``start + count - 1`` straight into ``amazon_orders`` with
    SQLAlchemy core (no items or notes: the grids do not read them). Each row carries a real
    order snapshot (``order_data``, about 2 KB); purchase dates step back about 90 seconds an
    order from ``newest``, so a million orders cover about three years."""
    import random
    from decimal import Decimal

    from sqlalchemy import Column, MetaData, Table, Text, insert

    from connector.models import AmazonOrder

    rng = random.Random(seed * 1_000_003 + start)
    pool = _order_pool(300, seed)
    newest = newest or datetime(2026, 11, 1, tzinfo=UTC)
    statuses = [s for s, _ in GRID_STATUS_MIX]
    weights = [w for _, w in GRID_STATUS_MIX]
    # The snapshots go in as ready JSON text (the pool's, written once), not re-encoded per row.
    text_type = _json_text() if conn.db.engine.dialect.name == "postgresql" else Text()
    table = Table("amazon_orders", MetaData(), *(
        Column(c.name, text_type if c.name in ("order_data", "shipping_address") else c.type)
        for c in AmazonOrder.__table__.columns))
    texts = [(json.dumps(data), json.dumps(data["shipping_address"])) for _, data in pool]
    now = datetime.now(UTC)
    cent = Decimal("0.01")
    with conn.db.engine.begin() as db:
        rows = []
        for n in range(start, start + count):
            order, data = pool[n % len(pool)]
            data_text, address_text = texts[n % len(pool)]
            status = rng.choices(statuses, weights)[0]
            bought = newest - timedelta(seconds=n * 90 + rng.uniform(0, 60))
            total = (order.order_total.amount if order.order_total else Decimal("10")) * \
                Decimal(rng.uniform(0.5, 1.5))
            rows.append({
                "store_id": store_id,
                "amazon_order_id": f"{order.order_id[:3]}-{n:07d}-{rng.randrange(10**7):07d}",
                "marketplace_id": order.marketplace_id, "status": status,
                "amazon_status": "Shipped" if status in ("Completed", "Error") else status,
                "fulfilled_by": order.fulfilled_by.value, "purchase_date": bought,
                "last_updated": bought + timedelta(hours=2), "buyer_name": order.buyer.name,
                "buyer_name_key": order.buyer.name.casefold() if order.buyer.name else None,
                "buyer_email": order.buyer.email, "shipping_address": address_text,
                "currency": order.currency, "order_total": total.quantize(cent),
                "order_data": data_text, "importable": True, "attempts": 0,
                "latest_note": f"Order received from Amazon with status {status}.",
                "created_at": now, "updated_at": now})
            if len(rows) == batch:
                db.execute(insert(table), rows)
                rows = []
        if rows:
            db.execute(insert(table), rows)


def analyze(conn: Connector) -> None:
    """Fresh planner statistics, as autovacuum / a periodic ANALYZE would keep them."""
    from sqlalchemy import text

    if conn.db.engine.dialect.name == "postgresql":
        with conn.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("VACUUM ANALYZE amazon_orders"))
    else:
        with conn.db.engine.begin() as db:
            db.execute(text("ANALYZE"))


if __name__ == "__main__":
    _serve_main(sys.argv[1:])
