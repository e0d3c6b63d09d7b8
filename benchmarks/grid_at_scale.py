"""Grid at scale: All Orders and the integrator orders endpoint on 10k, 100k and 1M orders.

One store's orders are bulk-inserted with SQLAlchemy core (each with a real ~2 KB order
snapshot; no items or notes, which the grids do not read), growing the same table from size
to size, statistics refreshed after each load. Each case is then requested ``--repeat`` times
through the whole Flask app (routing, auth, query, template / JSON), in process:

- ``admin``: ``GET /admin/stores/<id>/orders?...`` (signed in with an admin token first);
- ``api``: ``GET /api/v1/stores/<id>/orders?...`` with an API key.

Cases: the first page, a deep page (200 at 50 a page, the deepest reachable), each filter
and each sort. Printed: p50 / p95 in milliseconds per size, and p50 at the largest size over
p50 at the smallest (1.0 = flat).

    .venv/bin/python benchmarks/grid_at_scale.py [--databases sqlite postgres]
        [--sizes 10000 100000 1000000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import time

import harness

API_KEY = "bench-api-key-0123456789"
ADMIN_SECRET = "bench-admin-secret-0123456789-0123456789"

CASES = [
    ("first page", {}),
    ("deep page (200)", {"page": "200"}),
    ("filter purchase dates (7 days)", {"purchased_from": "2026-06-01",
                                        "purchased_to": "2026-06-07"}),
    ("filter order number prefix", {"order_number": "113-00012"}),
    ("filter buyer name prefix", {"buyer_name": "emma m"}),
    ("filter total 100-150", {"total_min": "100", "total_max": "150"}),
    ("filter status Error", {"status": "Error"}),
    ("filter status Shipped", {"status": "Shipped"}),
    ("sort order number", {"sort": "order_number"}),
    ("sort status", {"sort": "status"}),
    ("sort buyer name", {"sort": "buyer_name"}),
    ("sort total", {"sort": "total"}),
    ("sort purchase date asc", {"sort": "purchase_date", "asc": "1"}),
]


def _query(args: dict) -> str:
    from urllib.parse import urlencode

    pairs = dict(args)
    if pairs.pop("asc", None):
        pairs["dir"] = "asc"  # both the page and the API take ``dir``
    return urlencode(pairs)


def sign_in(client, store_id: int) -> dict:
    """The admin session cookie, as the Commerce admin's signed link would set it."""
    from connector.web.admin.security import COOKIE
    from connector.web.admin_token import mint

    token = mint(ADMIN_SECRET, "bench-admin")
    response = client.get(f"/admin/stores/{store_id}/orders?token={token}")
    cookie = response.headers.get("Set-Cookie", "")
    if response.status_code != 303 or not cookie.startswith(COOKIE + "="):
        raise SystemExit(f"admin sign-in failed: {response.status_code}")
    return {"Cookie": cookie.split(";", 1)[0]}


def measure(client, store_id: int, headers: dict, repeat: int) -> dict:
    results = {}
    for label, args in CASES:
        for path in ("admin", "api"):
            url = (f"/admin/stores/{store_id}/orders" if path == "admin"
                   else f"/api/v1/stores/{store_id}/orders")
            query = _query(args)
            times = []
            for attempt in range(repeat + 1):
                started = time.perf_counter()
                response = client.get(f"{url}?{query}", headers=headers[path])
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{path} {label}: HTTP {response.status_code}")
                if attempt:  # the first one warms caches
                    times.append(elapsed * 1000)
            results[(label, path)] = (harness.percentile(times, 50),
                                      harness.percentile(times, 95))
    return results


def run(database: str, sizes: list[int], repeat: int) -> None:
    print(f"\n{database}: p50 / p95 ms per request (in-process Flask, whole request)")
    by_size = {}
    with harness.connector_app(database, api_keys=API_KEY,
                               admin_jwt_secret=ADMIN_SECRET) as conn:
        store_id = harness.add_store(conn, "http://127.0.0.1:9", "http://127.0.0.1:9")
        client = conn.app.test_client()
        headers = {"admin": sign_in(client, store_id),
                   "api": {"Authorization": f"Bearer {API_KEY}"}}
        held = 0
        for size in sizes:
            started = time.perf_counter()
            harness.bulk_orders(conn, store_id, held, size - held)
            harness.analyze(conn)
            held = size
            print(f"  loaded {size} orders in {time.perf_counter() - started:.0f} s "
                  f"({harness.load()})", flush=True)
            by_size[size] = measure(client, store_id, headers, repeat)
    widths = "".join(f"{f'{s:,}':>17}" for s in sizes)
    print(f"  {'case':<32}{'page':<6}{widths}{'growth':>8}")
    for label, _ in CASES:
        for path in ("admin", "api"):
            p50s = [by_size[s][(label, path)][0] for s in sizes]
            p95s = [by_size[s][(label, path)][1] for s in sizes]
            cells = "".join(f"{a:>9.1f} /{b:>6.1f}" for a, b in zip(p50s, p95s, strict=True))
            growth = p50s[-1] / p50s[0]
            print(f"  {label:<32}{path:<6}{cells}{growth:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", choices=("sqlite", "postgres"),
                        default=["sqlite", "postgres"])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    harness.quiet()
    harness.header("Grid at scale: All Orders page and GET /api/v1/stores/<id>/orders")
    for database in args.databases:
        run(database, sorted(args.sizes), args.repeat)
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
