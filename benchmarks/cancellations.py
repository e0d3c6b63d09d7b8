"""Cancellations: what sending N merchant cancellations costs, and the "Buyer asked to cancel"
filter and count on a large store.

Part 1 runs the real lifecycle (``run_store`` with the cancel step, the product's Amazon client,
real clock and sleeps) against the Amazon sandbox over real HTTP in this process (feeds
processed at once), for N Unshipped orders whose cancellations were all requested within one
interval: the SP-API calls the sandbox counted, the feed document's size, the time to request,
send and settle, and the createFeed lower bound had each order gone in its own feed (createFeed
is 0.0083 r/s, burst 15).

Part 2 bulk-inserts orders (``harness.bulk_orders``), gives 1 % of the open ones a buyer's
request, and times the All Orders query with the filter, the per-store count (``/health/ready``,
the banner and the metrics read it) and the same filter's first page through the API.

    .venv/bin/python benchmarks/cancellations.py [--orders 500] [--store-size 100000]
        [--database sqlite|postgres] [--repeat 10]
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import harness
from werkzeug.serving import make_server

CREATE_FEED_RATE, CREATE_FEED_BURST = 0.0083, 15


def feed_part(count: int, kind: str) -> None:
    import requests

    from connector.models import OrderSettings
    from connector.orders import CANCEL, SYNC, request_cancellation, run_store
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.amazon.catalog import DEFAULT_CATALOG, build_order

    app = create_amazon_sandbox(samples=False, feed_seconds=0)
    book = app.extensions["amazon_sandbox"].book
    created = datetime.now(UTC) - timedelta(minutes=30)
    skus = list(DEFAULT_CATALOG)
    ids = [f"113-{n:07d}-{n * 7 % 10 ** 7:07d}" for n in range(1, count + 1)]
    for n, order_id in enumerate(ids):
        book.add(build_order(order_id, [(skus[n % len(skus)], 1 + n % 3),
                                        (skus[(n + 5) % len(skus)], 1)], DEFAULT_CATALOG,
                             created=created, status="UNSHIPPED"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    http = requests.Session()
    try:
        with harness.connector(kind) as conn:
            store_id = harness.add_store(conn, url, "http://127.0.0.1:9")
            with conn.db.session() as session:  # orders are listed only: no Commerce needed
                session.get(OrderSettings, store_id).import_enabled = False
            svc = harness.lifecycle(conn)
            run_store(svc, store_id, (SYNC,))
            before = http.get(f"{url}/_sandbox/calls").json()["calls"]
            started = time.perf_counter()
            for order_id in ids:
                request_cancellation(svc, store_id, order_id, "NoInventory", by="bench")
            asked = time.perf_counter() - started
            started = time.perf_counter()
            sent = run_store(svc, store_id, (CANCEL,)).cancellations.sent
            sending = time.perf_counter() - started
            started = time.perf_counter()
            accepted = run_store(svc, store_id, (CANCEL,)).cancellations.accepted
            settling = time.perf_counter() - started
            calls = http.get(f"{url}/_sandbox/calls").json()["calls"]
            [feed] = http.get(f"{url}/_sandbox/feeds").json()["feeds"]
    finally:
        http.close()
        server.shutdown()
        server.server_close()
    sp_api = {op: n - before.get(op, 0) for op, n in calls.items() if n > before.get(op, 0)}
    total = sum(sp_api.values())
    print(f"{count} cancellations requested within one interval ({kind})")
    print(f"  request (record + note)   {asked * 1000 / count:8.2f} ms each, "
          f"{asked:6.2f} s in all")
    print(f"  send (one run)            {sending:8.2f} s, {sent} orders in 1 feed, "
          f"document {len(feed['document'].encode()) / 1024:.1f} KiB")
    print(f"  settle (report, one run)  {settling:8.2f} s, {accepted} accepted")
    print(f"  SP-API calls              {total} in all, "
          f"{total / count:.4f} per cancellation: "
          + ", ".join(f"{op} {n}" for op, n in sorted(sp_api.items())))
    alone = max(0.0, (count - CREATE_FEED_BURST) / CREATE_FEED_RATE)
    print(f"  one feed per order would need {count} createFeed calls: at least "
          f"{alone / 3600:.1f} h at Amazon's createFeed rate once the burst of "
          f"{CREATE_FEED_BURST} is spent")


def filter_part(size: int, kind: str, repeat: int) -> None:
    from sqlalchemy import select, update

    from connector.models import AmazonOrder
    from connector.orders import OrderFilters, buyer_cancellation_counts, search_orders

    with harness.connector_app(kind, api_keys="bench-key-0123456789") as conn:
        store_id = harness.add_store(conn, "http://127.0.0.1:9", "http://127.0.0.1:9")
        harness.bulk_orders(conn, store_id, 0, size)
        with conn.db.session() as session:
            open_ids = list(session.scalars(select(AmazonOrder.id).where(
                AmazonOrder.amazon_status.in_(("Unshipped", "Pending", "PartiallyShipped")))))
            wanted = max(1, size // 100)
            asked = open_ids[::max(1, len(open_ids) // wanted)][:wanted]
            session.execute(update(AmazonOrder).where(AmazonOrder.id.in_(asked)).values(
                buyer_cancel_requested_at=datetime.now(UTC),
                buyer_cancel_reason="Ordered by mistake"))
        harness.analyze(conn)
        filters = OrderFilters(buyer_asked_to_cancel=True)
        client = conn.app.test_client()
        url = f"/api/v1/stores/{store_id}/orders?buyer_asked_to_cancel=true"
        headers = {"Authorization": "Bearer bench-key-0123456789"}
        timings: dict[str, list[float]] = {"All Orders query, filter on": [],
                                           "count per store": [], "API first page": []}
        for _ in range(repeat):
            with conn.db.session() as session:
                started = time.perf_counter()
                page = search_orders(session, store_id, filters, count_limit=100_000)
                timings["All Orders query, filter on"].append(time.perf_counter() - started)
                started = time.perf_counter()
                counts = buyer_cancellation_counts(session)
                timings["count per store"].append(time.perf_counter() - started)
            started = time.perf_counter()
            answer = client.get(url, headers=headers)
            timings["API first page"].append(time.perf_counter() - started)
            assert answer.status_code == 200
    print(f"{size:,} orders ({kind}), {len(asked):,} with an open buyer's request "
          f"({page.total:,} found, count {counts.get(store_id, 0):,}); p50 / max of {repeat}:")
    for name, values in timings.items():
        ordered = sorted(values)
        print(f"  {name:<30}{ordered[len(ordered) // 2] * 1000:8.1f} ms"
              f"{ordered[-1] * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--store-size", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    harness.quiet()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(harness.machine())
    print(harness.load())
    feed_part(args.orders, args.database)
    filter_part(args.store_size, args.database, args.repeat)
    print(harness.load())


if __name__ == "__main__":
    main()
