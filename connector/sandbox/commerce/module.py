"""The companion module's routes (``commerce-module/``, ``AmazonOrders_Bridge``): MSI
reservations for an imported order, which ``POST /V1/orders`` does not place, and holds for
Amazon orders still Pending, which are not in Commerce yet.

Both are idempotent, as the module is, because the connector calls them again after a lost
answer: the reservation ledger itself says what was already placed or held.
"""

from __future__ import annotations

from connector.sandbox.commerce import orders
from connector.sandbox.commerce.errors import NO_STORE, MagentoError
from connector.sandbox.commerce.instance import (
    PENDING_ID,
    PENDING_OBJECT,
    STOCK_TYPES,
    stock_for_order,
    stock_for_store,
    store_view,
)
from connector.sandbox.commerce.state import CommerceState


def place_reservations(state: CommerceState, body: dict) -> str:
    """``"placed"``, ``"already_placed"``, or ``"skipped"`` (an order shipped without a
    Commerce shipment, i.e. by Amazon, or with nothing that carries stock)."""
    with state.lock:
        order = orders.find(state, body["orderId"])
        if order["entity_id"] in state.reserved_orders:
            return "already_placed"
        items = [i for i in order["items"]
                 if i.get("product_type", "simple") not in ("configurable", "bundle")
                 and not i.get("is_virtual")]  # parents: their simple children carry it
        has_shipment = any(s["order_id"] == order["entity_id"]
                           for s in state.shipments.values())
        shipped_elsewhere = any(float(i.get("qty_shipped") or 0) > 0 for i in items)
        if not items or (shipped_elsewhere and not has_shipment):
            return "skipped"
        stock_id = stock_for_order(order)
        for item in items:
            state.reserve(stock_id, item["sku"], -float(item["qty_ordered"]),
                          "order_placed", order)
        state.reserved_orders.add(order["entity_id"])
        return "placed"


def hold_pending(state: CommerceState, body: dict) -> str:
    """Negative reservations per SKU for an Amazon order not in Commerce yet: ``"held"``,
    ``"already_held"``, or ``"skipped"`` (unknown SKUs and types without stock hold
    nothing)."""
    amazon_order_id = body["amazonOrderId"]
    if not PENDING_ID.match(amazon_order_id):
        raise MagentoError(400, 'The Amazon order id "%1" is not valid.', [amazon_order_id])
    if any(float(item["qty"]) <= 0 for item in body["items"]):
        raise MagentoError(400, "Every quantity to hold must be greater than 0.")
    store = store_view(body["storeCode"])
    if store is None:
        raise MagentoError(404, NO_STORE)
    with state.lock:
        if state.held_for(amazon_order_id):
            return "already_held"
        wanted: dict[str, float] = {}
        for item in body["items"]:
            product = state.products.get(item["sku"])
            if product is not None and product["type_id"] in STOCK_TYPES:
                wanted[item["sku"]] = wanted.get(item["sku"], 0.0) + float(item["qty"])
        if not wanted:
            return "skipped"
        stock_id = stock_for_store(store)
        for sku, qty in wanted.items():
            state.append_reservation(stock_id, sku, -qty, {
                "event_type": "amazon_pending_held", "object_type": PENDING_OBJECT,
                "object_id": amazon_order_id})
        return "held"


def release_pending(state: CommerceState, amazon_order_id: str) -> str:
    """Compensate whatever a pending hold still keeps, per stock and SKU: ``"released"`` or
    ``"not_held"``."""
    with state.lock:
        held = state.held_for(amazon_order_id)
        for (stock_id, sku), qty in held.items():
            state.append_reservation(stock_id, sku, -qty, {
                "event_type": "amazon_pending_released", "object_type": PENDING_OBJECT,
                "object_id": amazon_order_id})
        return "released" if held else "not_held"
