"""What the sandbox holds: catalogue and stock, orders with their invoices and shipments,
customers, MSI reservations (with the companion module's holds), call counts and faults.

In memory behind one re-entrant lock: the REST routes, the control API and the page run on the
server's threads, and an order's create, invoice and ship must each look atomic, as Magento's
database transactions make them.
"""

from __future__ import annotations

import threading
from collections import Counter

from connector.sandbox.commerce.faults import FaultSettings
from connector.sandbox.commerce.instance import PENDING_OBJECT


class CommerceState:
    """Everything the sandbox knows; callers hold ``lock`` while they read or change it."""

    def __init__(self):
        self.lock = threading.RLock()
        self.clear()

    def clear(self) -> None:
        """Forget everything: no products, orders, reservations, calls or faults."""
        with self.lock:
            self.orders: dict[int, dict] = {}
            self.invoices: dict[int, dict] = {}
            self.shipments: dict[int, dict] = {}
            self.products: dict[str, dict] = {}
            self.customers: dict[int, dict] = {}
            self.reservations: list[dict] = []
            self.sequences: Counter = Counter()
            self.ids: Counter = Counter()
            self.calls: Counter = Counter()
            self.faults: dict = FaultSettings().load({})

    def next_id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def next_increment_id(self, store_id: int) -> str:
        """The store's next order number, skipping numbers already taken (Magento's sequence
        does not know about increment ids a client sent)."""
        used = {o["increment_id"] for o in self.orders.values() if o.get("store_id") == store_id}
        while True:
            self.sequences[store_id] += 1
            candidate = f"{self.sequences[store_id]:09d}"
            if candidate not in used:
                return candidate

    def salable(self, sku: str, stock_id: int) -> float:
        """MSI's salable quantity: what the sources hold plus the (negative) reservations."""
        product = self.products[sku]
        reserved = sum(r["quantity"] for r in self.reservations
                       if r["sku"] == sku and r["stock_id"] == stock_id)
        return product["stocks"].get(stock_id, 0.0) + reserved

    def catalog_product(self, sku: str) -> dict | None:
        """The product with this SKU in any letter case, as MySQL's collation finds it for
        MSI's lookups by SKU; None when there is none."""
        found = self.products.get(sku)
        if found is None:
            folded = sku.lower()
            found = next((p for p in self.products.values() if p["sku"].lower() == folded),
                         None)
        return found

    def sku_of(self, item: dict) -> str:
        """The SKU MSI books an order item under: its product's current SKU, or the item's
        own when the product is gone (``GetSkuFromOrderItem``)."""
        product_id = item.get("product_id")
        product = next((p for p in self.products.values() if p["id"] == product_id), None)
        return product["sku"] if product_id and product else item["sku"]

    def manages_stock(self, sku: str) -> bool:
        """Whether MSI keeps stock for the SKU; one no longer in the catalog counts as kept."""
        product = self.catalog_product(sku)
        return product is None or product["manage_stock"]

    def reserve(self, stock_id: int, sku: str, quantity: float, event: str, order: dict) -> None:
        self.append_reservation(stock_id, sku, quantity, {
            "event_type": event, "object_type": "order", "object_id": str(order["entity_id"]),
            "object_increment_id": order["increment_id"]})

    def append_reservation(self, stock_id: int, sku: str, quantity: float,
                           metadata: dict) -> None:
        """Append one row, unless MSI's plugin on ``AppendReservations`` drops it: it writes
        nothing for a SKU whose stock is not managed."""
        if not self.manages_stock(sku):
            return
        self.reservations.append({
            "reservation_id": self.next_id("reservation"), "stock_id": stock_id, "sku": sku,
            "quantity": quantity, "metadata": metadata})

    def order_placed(self, order_id: int) -> bool:
        """Whether the order holds ``order_placed`` rows (the module's idempotency check)."""
        return any(r["metadata"]["event_type"] == "order_placed"
                   and r["metadata"]["object_type"] == "order"
                   and r["metadata"]["object_id"] == str(order_id) for r in self.reservations)

    def held_for(self, amazon_order_id: str) -> dict[tuple[int, str], float]:
        """Net quantity per (stock, SKU) that a pending hold keeps for one Amazon order."""
        net: dict[tuple[int, str], float] = {}
        for r in self.reservations:
            meta = r["metadata"]
            if meta["object_type"] == PENDING_OBJECT and meta["object_id"] == amazon_order_id:
                key = (r["stock_id"], r["sku"])
                net[key] = round(net.get(key, 0.0) + r["quantity"], 4)
        return {key: qty for key, qty in net.items() if qty}
