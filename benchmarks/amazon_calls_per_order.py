"""SP-API calls per order when syncing through Orders v2026-01-01 versus v0.

Generates orders in an in-process Amazon sandbox served over real HTTP (rate limits kept,
refill sped up by --time-scale), syncs them all through each adapter, and prints the calls per
order the sandbox counted, LWA token and Restricted Data Token calls included.

    .venv/bin/python benchmarks/amazon_calls_per_order.py [--orders 5000] [--time-scale 1000]
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connector.amazon import AmazonClient, LwaCredentials  # noqa: E402
from connector.sandbox.amazon import create_amazon_sandbox  # noqa: E402
from connector.sandbox.amazon.generator import MARKETS  # noqa: E402


def sync(url: str, api: str) -> tuple[int, float]:
    credentials = LwaCredentials("sandbox-client", "sandbox-secret", "Atzr|sandbox")
    started = time.perf_counter()
    seen = set()
    with AmazonClient(credentials, "NA", endpoint=url, lwa_url=f"{url}/auth/o2/token",
                      api=api) as client:
        since = datetime.now(UTC) - timedelta(days=30)
        for page in client.iter_orders_updated([m.id for m in MARKETS], since):
            seen.update(o.order_id for o in page.orders)
            if page.rejected:
                raise SystemExit(f"{api}: {len(page.rejected)} orders failed to parse")
    return len(seen), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--time-scale", type=float, default=1000.0)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    app = create_amazon_sandbox(generate=args.orders, seed=args.seed, samples=False,
                                time_scale=args.time_scale)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    control = requests.Session()
    try:
        print(f"{args.orders} generated orders, sandbox time scale x{args.time_scale:g}")
        print(f"{'path':<8}{'orders':>8}{'calls':>8}{'calls/order':>13}{'429s':>6}"
              f"{'seconds':>9}  calls by operation")
        for api in ("v2026", "v0"):
            control.post(f"{url}/_sandbox/reset")
            count, seconds = sync(url, api)
            counted = control.get(f"{url}/_sandbox/calls").json()
            total = counted["total"]
            throttled = sum(counted["throttled"].values())
            detail = ", ".join(f"{op} {n}" for op, n in sorted(counted["calls"].items()))
            print(f"{api:<8}{count:>8}{total:>8}{total / count:>13.3f}{throttled:>6}"
                  f"{seconds:>9.1f}  {detail}")
    finally:
        control.close()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
