"""Pages of raw Amazon JSON fed through the client's real parsing path (``searchOrders`` and
``getOrders`` page walking), without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from connector.amazon import orders_v2026
from connector.amazon.orders_v0 import V0Orders

UNTIL = "2030-01-01T00:00:00Z"


class CannedTransport:
    """Answers each SP-API call with the next canned body (v0: the order items by id)."""

    def __init__(self, bodies: list, items: dict | None = None):
        self.bodies = list(bodies)
        self.items = items or {}
        self.calls: list[str] = []

    def call(self, operation, method, path, *, params=None, body=None, token=None,
             retry=None):
        self.calls.append(operation)
        if operation == "createRestrictedDataToken":
            return {"restrictedDataToken": "Atz.sprdt|x", "expiresIn": 3600}
        if operation == "getOrderItems":
            order_id = path.split("/")[-2]
            return {"payload": {"AmazonOrderId": order_id,
                                "OrderItems": self.items.get(order_id, [])}}
        return self.bodies.pop(0)


def v2026_pages(*pages: list) -> list:
    """The ``OrderPage``s the client yields for these pages of raw v2026 orders."""
    bodies = []
    for n, orders in enumerate(pages):
        body = {"orders": orders, "lastUpdatedBefore": UNTIL}
        if n < len(pages) - 1:
            body["pagination"] = {"nextToken": f"t{n}"}
        bodies.append(body)
    since = datetime(2020, 1, 1, tzinfo=UTC)
    return list(orders_v2026.search_orders(CannedTransport(bodies), ["ATVPDKIKX0DER"], since,
                                           since + timedelta(days=3650)))


def v0_pages(orders: list, items: dict) -> list:
    transport = CannedTransport([{"payload": {"Orders": orders, "LastUpdatedBefore": UNTIL}}],
                                items)
    since = datetime(2020, 1, 1, tzinfo=UTC)
    return list(V0Orders(transport).search_orders(["ATVPDKIKX0DER"], since,
                                                  since + timedelta(days=3650)))


class PagedAmazon:
    """Stands in for ``AmazonClient`` in ``sync_store``: yields prepared pages."""

    def __init__(self, pages: list):
        self.pages = pages

    def iter_orders_updated(self, marketplace_ids, since, until=None, *, statuses=()):
        yield from self.pages

    def close(self) -> None:
        pass
