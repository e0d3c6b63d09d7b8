"""A small world for end-to-end tests: the Amazon and Commerce sandboxes over real HTTP, a
store connected to both, and a clock the test moves forward."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import requests

from connector.amazon import AmazonClient, LwaCredentials, RateLimiter
from connector.commerce import CommerceClient
from connector.models import Store
from connector.orders.coordination import process_owner
from connector.orders.runner import run_store
from connector.orders.services import Services
from connector.stores import add_store

#: The world's Commerce client gives up after this many seconds (a hung call outlasts it). Long
#: enough that a loaded machine running tests in parallel never looks like a Commerce outage.
TIMEOUT = 10
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PRODUCTS = [
    {"sku": "MUG-1", "name": "Mug", "price": 12, "qty": 100},
    {"sku": "KETTLE-1", "name": "Kettle", "price": 40, "qty": 100},
    {"sku": "OFF-1", "name": "Old lamp", "price": 20, "qty": 100, "status": 2},
    {"sku": "EMPTY-1", "name": "Sold out", "price": 20, "qty": 0},
]
_ids = itertools.count(1)


class Clock:
    """Wall-clock time shared by the sandboxes and the connector; moves only when told."""

    def __init__(self, start: datetime = START):
        self.now_value = start

    def now(self) -> datetime:
        return self.now_value

    def advance(self, minutes: float = 3) -> None:
        self.now_value += timedelta(minutes=minutes)


def amazon_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def v2026_order(order_id: str, items: list[tuple[str, int, str]], *, created: datetime,
                status: str = "PENDING", fulfilled_by: str = "MERCHANT",
                buyer: str = "Jane Doe", tax_rate: Decimal = Decimal("0.08")) -> dict:
    """An Amazon order in Orders v2026 JSON; ``items`` are (seller SKU, quantity, unit price)."""
    order_items, total = [], Decimal("0")
    for n, (sku, qty, price) in enumerate(items, start=1):
        line = Decimal(price) * qty
        tax = (line * tax_rate).quantize(Decimal("0.01"))
        total += line + tax
        order_items.append({
            "orderItemId": f"{order_id.replace('-', '')}{n:02d}", "quantityOrdered": qty,
            "product": {"asin": f"B0TEST{n:04d}", "sellerSku": sku, "title": f"Item {sku}",
                        "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                        "price": {"unitPrice": {"amount": price, "currencyCode": "USD"}}},
            "proceeds": {"proceedsTotal": {"amount": str(line + tax), "currencyCode": "USD"},
                         "breakdowns": [
                             {"type": "ITEM", "subtotal": {"amount": str(line),
                                                           "currencyCode": "USD"}},
                             {"type": "TAX", "subtotal": {"amount": str(tax),
                                                          "currencyCode": "USD"},
                              "detailedBreakdowns": [{"subtype": "ITEM", "value": {
                                  "amount": str(tax), "currencyCode": "USD"}}]}]},
            "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": qty}})
    return {
        "orderId": order_id, "createdTime": amazon_time(created),
        "lastUpdatedTime": amazon_time(created),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER",
                         "marketplaceName": "Amazon.com"},
        "buyer": {"buyerName": buyer, "buyerEmail": "buyer1@marketplace.amazon.com"},
        "recipient": {"deliveryAddress": {
            "name": buyer, "addressLine1": "1420 Maple Avenue", "city": "Denver",
            "stateOrRegion": "CO", "postalCode": "80202", "countryCode": "US",
            "phone": "+13035550147", "addressType": "RESIDENTIAL"}},
        "proceeds": {"grandTotal": {"amount": str(total), "currencyCode": "USD"}},
        "fulfillment": {"fulfillmentStatus": status, "fulfilledBy": fulfilled_by,
                        "fulfillmentServiceLevel": "STANDARD"},
        "orderItems": order_items,
    }


@dataclass
class World:
    app: object
    amazon_url: str
    commerce_url: str
    clock: Clock
    store_id: int = 0
    lifecycle: Services | None = None
    http: requests.Session = field(default_factory=requests.Session)
    #: The Amazon sandbox's order book, for orders its control API would refuse.
    amazon_book: object = None
    #: How much faster than Amazon the sandbox refills its rate limits; the connector's own
    #: buckets run on a clock as fast (a bucket kept from the last run refills in the
    #: sandbox's time, not in Amazon's minutes).
    time_scale: float = 1.0

    # -- Amazon side ------------------------------------------------------------------------
    def place_order(self, items, *, status="PENDING", fulfilled_by="MERCHANT", order_id=None,
                    buyer="Jane Doe") -> str:
        order_id = order_id or f"111-{next(_ids):07d}-0000001"
        body = v2026_order(order_id, items, created=self.clock.now(), status=status,
                           fulfilled_by=fulfilled_by, buyer=buyer)
        r = self.http.post(f"{self.amazon_url}/_sandbox/orders", json=body)
        assert r.status_code == 201, r.text
        return order_id

    def amazon_moves(self, order_id: str, status: str) -> dict:
        r = self.http.post(f"{self.amazon_url}/_sandbox/orders/{order_id}/status",
                           json={"status": status})
        assert r.status_code == 200, r.text
        return r.json()

    def amazon_order(self, order_id: str) -> dict:
        return self.http.get(f"{self.amazon_url}/_sandbox/orders/{order_id}").json()

    def amazon_calls(self) -> dict:
        return self.http.get(f"{self.amazon_url}/_sandbox/calls").json()

    def amazon_faults(self, **faults) -> None:
        assert self.http.post(f"{self.amazon_url}/_sandbox/faults", json=faults).ok

    def amazon_feeds(self) -> list[dict]:
        """The feeds the Amazon sandbox received, with documents, reports and results."""
        return self.http.get(f"{self.amazon_url}/_sandbox/feeds").json()["feeds"]

    def buyer_asks_to_cancel(self, order_id: str, reason: str | None = "Ordered by mistake"
                             ) -> dict:
        """The buyer asks Amazon to cancel (``reason`` None: the request goes away)."""
        url = f"{self.amazon_url}/_sandbox/orders/{order_id}/buyer-cancel-request"
        r = (self.http.post(url, json={"reason": reason}) if reason is not None
             else self.http.delete(url))
        assert r.status_code == 200, r.text
        return r.json()

    # -- Commerce side ----------------------------------------------------------------------
    def seed_products(self, *products: dict) -> None:
        r = self.http.post(f"{self.commerce_url}/_sandbox/products",
                           json={"products": list(products)})
        assert r.ok, r.text

    def commerce_orders(self) -> list[dict]:
        return self.http.get(f"{self.commerce_url}/_sandbox/orders").json()["orders"]

    def commerce_order_for(self, amazon_order_id: str) -> dict | None:
        found = [o for o in self.commerce_orders() if o.get("ext_order_id") == amazon_order_id]
        assert len(found) <= 1, f"{len(found)} Commerce orders for {amazon_order_id}"
        return found[0] if found else None

    def merchant_ships(self, commerce_order_id: int, carrier="ups", track="1Z999AA10123456784",
                       items=None) -> int:
        body = {"carrier_code": carrier, "track_number": track}
        if items is not None:
            body["items"] = items
        r = self.http.post(f"{self.commerce_url}/_sandbox/orders/{commerce_order_id}/ship",
                           json=body)
        assert r.ok, r.text
        return r.json()["shipment_id"]

    def commerce_faults(self, **faults) -> None:
        assert self.http.post(f"{self.commerce_url}/_sandbox/faults", json=faults).ok, faults

    def commerce_calls(self) -> dict:
        return self.http.get(f"{self.commerce_url}/_sandbox/calls").json()

    # -- the connector ----------------------------------------------------------------------
    def run(self, minutes: float = 3):
        """Let time pass (Amazon only shows changes older than 2 minutes), then run once."""
        self.clock.advance(minutes)
        return run_store(self.lifecycle, self.store_id)

    def db(self):
        return self.app.extensions["connector_db"]


def connect_store(world: World, *, read_only=False, amazon_api="v2026", **store_fields) -> None:
    with world.db().session() as session:
        store = add_store(session, {
            "name": "Demo US", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
            "seller_id": "A1SELLER", "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "amazon_endpoint": world.amazon_url,
            "amazon_lwa_url": f"{world.amazon_url}/auth/o2/token",
            "amazon_api": amazon_api, "commerce_url": world.commerce_url,
            "commerce_token": "sandbox-token",
            "integration_time": (world.clock.now() - timedelta(hours=1)).isoformat(),
            **store_fields})
        world.store_id = store.id

    def amazon(store: Store) -> AmazonClient:
        return AmazonClient(
            LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
            store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
            api=store.amazon_api, now=world.clock.now, sleep=lambda s: None,
            limiter=RateLimiter(clock=lambda: time.monotonic() * world.time_scale,
                                sleep=lambda s: time.sleep(s / world.time_scale)))

    def commerce(store: Store, pool_size: int = 1) -> CommerceClient:
        return CommerceClient(store.commerce_url, json.loads(store.commerce_credentials),
                              store.commerce_store_code, timeout=TIMEOUT,
                              sleep=lambda s: None)

    world.lifecycle = Services(db=world.db(), owner=process_owner(), read_only=read_only,
                                amazon_factory=amazon, commerce_factory=commerce,
                                clock=world.clock.now)


def make_world(app, live_server, clock: Clock | None = None, *,
               amazon_options: dict | None = None, commerce_options: dict | None = None,
               **store_options) -> World:
    """Both sandboxes over real HTTP, the demo products, and a connected store;
    ``amazon_options`` go to ``create_amazon_sandbox``, ``commerce_options`` to
    ``create_commerce_sandbox``."""
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox

    clock = clock or Clock()
    amazon_options = {"samples": False, "time_scale": 1000.0, "now": clock.now,
                      **(amazon_options or {})}
    amazon_app = create_amazon_sandbox(**amazon_options)
    amazon = live_server(amazon_app)
    commerce = live_server(create_commerce_sandbox(**{"hang_seconds": TIMEOUT + 2,
                                                      **(commerce_options or {})}))
    world = World(app=app, amazon_url=amazon.url, commerce_url=commerce.url, clock=clock,
                  amazon_book=amazon_app.extensions["amazon_sandbox"].book,
                  time_scale=amazon_options["time_scale"])
    world.seed_products(*PRODUCTS)
    connect_store(world, **store_options)
    return world
