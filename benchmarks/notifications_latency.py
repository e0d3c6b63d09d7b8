"""Time from an order's change on Amazon to its Commerce order, with ORDER_CHANGE notifications
on and with polling only, at Amazon's real rates (time scale 1).

    .venv/bin/python benchmarks/notifications_latency.py --mode notifications \\
        [--orders 500] [--minutes 10]
    .venv/bin/python benchmarks/notifications_latency.py --mode polling ...

Orders (generated, seller-fulfilled, Unshipped: each becomes a Commerce order) are placed
on the Amazon sandbox evenly over ``--minutes``; the sandboxes run in their own processes,
SQS is moto's server, and the connector runs its real scheduler (30 s tick, the store's
5-minute sync; with notifications the consumer job and the relaxed 15-minute sync).
Commerce's orders are watched every second until every order is there (or ``--give-up``
minutes after the last placement). Prints p50/p95/max seconds from placement to the Commerce
order, SP-API calls per order by operation, and 429s.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import UTC, datetime

from harness import (
    Sandbox,
    add_store,
    connector_app,
    header,
    importable_orders,
    lifecycle,
    load,
    percentile,
    quiet,
    seed_catalog,
)

QUEUE = "amazon-orders-bench"


def start_sqs():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def sqs_client(url: str, region: str = "us-east-1"):
    import boto3

    return boto3.client("sqs", region_name=region, endpoint_url=url,
                        aws_access_key_id="bench", aws_secret_access_key="bench")


def make_queue(url: str) -> str:
    arn = f"arn:aws:sqs:us-east-1:123456789012:{QUEUE}"
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::437568002678:root"},
        "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes"], "Resource": arn}]}
    sqs_client(url).create_queue(QueueName=QUEUE, Attributes={"Policy": json.dumps(policy)})
    return arn


def amazon_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("notifications", "polling"), required=True)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--give-up", type=float, default=12.0,
                        help="Minutes after the last placement to wait for stragglers.")
    args = parser.parse_args()
    quiet()
    header(f"Amazon change -> Commerce order, {args.mode}: {args.orders} orders over "
           f"{args.minutes:g} minutes, Amazon's real rates (time scale 1)")
    from connector.notifications import OrderChangeQueue
    from connector.orders import setup_notifications
    from jobs.scheduler import build_scheduler

    server, sqs_url = start_sqs() if args.mode == "notifications" else (None, None)
    extra = ("--sqs-url", sqs_url) if sqs_url else ()
    with Sandbox("amazon", "--time-scale", "1", *extra) as amazon, \
            Sandbox("commerce") as commerce, connector_app() as conn:
        seed_catalog(commerce)
        store_id = add_store(conn, amazon.url, commerce.url)
        svc = lifecycle(conn)
        if sqs_url:
            arn = make_queue(sqs_url)
            svc.queue_factory = lambda queue_arn: OrderChangeQueue(queue_arn,
                                                                   client=sqs_client(sqs_url))
            setup_notifications(svc, store_id, arn)
        orders = [o for o in importable_orders(args.orders * 4, seed=11)
                  if o["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"][:args.orders]
        placed: dict[str, float] = {}
        seen: dict[str, float] = {}
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                try:
                    found = commerce.get("/_sandbox/orders")["orders"]
                except Exception:  # noqa: BLE001 - a slow answer: look again
                    found = []
                moment = time.monotonic()
                for order in found:
                    seen.setdefault(order.get("ext_order_id"), moment)
                stop.wait(1.0)

        scheduler = build_scheduler(svc)
        scheduler.start()
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.monotonic()
        gap = args.minutes * 60 / max(1, args.orders)
        for n, order in enumerate(orders):
            due = started + n * gap
            time.sleep(max(0.0, due - time.monotonic()))
            now = datetime.now(UTC)
            order = dict(order, createdTime=amazon_time(now), lastUpdatedTime=amazon_time(now))
            amazon.post("/_sandbox/orders", order)
            placed[order["orderId"]] = time.monotonic()
        deadline = time.monotonic() + args.give_up * 60
        while time.monotonic() < deadline and not set(placed) <= set(seen):
            time.sleep(1)
        stop.set()
        scheduler.shutdown(wait=True)
        watcher.join()
        calls = amazon.get("/_sandbox/calls")
        from sqlalchemy import select

        from connector.models import AmazonOrder

        with conn.db.session() as session:
            why = {row.amazon_order_id: f"{row.status}: {row.latest_note}" for row in
                   session.scalars(select(AmazonOrder).where(
                       AmazonOrder.amazon_order_id.in_(set(placed) - set(seen))))}
        if server is not None:
            server.stop()
    latencies = [seen[o] - placed[o] for o in placed if o in seen]
    missing = len(placed) - len(latencies)
    sp_api = {op: n for op, n in calls["calls"].items()}
    total = sum(sp_api.values())
    print(f"orders placed: {len(placed)}; in Commerce: {len(latencies)}; missing: {missing}")
    for order_id in sorted(set(placed) - set(seen))[:10]:
        print(f"  missing {order_id}: {why.get(order_id, 'never recorded')}")
    print(f"seconds from the change on Amazon to the Commerce order: "
          f"p50 {percentile(latencies, 50):.1f}, p95 {percentile(latencies, 95):.1f}, "
          f"max {max(latencies, default=float('nan')):.1f}")
    print(f"SP-API calls: {total} = {total / max(1, len(placed)):.3f} per order; by operation "
          + ", ".join(f"{op} {n}" for op, n in sorted(sp_api.items())))
    print(f"429s: {sum(calls['throttled'].values())} {dict(calls['throttled'])}")
    print(f"after the run: {load()}")


if __name__ == "__main__":
    main()
