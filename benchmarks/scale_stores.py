"""Many stores: the time for every store to complete one round, and Amazon's 429s, with 1, 2
and 4 ``connector scheduler`` processes on PostgreSQL; then the idle cost (CPU and calls per
store per hour with no new orders, at the product's default interval and tick).

Each store is its own seller: one Amazon sandbox process holds one sandbox per seller (its own
orders and token buckets) under ``/s/<n>``, every call answered after ``--amazon-ms``. One
Commerce sandbox process serves every store, every call after ``--commerce-ms``. Each store
gets ``--orders`` new orders per round. The schedulers are real processes
(``connector scheduler --tick 5``, ``CONNECTOR_STORE_CONCURRENCY``), so the figures include
leases, the database and the HTTP between processes. After the 1-process round, one scheduler
with the defaults (5-minute interval, 30 s tick) runs for ``--idle-seconds`` over the same
stores, their orders open and unshipped.

    .venv/bin/python benchmarks/scale_stores.py [--stores 200] [--orders 10] \\
        [--processes 1,2,4] [--concurrency 16] [--amazon-ms 300] [--commerce-ms 200] \\
        [--idle-seconds 300] [--tick 5]

``--stores 1000`` is the full size (much longer; the sandboxes then need more memory).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import requests  # noqa: E402

ROOT = harness.ROOT
TEMPLATE_ORDERS = 10


# -- the sellers' Amazon (child process) ---------------------------------------------------

def serve_sellers(count: int, latency_ms: int) -> None:
    """One Amazon sandbox per seller under ``/s/<n>``, in this process."""
    from werkzeug.serving import make_server

    from connector.sandbox.amazon import create_amazon_sandbox

    harness.quiet()
    apps = []
    for _ in range(count):
        app = create_amazon_sandbox(samples=False, time_scale=1.0)
        state = app.extensions["amazon_sandbox"]
        state.faults["latency_ms"] = float(latency_ms)
        apps.append(app)

    def dispatch(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/_bench/orders" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(size))
            for seller, orders in body.items():
                apps[int(seller)].extensions["amazon_sandbox"].book.add_many(orders)
            return _json(start_response, {"ok": True})
        if path == "/_bench/totals":
            totals = {"calls": 0, "throttled": 0}
            for app in apps:
                state = app.extensions["amazon_sandbox"]
                with state.lock:
                    totals["calls"] += sum(state.calls.values())
                    totals["throttled"] += sum(state.throttled.values())
            return _json(start_response, totals)
        parts = path.split("/", 3)  # "", "s", n, rest
        if len(parts) >= 3 and parts[1] == "s" and parts[2].isdigit() \
                and int(parts[2]) < len(apps):
            environ = dict(environ)
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/s/{parts[2]}"
            environ["PATH_INFO"] = "/" + (parts[3] if len(parts) > 3 else "")
            return apps[int(parts[2])](environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such seller"]

    server = make_server("127.0.0.1", 0, dispatch, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_port}"}), flush=True)
    sys.stdin.read()
    server.shutdown()


def _json(start_response, body) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


class Sellers(harness.Sandbox):
    def __init__(self, count: int, latency_ms: int):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve-sellers", str(count),
             "--amazon-ms", str(latency_ms)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = json.loads(self.process.stdout.readline())["url"]
        self.http = requests.Session()


# -- orders --------------------------------------------------------------------------------

def orders_for(seller: int, round_number: int, count: int, templates: list[dict],
               when: datetime) -> list[dict]:
    """``count`` new orders of one seller, with ids no other seller or round has."""
    made = []
    for k in range(count):
        order = json.loads(json.dumps(templates[k % len(templates)]))
        order["orderId"] = f"{900 - round_number:03d}-{seller:07d}-{k:07d}"
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        order["createdTime"] = order["lastUpdatedTime"] = stamp
        for n, item in enumerate(order.get("orderItems", []), start=1):
            item["orderItemId"] = f"{seller:07d}{round_number:03d}{k:04d}{n:02d}"
        made.append(order)
    return made


def place_round(sellers: Sellers, stores: int, round_number: int, count: int,
                templates: list[dict]) -> None:
    when = datetime.now(UTC) - timedelta(minutes=3)  # Amazon shows changes 2 minutes old
    for start in range(0, stores, 50):
        sellers.post("/_bench/orders", {
            str(s): orders_for(s, round_number, count, templates, when)
            for s in range(start, min(stores, start + 50))})


# -- the connector -------------------------------------------------------------------------

def add_stores(conn, sellers_url: str, commerce_url: str, stores: int) -> list[int]:
    from connector.stores import add_store

    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    ids = []
    with conn.db.session() as session:
        for n in range(stores):
            store = add_store(session, {
                "name": f"Seller {n}", "region": "NA", "marketplace_ids": [harness.US],
                "seller_id": f"A{n:07d}", "lwa_client_id": "sandbox-client",
                "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
                "amazon_endpoint": f"{sellers_url}/s/{n}",
                "amazon_lwa_url": f"{sellers_url}/s/{n}/auth/o2/token",
                "amazon_api": "v2026", "commerce_url": commerce_url,
                "commerce_token": "sandbox-token", "integration_time": since})
            store.settings.sync_interval_minutes = 1
            ids.append(store.id)
    return ids


def imported(conn) -> int:
    from sqlalchemy import func, select

    from connector.models import AmazonOrder

    with conn.db.session() as session:
        return session.scalar(select(func.count()).where(
            AmazonOrder.commerce_order_id.is_not(None)))


def schedulers(count: int, env: dict, tick: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "connector.cli", "scheduler", "--tick",
                              str(tick)],
                             cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(count)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(processes) -> None:
    for p in processes:
        p.terminate()
    for p in processes:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def one_setting(args, processes: int, templates) -> dict:
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    with harness.database_url("postgres") as url, Sellers(args.stores, args.amazon_ms) as sellers, \
            harness.Sandbox("commerce") as commerce:
        from connector import crypto
        from connector import db as dbmod

        commerce.post("/_sandbox/faults", {"latency_ms": {
            op: args.commerce_ms for op in _commerce_operations()}})
        harness.seed_catalog(commerce)
        dbmod.upgrade(url)
        conn = harness.Connector(dbmod.Database(url, crypto.KeyRing(key)))
        add_stores(conn, sellers.url, commerce.url, args.stores)
        place_round(sellers, args.stores, 1, args.orders, templates)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")},
               "CONNECTOR_DATABASE_URL": url, "CONNECTOR_ENCRYPTION_KEY": key,
               "CONNECTOR_SANDBOX": "off", "CONNECTOR_LOG_LEVEL": "ERROR",
               "CONNECTOR_STORE_CONCURRENCY": str(args.concurrency),
               "CONNECTOR_INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-scale-")}
        wanted = args.stores * args.orders
        started = time.monotonic()
        running = schedulers(processes, env, args.tick)
        try:
            while imported(conn) < wanted:
                if time.monotonic() - started > args.timeout:
                    break
                if any(p.poll() is not None for p in running):
                    raise SystemExit("a scheduler process stopped")
                time.sleep(0.5)
            round_seconds = time.monotonic() - started
            done = imported(conn)
            totals = sellers.get("/_bench/totals")
            per_order = 1000 / max(1, done)
            result = {"processes": processes, "round_s": round_seconds, "imported": done,
                      "wanted": wanted, "throttled": totals["throttled"],
                      "amazon_calls": totals["calls"], "load": harness.load(),
                      "cpu_ms_per_order": (
                          sum(cpu_seconds(p.pid) for p in running) * per_order,
                          commerce.cpu_seconds() * per_order,
                          sellers.cpu_seconds() * per_order)}
            if args.idle_seconds and processes == 1:
                stop(running)
                running = []
                result.update(idle_cost(args, conn, env, sellers, commerce))
        finally:
            stop(running)
            conn.db.dispose()
    return result


def idle_cost(args, conn, env: dict, sellers: Sellers, commerce) -> dict:
    """One scheduler with the product's defaults (5-minute sync interval, 30 s tick) over
    ``--idle-seconds`` with no new orders: its CPU and its calls, per store per hour. The
    stores keep the round's orders, open and unshipped, as a merchant's store would."""
    from sqlalchemy import update

    from connector.models import OrderSettings

    with conn.db.session() as session:
        session.execute(update(OrderSettings).values(
            sync_interval_minutes=args.idle_interval))
    [process] = schedulers(1, env, args.idle_tick)
    try:
        time.sleep(5)  # started: the imports are done
        cpu, amazon, calls = (cpu_seconds(process.pid), sellers.get("/_bench/totals")["calls"],
                              sum(commerce.get("/_sandbox/calls").values()))
        time.sleep(args.idle_seconds)
        if process.poll() is not None:
            raise SystemExit("the idle scheduler stopped")
        per_store_hour = 3600 / args.idle_seconds / args.stores
        return {
            "idle_cpu_ms_per_store_hour":
                (cpu_seconds(process.pid) - cpu) * per_store_hour * 1000,
            "idle_amazon_calls_per_store_hour":
                (sellers.get("/_bench/totals")["calls"] - amazon) * per_store_hour,
            "idle_commerce_calls_per_store_hour":
                (sum(commerce.get("/_sandbox/calls").values()) - calls) * per_store_hour,
            "idle_load": harness.load()}
    finally:
        stop([process])


def _commerce_operations() -> list[str]:
    from connector.sandbox.commerce import OPERATIONS

    return sorted(OPERATIONS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=200)
    parser.add_argument("--orders", type=int, default=10, help="new orders per store")
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="CONNECTOR_STORE_CONCURRENCY of each scheduler process")
    parser.add_argument("--amazon-ms", type=int, default=300)
    parser.add_argument("--commerce-ms", type=int, default=200)
    parser.add_argument("--idle-seconds", type=int, default=300,
                        help="the idle window (300: one sync interval of every store)")
    parser.add_argument("--idle-interval", type=int, default=5,
                        help="the stores' sync interval in minutes while idle (the default)")
    parser.add_argument("--idle-tick", type=int, default=30,
                        help="the idle scheduler's tick in seconds (the default)")
    parser.add_argument("--tick", type=int, default=5,
                        help="seconds between the schedulers' checks for due stores")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--serve-sellers", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sellers:
        serve_sellers(args.serve_sellers, args.amazon_ms)
        return
    harness.header(f"{args.stores} stores x {args.orders} new orders, Amazon +{args.amazon_ms} "
                   f"ms, Commerce +{args.commerce_ms} ms per call, PostgreSQL, "
                   f"{args.concurrency} stores at once per process, tick {args.tick} s, "
                   "sync interval 1 min")
    templates = harness.importable_orders(TEMPLATE_ORDERS)
    for processes in (int(p) for p in args.processes.split(",")):
        r = one_setting(args, processes, templates)
        line = (f"{processes} process(es): round {r['round_s']:.1f} s for {r['imported']}/"
                f"{r['wanted']} orders, {r['throttled']} x 429 in {r['amazon_calls']} Amazon "
                f"calls; CPU per order: schedulers {r['cpu_ms_per_order'][0]:.0f} ms, Commerce "
                f"stand-in {r['cpu_ms_per_order'][1]:.0f} ms, Amazon stand-in "
                f"{r['cpu_ms_per_order'][2]:.0f} ms ({r['load']})")
        if "idle_cpu_ms_per_store_hour" in r:
            line += (f"; idle ({args.idle_interval}-minute interval, {args.idle_tick} s tick, "
                     f"{args.idle_seconds} s): {r['idle_cpu_ms_per_store_hour']:.0f} ms CPU, "
                     f"{r['idle_amazon_calls_per_store_hour']:.1f} Amazon and "
                     f"{r['idle_commerce_calls_per_store_hour']:.1f} Commerce calls per store "
                     f"per hour ({r['idle_load']})")
        print(line, flush=True)


if __name__ == "__main__":
    main()
