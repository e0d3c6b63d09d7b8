"""CPU per order: the connector's own CPU time per imported order, end to end, and the
mapping's alone, against the floor of just parsing and serialising the same JSON.

Both sandboxes run in their own processes, so the connector's process time (every thread:
``time.process_time``) is its own cost: HTTP clients, JSON, parsing, mapping, database. The
run syncs ``--orders`` importable orders (seller-fulfilled, US) and imports them all.

Then, in this process and without I/O, for the same orders:

- parse: Amazon's v2026 JSON text -> the internal order model (``json.loads`` +
  ``parse_v2026_order``);
- mapping: internal model -> the Commerce ``POST /V1/orders`` body (``order_body``), and the
  body written as JSON by the connector's exact-decimal writer (``to_json``);
- floor: ``json.loads`` of the Amazon order text plus ``json.dumps`` of the Commerce body,
  which is all a connector must do to the bytes at the least.

    .venv/bin/python benchmarks/cpu_per_order.py [--orders 1000] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import time

import harness

from connector.amazon.parse import parse_v2026_order
from connector.models import AmazonOrder, Store
from connector.orders import blockers, importer
from connector.orders.runner import IMPORT, SYNC, run_store
from connector.orders.snapshot import load_order
from mappings import CatalogProduct, order_body, to_json


def best_of(repeat: int, fn) -> float:
    """Fastest of ``repeat`` runs of ``fn`` (seconds): the least disturbed by the neighbours."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def end_to_end(args, orders: list[dict]) -> dict:
    with harness.amazon_with(orders) as amazon, harness.Sandbox("commerce") as commerce, \
            harness.connector(args.database) as conn:
        harness.seed_catalog(commerce)
        store_id = harness.add_store(conn, amazon.url, commerce.url)
        lc = harness.lifecycle(conn, concurrency=args.concurrency)
        sandboxes = amazon.cpu_seconds() + commerce.cpu_seconds()
        figures = {}
        for step in (SYNC, IMPORT):
            cpu, wall = time.process_time(), time.perf_counter()
            report = run_store(lc, store_id, (step,))
            figures[step] = (time.process_time() - cpu, time.perf_counter() - wall)
            if report.error:
                raise SystemExit(f"{step} failed: {report.error}")
        if report.imports.get(importer.CREATED) != len(orders):
            raise SystemExit(f"imported {report.imports}, expected {len(orders)} created")
        figures["sandboxes"] = amazon.cpu_seconds() + commerce.cpu_seconds() - sandboxes
        figures["commerce_calls"] = sum(commerce.get("/_sandbox/calls").values())
        figures["amazon_calls"] = amazon.get("/_sandbox/calls")["total"]
        # What the mapping needs, as the import had it: the stored orders, the products.
        with conn.db.session() as session:
            store = session.get(Store, store_id)
            settings = store.settings
            session.expunge(settings)
            rows = session.query(AmazonOrder).filter_by(store_id=store_id).all()
            figures["stored"] = [load_order(r.order_data) for r in rows]
        commerce_client = lc.commerce_for(store)
        try:
            view = blockers.resolve_store_view(commerce_client, "default")
            catalog = blockers.Catalog(commerce_client)
            skus = {i.seller_sku for o in figures["stored"] for i in o.items}
            figures["products"] = {sku: CatalogProduct.from_commerce(catalog.product(sku))
                                   for sku in skus}
        finally:
            commerce_client.close()
        figures["mapping"] = importer.mapping_settings(settings, view, None)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each in-process part")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    harness.quiet()
    harness.header(f"CPU per order: {args.orders} orders, {args.database}, import concurrency "
                   f"{args.concurrency}")
    orders = harness.importable_orders(args.orders, seed=args.seed)
    n = len(orders)
    f = end_to_end(args, orders)

    texts = [json.dumps(o) for o in orders]
    stored, products, mapping = f["stored"], f["products"], f["mapping"]
    bodies = [order_body(o, mapping, products).body for o in stored]
    parse = best_of(args.repeat, lambda: [parse_v2026_order(json.loads(t)) for t in texts])
    mapped = best_of(args.repeat, lambda: [order_body(o, mapping, products) for o in stored])
    written = best_of(args.repeat, lambda: [to_json(b) for b in bodies])
    floor = best_of(args.repeat, lambda: [(json.loads(t), json.dumps(b, default=str))
                                          for t, b in zip(texts, bodies, strict=True)])

    def ms(seconds: float) -> str:
        return f"{seconds / n * 1000:8.2f} ms"

    sync_cpu, sync_wall = f[SYNC]
    import_cpu, import_wall = f[IMPORT]
    print(f"connector CPU per order, end to end   {ms(sync_cpu + import_cpu)}"
          f"   (wall {sync_wall + import_wall:.1f} s for {n} orders)")
    print(f"  sync (Amazon -> local table)        {ms(sync_cpu)}"
          f"   ({f['amazon_calls']} Amazon calls)")
    print(f"  import (local table -> Commerce)    {ms(import_cpu)}"
          f"   ({f['commerce_calls'] / n:.2f} Commerce calls per order)")
    print(f"  both sandboxes (other processes)    {ms(f['sandboxes'])}")
    print(f"parse: Amazon JSON -> order model      {ms(parse)}")
    print(f"mapping alone: order -> Commerce body  {ms(mapped)}")
    print(f"  + body written by to_json           {ms(written)}")
    print(f"floor: json.loads + json.dumps         {ms(floor)}")
    print(f"end to end / floor {(sync_cpu + import_cpu) / floor:.0f}x;  "
          f"mapping + to_json / floor {(mapped + written) / floor:.1f}x")
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
