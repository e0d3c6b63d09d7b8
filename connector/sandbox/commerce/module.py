"""The companion module's routes (``commerce-module/``, ``AmazonOrders_Bridge``): MSI
reservations for an imported order, which ``POST /V1/orders`` does not place, and holds for
Amazon orders still Pending, which are not in Commerce yet.

They answer as the module does (its README's rules), with MSI's part played by the state:
types without source items get no row, and nothing is written for a product whose stock is
not managed. Both are idempotent, as the module is, because the connector calls them again
after a lost answer: the reservation ledger itself says what was already placed or held.
"""

from __future__ import annotations

from collections import defaultdict

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

RELEASE_REFUSED = (
    "MSI did not write the release of Amazon order %1's reserved quantity: \"Decrease Stock "
    "When Order is Placed\" is off, or a held product no longer manages stock. The quantity "
    "stays reserved; try again once that is changed.")


def _carries_stock(state: CommerceState, sku: str) -> bool:
    """MSI's type check when placing: a SKU not in the catalog is written as given."""
    product = state.catalog_product(sku)
    return product is None or product["type_id"] in STOCK_TYPES


def _order_quantities(state: CommerceState, order: dict) -> dict[str, float]:
    """What an order must hold per SKU (the module's ``ReservationPlan``): every item but a
    parent, under its product's SKU, except items fulfilled without the Commerce document that
    releases them (a shipment, or an invoice for a virtual item), as Amazon-fulfilled orders
    are imported."""
    items = order["items"]
    parents = {i.get("parent_item_id") for i in items if i.get("parent_item_id")}
    counted = [i for i in items if i.get("item_id") not in parents]
    documents = {"qty_shipped": state.shipments, "qty_invoiced": state.invoices}
    outside = {}
    for virtual, done in ((False, "qty_shipped"), (True, "qty_invoiced")):
        fulfilled = sum(float(i.get(done) or 0) for i in counted
                        if bool(i.get("is_virtual")) == virtual)
        has_document = any(d["order_id"] == order["entity_id"]
                           for d in documents[done].values())
        outside[virtual] = fulfilled > 0 and not has_document
    quantities: dict[str, float] = defaultdict(float)
    for item in counted:
        if not outside[bool(item.get("is_virtual"))] and float(item["qty_ordered"]) > 0:
            quantities[state.sku_of(item)] += float(item["qty_ordered"])
    return dict(quantities)


def place_reservations(state: CommerceState, body: dict) -> str:
    """``"placed"``, ``"already_placed"``, or ``"skipped"`` (nothing to hold: every item
    fulfilled outside Commerce, or a parent)."""
    with state.lock:
        order = orders.find(state, body["orderId"])
        if state.order_placed(order["entity_id"]):
            return "already_placed"
        quantities = _order_quantities(state, order)
        if not quantities:
            return "skipped"
        stock_id = stock_for_order(order)
        for sku, qty in quantities.items():
            if _carries_stock(state, sku):
                state.reserve(stock_id, sku, -qty, "order_placed", order)
        return "placed"


def _valid_id(amazon_order_id: str) -> str:
    if not PENDING_ID.match(amazon_order_id):
        raise MagentoError(400, 'The Amazon order id "%1" is not valid: use 1 to 64 letters, '
                                'digits and dashes.', [amazon_order_id])
    return amazon_order_id


def _pending_metadata(event: str, amazon_order_id: str) -> dict:
    """The Amazon order id is the increment id too, so MSI's cleanup groups a hold's rows
    with each other only."""
    return {"event_type": event, "object_type": PENDING_OBJECT, "object_id": amazon_order_id,
            "object_increment_id": amazon_order_id}


def hold_pending(state: CommerceState, body: dict) -> str:
    """Negative reservations per SKU, as the catalog spells it, for an Amazon order not in
    Commerce yet: ``"held"``, ``"already_held"``, or ``"skipped"`` (unknown SKUs, types
    without stock and products whose stock is not managed hold nothing)."""
    amazon_order_id = _valid_id(body["amazonOrderId"])
    if any(float(item["qty"]) <= 0 for item in body["items"]):
        raise MagentoError(400, "Every quantity to hold must be greater than 0.")
    store = store_view(body["storeCode"])
    if store is None:
        raise MagentoError(404, NO_STORE)
    if not store["website_id"]:
        raise MagentoError(400, 'The store view "%1" belongs to no website.',
                           [body["storeCode"]])
    with state.lock:
        if state.held_for(amazon_order_id):
            return "already_held"
        wanted: dict[str, float] = defaultdict(float)
        for item in body["items"]:
            product = state.catalog_product(item["sku"])
            if product is not None and product["type_id"] in STOCK_TYPES:
                wanted[product["sku"]] += float(item["qty"])
        stock_id = stock_for_store(store)
        for sku, qty in wanted.items():
            state.append_reservation(stock_id, sku, -round(qty, 4),
                                     _pending_metadata("amazon_pending_held", amazon_order_id))
        return "held" if state.held_for(amazon_order_id) else "skipped"


def release_pending(state: CommerceState, amazon_order_id: str) -> str:
    """Compensate whatever a pending hold still keeps, per stock and SKU: ``"released"`` or
    ``"not_held"``; a 400 with the reason while MSI leaves some of it held."""
    _valid_id(amazon_order_id)
    with state.lock:
        held = state.held_for(amazon_order_id)
        if not held:
            return "not_held"
        for (stock_id, sku), qty in held.items():
            state.append_reservation(stock_id, sku, -qty, _pending_metadata(
                "amazon_pending_released", amazon_order_id))
        if state.held_for(amazon_order_id):
            raise MagentoError(400, RELEASE_REFUSED, [amazon_order_id])
        return "released"
