"""The fault campaign at full size, and the crash campaign, printing what they counted.

Fault campaign: generated Amazon orders through both sandboxes while Commerce fails 10% of
calls with 503, 5% with timeouts and 5% with commit-then-drop, and Amazon answers 10% with
429 and 3% with 500; blocked orders, merchant shipments (full and partial) and Amazon status
moves along the way. Crash campaign: real scheduler processes SIGKILLed and restarted.

    .venv/bin/python benchmarks/chaos_campaign.py [--orders 2000] [--batch 50]
        [--crash-orders 200] [--kills 8] [--database-url URL]

Exits 1 if any promise was broken (the violations are printed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connector import create_app, db  # noqa: E402
from tests.chaos.campaign import (  # noqa: E402
    run_crash_campaign,
    run_inprocess_campaign,
    summary,
)


def app_for(work: Path, url: str | None, name: str):
    url = url or f"sqlite:///{work / (name + '.db')}"
    app = create_app({"instance_path": str(work / "instance"), "database_url": url,
                      "scheduler": False})
    db.upgrade(url)
    return app, url


def fresh_url(base: str | None, work: Path, name: str) -> str | None:
    """A PostgreSQL base URL gets a schema of its own per campaign."""
    if not base or not base.startswith("postgresql"):
        return None if not base else base
    import uuid

    import psycopg

    schema = f"chaos_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def report(title: str, result, seconds: float) -> bool:
    print(f"\n== {title}: {seconds:.0f} s")
    print(summary(result.counts, result.runs))
    if result.problems:
        print(f"  VIOLATIONS ({len(result.problems)}):")
        for problem in result.problems[:50]:
            print(f"    {problem}")
    else:
        print("  every promise held")
    return not result.problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--crash-orders", type=int, default=200)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL base URL (default: a SQLite file per campaign)")
    args = parser.parse_args()
    os.environ.setdefault("CONNECTOR_LOG_LEVEL", "ERROR")
    logging.basicConfig(level=logging.ERROR)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        app, _ = app_for(work, fresh_url(args.database_url, work, "faults"), "faults")
        started = time.perf_counter()
        result = run_inprocess_campaign(app.extensions["connector_db"], orders=args.orders,
                                        batch=args.batch, seed=args.seed)
        ok &= report(f"fault campaign, {args.orders} orders", result,
                     time.perf_counter() - started)
        app.extensions["connector_db"].dispose()
        if args.crash_orders:
            crash_dir = work / "crash"
            crash_dir.mkdir()
            app, url = app_for(crash_dir, fresh_url(args.database_url, work, "crash"), "crash")
            started = time.perf_counter()
            result = run_crash_campaign(
                app.extensions["connector_db"], str(crash_dir / "instance"), url, crash_dir,
                orders=args.crash_orders, batch=max(10, args.crash_orders // 10),
                kills=args.kills, seed=args.seed, all_faults=True, settle_seconds=600)
            for key in ("kills", "restarts_recovered", "slowest_recovery_s"):
                result.runs[key] = result.counts[key]
            ok &= report(f"crash campaign, {args.crash_orders} orders, scheduler processes "
                         "SIGKILLed and restarted, every fault on", result,
                         time.perf_counter() - started)
            app.extensions["connector_db"].dispose()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
