"""Sync time against Amazon's rate limits: measured time over the token-bucket lower bound.

The Amazon sandbox runs in its own process and enforces the documented usage plans (rate and
burst per operation) with refill sped up ``--time-scale`` times. The connector syncs the
generated orders into its database through the lifecycle's sync step (``run_store(...,
("sync",))``, real clock and sleep), once through Orders v2026 and once through v0.

The lower bound is what the token buckets allow for the calls the sandbox counted: an
operation called n times with burst b at rate r cannot finish before (n - b) / r seconds,
and the sync cannot finish before its slowest operation. 1.00 means as fast as Amazon allows.
429s received should be 0: the connector waits for a token instead of being throttled.

    .venv/bin/python benchmarks/amazon_rate_limits.py [--orders 5000] [--time-scale 60]
"""

from __future__ import annotations

import argparse
import time

import harness

from connector.amazon.ratelimit import USAGE_PLANS
from connector.orders.runner import SYNC, run_store


def lower_bound(calls: dict[str, int], scale: float) -> tuple[float, str]:
    """Seconds the buckets need for ``calls``, and the operation that sets the bound."""
    bound, slowest = 0.0, "-"
    for operation, count in calls.items():
        plan = USAGE_PLANS.get(operation)
        if plan is None:  # LWA token: not rate limited like the SP-API operations
            continue
        seconds = max(0, count - plan.burst) / (plan.rate * scale)
        if seconds > bound:
            bound, slowest = seconds, operation
    return bound, slowest


def run(api: str, amazon: harness.Sandbox, orders: int) -> dict:
    amazon.post("/_bench/reset", {})  # full buckets, zero counts
    with harness.connector() as conn:
        store_id = harness.add_store(conn, amazon.url, "http://127.0.0.1:9", api=api)
        lc = harness.lifecycle(conn)
        started_cpu, started = time.process_time(), time.perf_counter()
        report = run_store(lc, store_id, (SYNC,))
        seconds = time.perf_counter() - started
        cpu = time.process_time() - started_cpu
    if report.error or report.throttled or report.sync is None:
        raise SystemExit(f"{api}: the sync did not finish: {report.error or 'throttled'}")
    if report.sync.created != orders:
        raise SystemExit(f"{api}: {report.sync.created} orders synced, {orders} expected")
    counted = amazon.get("/_sandbox/calls")
    return {"seconds": seconds, "cpu": cpu, "calls": counted["calls"],
            "total": counted["total"], "throttled": sum(counted["throttled"].values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--time-scale", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--api", choices=("v2026", "v0"), action="append",
                        help="Only this read path (repeatable; default both).")
    args = parser.parse_args()
    harness.quiet()
    harness.header(f"Sync of {args.orders} orders against Amazon's rate limits "
                   f"(sandbox refill x{args.time_scale:g})")
    with harness.Sandbox("amazon", "--generate", str(args.orders), "--seed", str(args.seed),
                         "--marketplace", harness.US,
                         "--time-scale", str(args.time_scale)) as amazon:
        print(f"{'path':<7}{'orders':>7}{'calls':>7}{'seconds':>9}{'bound':>8}{'ratio':>7}"
              f"{'429s':>6}{'cpu s':>7}  bound set by; calls by operation")
        for api in args.api or ("v2026", "v0"):
            result = run(api, amazon, args.orders)
            bound, slowest = lower_bound(result["calls"], args.time_scale)
            ratio = f"{result['seconds'] / bound:>7.2f}" if bound else f"{'-':>7}"  # in burst
            detail = ", ".join(f"{op} {n}" for op, n in sorted(result["calls"].items()))
            print(f"{api:<7}{args.orders:>7}{result['total']:>7}{result['seconds']:>9.1f}"
                  f"{bound:>8.1f}{ratio}{result['throttled']:>6}{result['cpu']:>7.1f}"
                  f"  {slowest}; {detail}", flush=True)
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
