"""A fault campaign: generated Amazon orders flow through both sandboxes while a merchant
ships, Amazon moves orders along, and faults are injected; afterwards every promise of the
product is checked against what the sandboxes saw.

The campaign only talks to the sandboxes' control APIs and reads the connector's database, so
the same campaign runs against the connector in this process (``run_store``) or against real
scheduler processes that are killed and restarted. ``benchmarks/chaos_campaign.py`` runs it at
full size and prints the counts.
"""

from __future__ import annotations

import logging
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests
from sqlalchemy import select

from connector.models import AmazonOrder, ConfirmedShipment, OrderNote, SyncState
from connector.sandbox.amazon.generator import generate_orders
from tests.servers import LiveServer

MARKETPLACE = "ATVPDKIKX0DER"
GOOD_SKUS = {"MUG-1": "12.00", "KETTLE-1": "40.00", "TEA-1": "9.99", "LAMP-1": "34.50",
             "BAG-1": "64.00", "SOCKS-1": "24.00"}
MISSING, DISABLED, SOLD_OUT, LATE = "GHOST-1", "OFF-1", "EMPTY-1", "LATE-1"
BAD_SKUS = (MISSING, DISABLED, SOLD_OUT, LATE)
CATALOG = ([{"sku": sku, "name": sku.title(), "price": float(price), "qty": 1_000_000}
            for sku, price in GOOD_SKUS.items()]
           + [{"sku": DISABLED, "name": "Old lamp", "price": 20, "qty": 1_000_000, "status": 2},
              {"sku": SOLD_OUT, "name": "Sold out", "price": 20, "qty": 0}])
LATE_PRODUCT = {"sku": LATE, "name": "Arrived late", "price": 15, "qty": 1_000_000}

COMMERCE_FAULTS = {"error_rate": 0.10, "timeout_rate": 0.05, "commit_then_drop_rate": 0.05}
AMAZON_FAULTS = {"throttle_rate": 0.10, "error_rate": 0.03}
MFN_AWAITING = {"UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"}
SELLER_CENTRAL_NOTE = re.compile(r"Shipped from Seller Central: Commerce shipment (\d+) ")


class Server(LiveServer):
    """A WSGI app on 127.0.0.1 over real HTTP, in a thread of this process."""

    def __init__(self, app):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per call is noise
        super().__init__(app)


def amazon_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Expected:
    """What the campaign did to one order, so the checks know what must be true."""

    mfn: bool
    skus: set[str]
    canceled_after_import: bool = False
    ship_plan: str | None = None  # "full" | "partial" while the merchant ships it
    shipments: list[int] = field(default_factory=list)
    fully_shipped: bool = False


@dataclass
class Campaign:
    amazon_url: str
    commerce_url: str
    now: Callable[[], datetime]
    seed: int = 7
    blocked_share: float = 0.12
    partial_share: float = 0.5
    http: requests.Session = field(default_factory=requests.Session)
    orders: dict[str, Expected] = field(default_factory=dict)
    late_added: bool = False
    watermarks: list = field(default_factory=list)
    runs: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self._batch = 0

    # -- set-up and the merchant's / Amazon's actions ----------------------------------------

    def seed_catalog(self) -> None:
        self._post(self.commerce_url, "/_sandbox/products", {"products": CATALOG})

    def faults(self, on: bool) -> None:
        self._post(self.commerce_url, "/_sandbox/faults", COMMERCE_FAULTS if on else {})
        self._post(self.amazon_url, "/_sandbox/faults", AMAZON_FAULTS if on else {})

    def place_orders(self, count: int, *, age: timedelta = timedelta(seconds=0)) -> list[str]:
        """``count`` generated orders, placed now (minus ``age``); some carry a SKU that
        blocks the import (not in the catalog, disabled, sold out, or added to the catalog
        later in the campaign)."""
        self._batch += 1
        now = self.now() - age
        placed = []
        for order in generate_orders(count, seed=self.seed * 1000 + self._batch, now=now,
                                     skus=GOOD_SKUS, marketplace_ids=[MARKETPLACE]):
            # Renumber (ids must not repeat across batches) and stamp it as placed just now.
            order["orderId"] = f"{900 + self._batch % 100:03d}-{len(self.orders):07d}-" \
                               f"{self.seed % 10_000_000:07d}"
            stamp = amazon_time(now - timedelta(seconds=self.rng.uniform(0, 20)))
            order["createdTime"] = order["lastUpdatedTime"] = stamp
            if self.rng.random() < self.blocked_share:
                item = self.rng.choice(order["orderItems"])
                item["product"]["sellerSku"] = self.rng.choice(BAD_SKUS)
            self._post(self.amazon_url, "/_sandbox/orders", order, expect=201)
            self.orders[order["orderId"]] = Expected(
                mfn=order["fulfillment"]["fulfilledBy"] == "MERCHANT",
                skus={i["product"]["sellerSku"] for i in order["orderItems"]})
            placed.append(order["orderId"])
        return placed

    def add_late_product(self) -> None:
        """The merchant adds the missing product: orders blocked on it must import."""
        self._post(self.commerce_url, "/_sandbox/products", {"products": [LATE_PRODUCT]})
        self.late_added = True

    def amazon_book(self) -> dict[str, dict]:
        orders = self.http.get(f"{self.amazon_url}/_sandbox/orders", timeout=30).json()
        return {o["orderId"]: o for o in orders["orders"]}

    def commerce_orders(self) -> list[dict]:
        return self.http.get(f"{self.commerce_url}/_sandbox/orders", timeout=60).json()["orders"]

    def amazon_moves(self, pending: int = 3, cancels: int = 1) -> Counter:
        """Amazon releases some pending orders and cancels a few imported, unshipped ones."""
        moved: Counter = Counter()
        book = self.amazon_book()
        imported = {o.get("ext_order_id") for o in self.commerce_orders()}
        for order_id, order in sorted(book.items()):
            status = order["fulfillment"]["fulfillmentStatus"]
            expected = self.orders.get(order_id)
            if expected is None:
                continue
            if status == "PENDING" and moved["released"] < pending:
                self._move(order_id, "UNSHIPPED")
                moved["released"] += 1
            elif (status == "UNSHIPPED" and not expected.mfn and moved["afn_shipped"] < pending):
                self._move(order_id, "SHIPPED")  # Amazon shipped its own (FBA) order
                moved["afn_shipped"] += 1
            elif (status == "UNSHIPPED" and expected.mfn and order_id in imported
                  and expected.ship_plan is None and not expected.canceled_after_import
                  and moved["canceled"] < cancels and self.rng.random() < 0.2):
                self._move(order_id, "CANCELLED")
                expected.canceled_after_import = True
                moved["canceled"] += 1
        return moved

    def merchant_ships(self, count: int = 4) -> Counter:
        """The merchant ships imported MFN orders in Commerce: some at once, some in two
        parts (one unit first, the rest in a later round)."""
        done: Counter = Counter()
        book = self.amazon_book()
        for order in self.commerce_orders():
            order_id = order.get("ext_order_id")
            expected = self.orders.get(order_id)
            if (expected is None or not expected.mfn or expected.canceled_after_import
                    or expected.fully_shipped or order["state"] in ("canceled", "complete")):
                continue
            if expected.ship_plan is None:
                if done["started"] >= count or book[order_id]["fulfillment"][
                        "fulfillmentStatus"] != "UNSHIPPED":
                    continue
                units = sum(float(i["qty_ordered"]) for i in order["items"])
                expected.ship_plan = ("partial" if units >= 2 and self.rng.random()
                                      < self.partial_share else "full")
                done["started"] += 1
                if expected.ship_plan == "partial":
                    first = order["items"][0]
                    self._ship(order, expected, [{"order_item_id": first["item_id"], "qty": 1}])
                    done["partial"] += 1
                    continue
            self._ship(order, expected, None)  # everything left
            expected.fully_shipped = True
            done["full"] += 1
        return done

    def _ship(self, order: dict, expected: Expected, items) -> None:
        carrier = self.rng.choice(["ups", "usps", "fedex", "dhl"])
        body = {"carrier_code": carrier, "track_number": f"1Z{self.rng.randrange(10 ** 12)}"}
        if items is not None:
            body["items"] = items
        answer = self._post(self.commerce_url, f"/_sandbox/orders/{order['entity_id']}/ship",
                            body)
        expected.shipments.append(int(answer["shipment_id"]))

    def _move(self, order_id: str, status: str) -> None:
        self._post(self.amazon_url, f"/_sandbox/orders/{order_id}/status", {"status": status})

    def _post(self, base: str, path: str, body, expect: int = 200) -> dict:
        response = self.http.post(f"{base}{path}", json=body, timeout=30)
        assert response.status_code in (expect, 200, 201), (path, response.status_code,
                                                             response.text[:300])
        return response.json()

    # -- observing the connector ------------------------------------------------------------

    def note_run(self, db, store_id: int, report=None) -> None:
        """After each run: the watermark (it must never go backwards) and the outcome."""
        with db.session() as session:
            self.watermarks.append(session.get(SyncState, store_id).watermark)
        if report is not None:
            self.runs["runs"] += 1
            self.runs["errors"] += report.error is not None
            self.runs["throttled"] += report.throttled
            for outcome, n in report.imports.items():
                self.runs[f"import_{outcome}"] += n
            self.runs["confirmed"] += report.shipments_confirmed

    # -- the promises ---------------------------------------------------------------------------

    def blockers(self, expected: Expected) -> set[str]:
        found = {s for s in expected.skus if s in (MISSING, DISABLED)}
        if SOLD_OUT in expected.skus and expected.mfn:
            found.add(SOLD_OUT)  # stock is only checked for orders the merchant ships
        if LATE in expected.skus and not self.late_added:
            found.add(LATE)
        return found

    def check(self, db, store_ids: list[int] | None = None) -> tuple[Counter, list[str]]:
        """Every promise, as (counts, violations)."""
        counts: Counter = Counter()
        problems: list[str] = []
        book = self.amazon_book()
        commerce = self.commerce_orders()
        by_ext: dict[str, list[dict]] = {}
        for order in commerce:
            by_ext.setdefault(order.get("ext_order_id"), []).append(order)
        commerce_ids = {o["entity_id"]: o for o in commerce}
        calls = self.http.get(f"{self.amazon_url}/_sandbox/calls", timeout=30).json()
        confirmations: dict[str, Counter] = {}
        for sent in calls["shipment_confirmations"]:
            reference = sent["body"]["packageDetail"]["packageReferenceId"]
            confirmations.setdefault(sent["orderId"], Counter())[reference] += 1
        with db.session() as session:
            query = select(AmazonOrder)
            if store_ids:
                query = query.where(AmazonOrder.store_id.in_(store_ids))
            rows = {r.amazon_order_id: r for r in session.scalars(query)}
            confirmed_rows: dict[int, set[int]] = {}
            for row_id, shipment_id in session.execute(
                    select(ConfirmedShipment.order_id, ConfirmedShipment.commerce_shipment_id)):
                confirmed_rows.setdefault(row_id, set()).add(shipment_id)
            notes: dict[int, list[str]] = {}
            for row_id, text in session.execute(select(OrderNote.order_id, OrderNote.text)
                                                .order_by(OrderNote.id)):
                notes.setdefault(row_id, []).append(text)

        stray = set(by_ext) - set(self.orders)
        if stray:
            problems.append(f"Commerce orders for unknown Amazon orders: {sorted(stray)[:5]}")
        for order_id, expected in self.orders.items():
            amazon = book[order_id]
            status = amazon["fulfillment"]["fulfillmentStatus"]
            made = by_ext.get(order_id, [])
            row = rows.get(order_id)
            counts["orders"] += 1
            if row is None:
                problems.append(f"{order_id}: never synced")
                continue
            if len(made) > 1:
                problems.append(f"{order_id}: {len(made)} Commerce orders")
                counts["duplicates"] += 1
            importable = (status in MFN_AWAITING if expected.mfn else status == "SHIPPED")
            blocked = self.blockers(expected)
            if row.commerce_order_id is not None:
                target = commerce_ids.get(row.commerce_order_id)
                if target is None or target.get("ext_order_id") != order_id:
                    problems.append(f"{order_id}: bound to Commerce order "
                                    f"{row.commerce_order_id}, which is not its order")
            if expected.canceled_after_import:
                counts["canceled_after_import"] += 1
                if len(made) != 1 or made[0]["state"] != "canceled":
                    problems.append(f"{order_id}: canceled on Amazon after import, Commerce "
                                    f"shows {[m['state'] for m in made]}")
            elif importable and not blocked:
                counts["importable"] += 1
                if len(made) != 1:
                    problems.append(f"{order_id}: importable ({status}), {len(made)} "
                                    "Commerce orders")
                elif row.commerce_order_id != made[0]["entity_id"]:
                    problems.append(f"{order_id}: not bound to its Commerce order")
                if LATE in expected.skus:
                    counts["unblocked_when_fixed"] += 1
            elif importable and blocked:
                counts["blocked"] += 1
                if made:
                    problems.append(f"{order_id}: blocked by {blocked} but imported")
                if row.status != "Error":
                    problems.append(f"{order_id}: blocked by {blocked}, status {row.status}")
                elif not any(sku in (row.latest_note or "") for sku in blocked):
                    problems.append(f"{order_id}: blocked, note does not say why: "
                                    f"{row.latest_note!r}")
            else:
                counts["not_importable"] += 1
                if made:
                    problems.append(f"{order_id}: {status} {'MFN' if expected.mfn else 'AFN'}"
                                    " but imported")
            if row.status == "Error" and not (importable and blocked):
                problems.append(f"{order_id}: in Error without a blocker: {row.latest_note!r}")
            # Shipments: each Commerce shipment confirmed once, as its own package.
            sent = confirmations.get(order_id, Counter())
            wanted = {str(s) for s in expected.shipments}
            if expected.shipments:
                counts["shipments"] += len(expected.shipments)
                counts["orders_shipped_by_merchant"] += 1
            if set(sent) != wanted:
                problems.append(f"{order_id}: Commerce shipments {sorted(wanted)}, Amazon got "
                                f"packages {sorted(sent)}")
            counts["confirmations_sent"] += sum(sent.values())
            counts["packages_confirmed"] += len(sent)
            counts["resends"] += sum(n - 1 for n in sent.values())
            order_notes = notes.get(row.id, [])
            # Shipped from Seller Central (generated already shipped): recorded in Commerce,
            # never sent to Amazon.
            from_amazon = {int(m.group(1)) for n in order_notes
                           if (m := SELLER_CENTRAL_NOTE.match(n))}
            recorded = confirmed_rows.get(row.id, set())
            if recorded - {int(s) for s in wanted}:
                problems.append(f"{order_id}: recorded confirmations {sorted(recorded)} for "
                                f"shipments never made")
            if wanted and recorded != {int(s) for s in wanted}:
                problems.append(f"{order_id}: confirmed shipments recorded {sorted(recorded)}, "
                                f"expected {sorted(wanted)}")
            if (expected.mfn and status == "SHIPPED" and made and not expected.fully_shipped
                    and not expected.canceled_after_import):
                counts["shipped_from_seller_central"] += 1
                if len(from_amazon) != 1 or row.status != "Completed" or \
                        made[0]["state"] != "complete":
                    problems.append(f"{order_id}: shipped from Seller Central, recorded "
                                    f"{sorted(from_amazon)}, grid {row.status}, Commerce "
                                    f"{made[0]['state']}")
            for shipment in recorded:
                if not any(n.startswith(f"Shipment {shipment} confirmed") for n in order_notes):
                    problems.append(f"{order_id}: no note for confirmed shipment {shipment}")
            if expected.fully_shipped and not expected.canceled_after_import:
                counts["fully_shipped"] += 1
                if row.status != "Completed" or made[0]["state"] != "complete":
                    problems.append(f"{order_id}: fully shipped, grid {row.status}, Commerce "
                                    f"{made[0]['state'] if made else None}")
                else:
                    counts["completed"] += 1
            created_notes = [n for n in order_notes if n.startswith("Commerce order ")
                             and n.endswith((" created.", "was already in Commerce; linked."))]
            if made and not expected.canceled_after_import and len(created_notes) != 1:
                problems.append(f"{order_id}: {len(created_notes)} 'created' notes")
        counts["commerce_orders"] = len(commerce)
        marks = [w for w in self.watermarks if w is not None]
        backwards = sum(1 for a, b in zip(marks, marks[1:], strict=False) if b < a)
        counts["watermark_records"] = len(self.watermarks)
        if backwards:
            problems.append(f"the watermark went backwards {backwards} time(s)")
        counts["amazon_429"] = sum(calls["throttled"].values())
        counts["amazon_500"] = sum(calls["server_errors"].values())
        return counts, problems


def summary(counts: Counter, runs: Counter | None = None) -> str:
    keys = ["orders", "importable", "commerce_orders", "duplicates", "blocked",
            "unblocked_when_fixed", "not_importable", "canceled_after_import",
            "orders_shipped_by_merchant", "shipments", "packages_confirmed",
            "confirmations_sent", "resends", "fully_shipped", "completed",
            "shipped_from_seller_central", "watermark_records",
            "amazon_429", "amazon_500"]
    lines = [f"  {k:<28}{counts.get(k, 0)}" for k in keys]
    if runs:
        lines += [f"  {k:<28}{v}" for k, v in sorted(runs.items())]
    return "\n".join(lines)


# -- the campaign against the connector in this process --------------------------------------

@dataclass
class Result:
    counts: Counter
    problems: list[str]
    runs: Counter
    seconds: float = 0.0


def connect_store(db, amazon_url: str, commerce_url: str, *, integration_time: datetime,
                  name: str = "Chaos US", **fields) -> int:
    from connector.stores import add_store

    with db.session() as session:
        return add_store(session, {
            "name": name, "region": "NA", "marketplace_ids": [MARKETPLACE],
            "seller_id": "A1CHAOS", "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "amazon_endpoint": amazon_url, "amazon_lwa_url": f"{amazon_url}/auth/o2/token",
            "commerce_url": commerce_url, "commerce_token": "sandbox-token",
            "integration_time": integration_time.isoformat(), **fields}).id


def run_inprocess_campaign(db, *, orders: int = 200, batch: int = 20, seed: int = 7,
                           recovery_runs: int = 4, fault_timeout: float = 0.25,
                           hang_seconds: float = 0.5, log=None) -> Result:
    """``orders`` generated orders placed ``batch`` per round, one connector run per round
    (3 minutes of the campaign's clock apart) with every fault on; then the faults stop and
    ``recovery_runs`` more runs, an hour apart (the longest import back-off), follow."""
    import json
    import time

    from connector.amazon import AmazonClient, LwaCredentials
    from connector.commerce import CommerceClient
    from connector.orders.coordination import process_owner
    from connector.orders.runner import run_store
    from connector.orders.services import Services
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox
    from tests.e2e.world import Clock

    started = time.perf_counter()
    clock = Clock()
    amazon = Server(create_amazon_sandbox(samples=False, time_scale=1000.0, now=clock.now,
                                          seed=seed))
    commerce = Server(create_commerce_sandbox(hang_seconds=hang_seconds, seed=seed))
    campaign = Campaign(amazon.url, commerce.url, clock.now, seed=seed)
    timeout = {"seconds": fault_timeout}
    try:
        campaign.seed_catalog()
        store_id = connect_store(db, amazon.url, commerce.url,
                                 integration_time=clock.now() - timedelta(hours=1))

        def amazon_client(store):
            return AmazonClient(
                LwaCredentials(store.lwa_client_id, store.lwa_client_secret,
                               store.refresh_token), store.region,
                endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
                api=store.amazon_api, now=clock.now, sleep=lambda s: None)

        def commerce_client(store, pool_size=1):
            return CommerceClient(store.commerce_url, json.loads(store.commerce_credentials),
                                  store.commerce_store_code, timeout=timeout["seconds"],
                                  sleep=lambda s: None)

        lc = Services(db=db, owner=process_owner(), amazon_factory=amazon_client,
                       commerce_factory=commerce_client, clock=clock.now)

        def run():
            clock.advance(3)
            report = run_store(lc, store_id)
            campaign.note_run(db, store_id, report)

        campaign.faults(True)
        rounds = -(-orders // batch)
        for n in range(rounds):
            campaign.place_orders(min(batch, orders - n * batch))
            if n == rounds // 2:
                campaign.add_late_product()
            campaign.amazon_moves()
            campaign.merchant_ships()
            run()
        campaign.faults(False)
        timeout["seconds"] = 10.0
        for _ in range(recovery_runs):
            campaign.merchant_ships(count=0)  # the merchant finishes the partial shipments
            clock.advance(58)
            run()
        for _ in range(3):  # confirm, see Amazon's new status, complete
            run()
        counts, problems = campaign.check(db, [store_id])
        if log:
            log(summary(counts, campaign.runs))
        return Result(counts, problems, campaign.runs, time.perf_counter() - started)
    finally:
        campaign.http.close()
        amazon.stop()
        commerce.stop()


# -- the campaign against scheduler processes killed with SIGKILL ---------------------------

CRASH_COMMERCE_FAULTS = {"commit_then_drop_rate": 0.05,
                         "latency_ms": {"POST /V1/orders": 40, "GET /V1/shipments": 5}}


def run_crash_campaign(db, instance_path: str, database_url: str, work_dir, *,
                       orders: int = 60, batch: int = 10, kills: int = 6, seed: int = 5,
                       all_faults: bool = False, settle_seconds: float = 90.0,
                       log=None) -> Result:
    """Real ``connector scheduler --tick 1`` processes on the wall clock, SIGKILLed at random
    moments ``kills`` times while orders arrive, Amazon moves them and the merchant ships;
    restarted each time. ``all_faults`` adds Commerce's 503s and timeouts (a failed create
    backs off a minute or more, so the campaign then needs minutes to settle)."""
    import time

    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox
    from tests.chaos.processes import (
        SchedulerProcess,
        lagging_now,
        last_run_after,
        scheduler_env,
        sync_every_tick,
        wait_for,
    )

    started = time.perf_counter()
    rng = random.Random(seed)
    stamp = lagging_now()
    amazon_app = create_amazon_sandbox(samples=False, time_scale=1000.0, seed=seed)
    amazon_app.extensions["amazon_sandbox"].book._now = stamp  # changes dated 3 minutes ago
    amazon = Server(amazon_app)
    commerce = Server(create_commerce_sandbox(hang_seconds=1.0, seed=seed))
    campaign = Campaign(amazon.url, commerce.url, stamp, seed=seed)
    env = scheduler_env(instance_path, database_url)
    recoveries: list[float] = []
    process = None
    try:
        campaign.seed_catalog()
        store_id = connect_store(db, amazon.url, commerce.url,
                                 integration_time=stamp() - timedelta(hours=1))
        sync_every_tick(db, store_id)
        campaign._post(amazon.url, "/_sandbox/faults", AMAZON_FAULTS)
        campaign._post(commerce.url, "/_sandbox/faults",
                       {**CRASH_COMMERCE_FAULTS, **(COMMERCE_FAULTS if all_faults else {})})
        process = SchedulerProcess(env, work_dir / "scheduler.log")
        rounds = -(-orders // batch)
        kill_rounds = set(rng.sample(range(1, max(rounds, kills + 1)), kills))
        for n in range(rounds):
            campaign.place_orders(min(batch, orders - n * batch))
            if n == rounds // 2:
                campaign.add_late_product()
            campaign.amazon_moves()
            campaign.merchant_ships()
            time.sleep(rng.uniform(0.5, 3.0))  # a random point of the scheduler's work
            campaign.note_run(db, store_id)
            if n in kill_rounds or (n == rounds - 1 and campaign.runs["kills"] < kills):
                process.kill()
                campaign.runs["kills"] += 1
                process = SchedulerProcess(env, work_dir / "scheduler.log")
                # A restarted scheduler must get the store back at once, not when the dead
                # process's lease expires.
                restarted = process.started_at
                if wait_for(lambda at=restarted: last_run_after(db, store_id, at), timeout=60):
                    recoveries.append((datetime.now(restarted.tzinfo) - restarted)
                                      .total_seconds())
        while campaign.runs["kills"] < kills:
            time.sleep(rng.uniform(0.5, 2.0))
            process.kill()
            campaign.runs["kills"] += 1
            process = SchedulerProcess(env, work_dir / "scheduler.log")
        campaign.faults(False)

        def settled() -> bool:
            campaign.merchant_ships(count=0)
            campaign.note_run(db, store_id)
            return not campaign.check(db, [store_id])[1]

        wait_for(settled, timeout=settle_seconds, every=2.0)
        exit_code = process.stop()
        process = None
        counts, problems = campaign.check(db, [store_id])
        counts["kills"] = campaign.runs["kills"]
        counts["scheduler_exit_code"] = exit_code
        counts["restarts_recovered"] = len(recoveries)
        counts["slowest_recovery_s"] = round(max(recoveries, default=0.0), 1)
        if log:
            log(summary(counts) + "\n" + "\n".join(
                f"  {k:<28}{counts[k]}" for k in ("kills", "restarts_recovered",
                                                   "slowest_recovery_s")))
        return Result(counts, problems, campaign.runs, time.perf_counter() - started)
    finally:
        if process is not None:
            process.stop()
        campaign.http.close()
        amazon.stop()
        commerce.stop()
