"""Commerce pipeline: import time over the ideal for each import concurrency.

The Commerce sandbox (own process) adds ``--latency-ms`` to every ``POST /V1/orders``, as a
busy Magento does. For each concurrency in the sweep, a fresh connector database syncs the
same ``--orders`` importable orders from the Amazon sandbox (not timed) and the import step
(``run_store(..., ("import",))``, ``Services.import_concurrency`` = the setting) is timed.

ideal = ceil(orders / concurrency) x latency: the time if the order creates, and nothing
else, ran back to back on every slot. ratio = measured / ideal (1.00 = nothing but Commerce's
latency). The best setting is the fastest measured one.

    .venv/bin/python benchmarks/commerce_pipeline.py [--orders 1000] [--latency-ms 200]
        [--concurrency 1 2 4 8 16] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import math
import time

import harness

from connector.orders import importer
from connector.orders.runner import IMPORT, SYNC, run_store


def one_run(args, amazon: harness.Sandbox, commerce: harness.Sandbox, concurrency: int) -> dict:
    commerce.post("/_sandbox/reset", {})
    harness.seed_catalog(commerce)
    with harness.connector(args.database) as conn:
        store_id = harness.add_store(conn, amazon.url, commerce.url)
        lc = harness.lifecycle(conn, concurrency=concurrency)
        synced = run_store(lc, store_id, (SYNC,))
        if synced.error or synced.sync.created != args.orders:
            raise SystemExit(f"sync: {synced.error or synced.sync.created}")
        commerce.post("/_sandbox/faults", {"latency_ms": {"POST /V1/orders": args.latency_ms}})
        sandbox_cpu, cpu = commerce.cpu_seconds(), time.process_time()
        started = time.perf_counter()
        report = run_store(lc, store_id, (IMPORT,))
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        sandbox_cpu = commerce.cpu_seconds() - sandbox_cpu
    if report.error or report.imports.get(importer.CREATED) != args.orders:
        raise SystemExit(f"concurrency {concurrency}: {report.error or report.imports}")
    calls = commerce.get("/_sandbox/calls")
    return {"seconds": seconds, "cpu": cpu, "sandbox_cpu": sandbox_cpu,
            "calls": sum(calls.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    harness.quiet()
    harness.header(f"Commerce pipeline: {args.orders} orders, {args.latency_ms} ms per order "
                   f"create, {args.database}")
    orders = harness.importable_orders(args.orders, seed=args.seed)
    latency = args.latency_ms / 1000
    results = {}
    with harness.amazon_with(orders) as amazon, harness.Sandbox("commerce") as commerce:
        print(f"{'concurrency':>11}{'seconds':>9}{'ideal':>8}{'ratio':>7}{'orders/s':>10}"
              f"{'calls/order':>12}{'connector cpu/order':>21}{'sandbox cpu/order':>19}")
        for concurrency in args.concurrency:
            result = one_run(args, amazon, commerce, concurrency)
            ideal = math.ceil(args.orders / concurrency) * latency
            results[concurrency] = result["seconds"]
            print(f"{concurrency:>11}{result['seconds']:>9.1f}{ideal:>8.1f}"
                  f"{result['seconds'] / ideal:>7.2f}{args.orders / result['seconds']:>10.1f}"
                  f"{result['calls'] / args.orders:>12.2f}"
                  f"{result['cpu'] / args.orders * 1000:>18.1f} ms"
                  f"{result['sandbox_cpu'] / args.orders * 1000:>16.1f} ms", flush=True)
    best = min(results, key=results.get)
    print(f"best concurrency: {best} ({results[best]:.1f} s, "
          f"{args.orders / results[best]:.1f} orders/s)")
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
