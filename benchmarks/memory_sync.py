"""Memory: the connector's peak RSS while syncing 10,000, 50,000 and 100,000 orders.

Each size runs in a fresh connector process (so each peak is its own) against the Amazon
sandbox in another process holding that many generated orders (rate limits refilled fast
enough not to wait). The child reports its peak RSS before the sync (imports, database, store)
and after it; a sync that streams page by page keeps the growth flat, whatever the count.

    .venv/bin/python benchmarks/memory_sync.py [--orders 10000 50000 100000]
        [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import harness


def child(amazon_url: str, database: str, expected: int) -> None:
    """Runs in the measured process: sync everything once and report."""
    from connector.orders.runner import SYNC, run_store

    harness.quiet()
    with harness.connector(database) as conn:
        store_id = harness.add_store(conn, amazon_url, "http://127.0.0.1:9")
        lc = harness.lifecycle(conn)
        before = harness.peak_rss_mib()
        started = time.perf_counter()
        report = run_store(lc, store_id, (SYNC,))
        seconds = time.perf_counter() - started
        peak = harness.peak_rss_mib()
    if report.error or report.sync is None or report.sync.created != expected:
        raise SystemExit(f"sync: {report.error or report.sync}")
    print(json.dumps({"before": before, "peak": peak, "seconds": seconds,
                      "synced": report.sync.created, "pages": report.sync.pages}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--child", nargs=2, metavar=("AMAZON_URL", "ORDERS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.database, int(args.child[1]))
        return
    harness.quiet()
    harness.header(f"Peak RSS of the connector while syncing, {args.database}")
    print(f"{'orders':>8}{'pages':>7}{'seconds':>9}{'orders/s':>10}{'RSS before':>12}"
          f"{'peak RSS':>10}{'growth':>9}")
    for count in args.orders:
        with harness.Sandbox("amazon", "--generate", str(count), "--seed", str(args.seed),
                             "--marketplace", harness.US, "--time-scale", "1000000") as amazon:
            answer = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--database", args.database,
                 "--child", amazon.url, str(count)],
                check=True, capture_output=True, text=True)
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        print(f"{result['synced']:>8}{result['pages']:>7}{result['seconds']:>9.1f}"
              f"{result['synced'] / result['seconds']:>10.0f}{result['before']:>9.0f} MiB"
              f"{result['peak']:>6.0f} MiB{result['peak'] - result['before']:>5.0f} MiB",
              flush=True)
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
