"""Orders as ``POST /V1/orders`` stores them, and what invoicing, shipping, cancelling and
commenting do to them.

The rules are Magento's where the connector depends on them: the order is stored as sent (no
totals collected, no stock reserved), increment ids are unique per store, an ``entity_id`` in
the body updates instead of creating, invoiced and shipped in full is ``complete``, virtual
items (``is_virtual``) are invoiced but never shipped, the document that fulfils an item (a
shipment, or an invoice for a virtual item) deducts the source and compensates the reservation
as MSI does, cancel answers ``false`` (not an error) when Magento would refuse, and a held
order (``holded``) is neither shipped, invoiced nor canceled until it is released.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from connector.sandbox.commerce.errors import (
    INVALID_VALUE,
    INVOICE_ERRORS,
    NO_ENTITY,
    SHIP_ERRORS,
    UNIQUE,
    MagentoError,
)
from connector.sandbox.commerce.instance import DEFAULT_STATUS, STORE_VIEWS, stock_for_order
from connector.sandbox.commerce.state import CommerceState


def now() -> str:
    """Magento's timestamps: UTC, ``YYYY-MM-DD HH:MM:SS``."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def remaining(item: dict, done: str) -> float:
    """How much of an order item is left to invoice or ship (``done`` names the counter)."""
    return max(0.0, float(item.get("qty_ordered") or 0) - float(item.get(done) or 0)
               - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0))


def create(state: CommerceState, body: dict, store_id: int) -> dict:
    """``POST /V1/orders``: store the order as sent and answer it as saved."""
    entity = copy.deepcopy(body["entity"])
    with state.lock:
        if entity.get("entity_id"):
            return _update(state, entity)
        entity.setdefault("store_id", store_id)
        sid = entity["store_id"]
        if not any(s["id"] == sid for s in STORE_VIEWS):
            raise MagentoError(400, INVALID_VALUE, {"value": str(sid), "fieldName": "store_id"})
        if "increment_id" in entity:
            if any(o["increment_id"] == entity["increment_id"] and o["store_id"] == sid
                   for o in state.orders.values()):
                raise MagentoError(400, UNIQUE)
        else:
            entity["increment_id"] = state.next_increment_id(sid)
        order_id = state.next_id("order")
        stamp = now()
        entity.update({"entity_id": order_id, "quote_id": entity.get("quote_id", 0)})
        entity.setdefault("state", "new")
        entity.setdefault("status", DEFAULT_STATUS.get(entity["state"], "pending"))
        entity.setdefault("created_at", stamp)
        entity["updated_at"] = stamp
        entity.setdefault("total_paid", 0)
        entity.setdefault("total_invoiced", 0)
        entity.setdefault("status_histories", [])
        for item in entity["items"]:
            item.update({"item_id": state.next_id("order_item"), "order_id": order_id,
                         "created_at": stamp, "updated_at": stamp})
            for qty in ("qty_invoiced", "qty_shipped", "qty_canceled", "qty_refunded"):
                item.setdefault(qty, 0)
            item.setdefault("product_type", "simple")
        address = entity["billing_address"]
        address.update({"entity_id": state.next_id("address"), "parent_id": order_id})
        entity["billing_address_id"] = address["entity_id"]
        for assignment in (entity.get("extension_attributes") or {}).get(
                "shipping_assignments") or []:
            shipping_address = assignment.get("shipping", {}).get("address")
            if shipping_address is not None:
                shipping_address.update({"entity_id": state.next_id("address"),
                                         "parent_id": order_id})
        assignments = (entity.get("extension_attributes") or {}).get(
            "shipping_assignments") or []
        if assignments:
            entity["shipping_method"] = assignments[0]["shipping"].get("method")
        entity["payment"].update({"entity_id": state.next_id("payment"),
                                  "parent_id": order_id})
        state.orders[order_id] = entity
        return view(state, order_id)


def _update(state: CommerceState, entity: dict) -> dict:
    order = find(state, entity["entity_id"])
    for key, value in entity.items():
        if key not in ("items", "billing_address", "payment", "extension_attributes"):
            order[key] = value
    order["updated_at"] = now()
    return view(state, order["entity_id"])


def find(state: CommerceState, order_id: int) -> dict:
    """The stored order (callers hold the lock), or Magento's 404."""
    try:
        return state.orders[int(order_id)]
    except (KeyError, ValueError):
        raise MagentoError(404, NO_ENTITY) from None


def view(state: CommerceState, order_id: int) -> dict:
    """The order as ``GET /V1/orders/{id}`` shows it."""
    with state.lock:
        shown = copy.deepcopy(find(state, order_id))
    for assignment in (shown.get("extension_attributes") or {}).get(
            "shipping_assignments") or []:
        assignment["items"] = copy.deepcopy(shown["items"])
    return shown


def _resolve_state(order: dict) -> None:
    """Magento's state resolver: nothing left to invoice or ship is ``complete``."""
    if order["state"] in ("canceled", "holded", "closed"):
        return
    to_invoice = sum(remaining(i, "qty_invoiced") for i in order["items"])
    to_ship = sum(remaining(i, "qty_shipped") for i in order["items"]
                  if not i.get("is_virtual"))
    new_state = "complete" if to_invoice == 0 and to_ship == 0 else "processing"
    if new_state != order["state"]:
        order["state"] = new_state
        order["status"] = DEFAULT_STATUS[new_state]
    order["updated_at"] = now()


def _shippable(order: dict) -> list[dict]:
    """The items a shipment can carry: a virtual item has nothing to ship."""
    return [i for i in order["items"] if not i.get("is_virtual")]


def _lines(candidates: list[dict], requested: list[dict], done: str, verb: str) -> list[tuple]:
    """(order item, qty) pairs for an invoice or shipment of the ``candidates``; all that is
    left by default."""
    items = {i["item_id"]: i for i in candidates}
    if not requested:
        return [(i, remaining(i, done)) for i in candidates if remaining(i, done) > 0]
    lines = []
    for line in requested:
        item = items.get(line["order_item_id"])
        if item is None:
            raise MagentoError(400, f"We found an invalid quantity to {verb} item \"%1\".",
                               [str(line["order_item_id"])])
        if float(line["qty"]) < 0 or float(line["qty"]) > remaining(item, done):
            raise MagentoError(400, f"We found an invalid quantity to {verb} item \"%1\".",
                               [item.get("name") or item["sku"]])
        if float(line["qty"]) > 0:
            lines.append((item, float(line["qty"])))
    return lines


def invoice(state: CommerceState, order_id: int, body: dict) -> int:
    with state.lock:
        order = find(state, order_id)
        if order["state"] in ("payment_review", "holded", "canceled", "complete", "closed"):
            raise MagentoError(400, INVOICE_ERRORS + "An invoice cannot be created when an "
                               f"order has a status of {order['status']}")
        if not any(remaining(i, "qty_invoiced") > 0 for i in order["items"]):
            raise MagentoError(400, INVOICE_ERRORS +
                               "The order does not allow an invoice to be created.")
        lines = _lines(order["items"], body.get("items") or [], "qty_invoiced", "invoice")
        if not lines:
            raise MagentoError(400, INVOICE_ERRORS +
                               "You can't create an invoice without products.")
        # MSI's VirtualSourceDeductionProcessor: an invoice fulfils its virtual items.
        _deduct(state, order, [(i, q) for i, q in lines if i.get("is_virtual")],
                "invoice_created")
        first = not any(i["order_id"] == order["entity_id"]
                        for i in state.invoices.values())
        amount = sum(float(item.get("price") or 0) * qty for item, qty in lines)
        if first:
            amount += float(order.get("shipping_amount") or 0)
        for item, qty in lines:
            item["qty_invoiced"] = float(item["qty_invoiced"]) + qty
        if not any(remaining(i, "qty_invoiced") > 0 for i in order["items"]):
            amount = float(order.get("grand_total") or 0) - float(order["total_invoiced"])
        invoice_id = state.next_id("invoice")
        state.invoices[invoice_id] = {
            "entity_id": invoice_id, "order_id": order["entity_id"],
            "increment_id": f"{invoice_id:09d}", "state": 2, "grand_total": amount,
            "created_at": now(), "store_id": order["store_id"],
            "items": [{"order_item_id": item["item_id"], "sku": item["sku"], "qty": qty}
                      for item, qty in lines]}
        order["total_invoiced"] = float(order["total_invoiced"]) + amount
        order["total_paid"] = float(order["total_paid"]) + amount
        _resolve_state(order)
        return invoice_id


def ship(state: CommerceState, order_id: int, body: dict) -> int:
    with state.lock:
        order = find(state, order_id)
        if order["state"] in ("payment_review", "holded", "canceled"):
            raise MagentoError(400, SHIP_ERRORS + "A shipment cannot be created when an "
                               f"order has a status of {order['state']}")
        if order["state"] in ("complete", "closed") or not any(
                remaining(i, "qty_shipped") > 0 for i in _shippable(order)):
            raise MagentoError(400, SHIP_ERRORS + "The order does not allow a shipment to "
                               "be created.")
        lines = _lines(_shippable(order), body.get("items") or [], "qty_shipped", "ship")
        if not lines:
            raise MagentoError(400, SHIP_ERRORS +
                               "You can't create a shipment without products.")
        _deduct(state, order, lines, "shipment_created")
        shipment_id = state.next_id("shipment")
        stamp = now()
        for item, qty in lines:
            item["qty_shipped"] = float(item["qty_shipped"]) + qty
        state.shipments[shipment_id] = {
            "entity_id": shipment_id, "order_id": order["entity_id"],
            "increment_id": f"{shipment_id:09d}", "store_id": order["store_id"],
            "created_at": stamp, "updated_at": stamp,
            "total_qty": sum(qty for _, qty in lines),
            "items": [{"entity_id": state.next_id("shipment_item"),
                       "parent_id": shipment_id, "order_item_id": item["item_id"],
                       "sku": item["sku"], "name": item.get("name"), "qty": qty,
                       "price": item.get("price"), "product_id": item.get("product_id")}
                      for item, qty in lines],
            "tracks": [{"entity_id": state.next_id("track"), "parent_id": shipment_id,
                        "order_id": order["entity_id"], "created_at": stamp, "updated_at": stamp,
                        "carrier_code": t["carrier_code"], "title": t["title"],
                        "track_number": t["track_number"]}
                       for t in body.get("tracks") or []],
            "comments": [c for c in [body.get("comment")] if c],
            "packages": [], "extension_attributes": {
                "source_code": ((body.get("arguments") or {}).get("extension_attributes")
                                or {}).get("source_code", "default")}}
        _resolve_state(order)
        return shipment_id


def _deduct(state: CommerceState, order: dict, lines: list[tuple], event: str) -> None:
    """What MSI does for the document that fulfils ``lines``: deduct the source and add a
    +qty compensation for each product whose stock it manages; refused as a whole when a
    source holds too little."""
    stock_id = stock_for_order(order)
    deducted = []
    for item, qty in lines:
        product = state.products.get(state.sku_of(item))
        if product and product["manage_stock"]:
            if product["stocks"].get(stock_id, 0.0) < qty:
                raise MagentoError(400, "Not all of your products are available in the "
                                        "requested quantity.")
            deducted.append((product, qty))
    for product, qty in deducted:
        product["stocks"][stock_id] = product["stocks"].get(stock_id, 0.0) - qty
        state.reserve(stock_id, product["sku"], qty, event, order)


def cancel(state: CommerceState, order_id: int) -> bool:
    with state.lock:
        order = find(state, order_id)
        if order["state"] in ("canceled", "complete", "closed", "holded", "payment_review"):
            return False
        if not any(remaining(i, "qty_invoiced") > 0 for i in order["items"]):
            return False  # fully invoiced: a credit memo is needed instead
        stock_id = stock_for_order(order)
        for item in order["items"]:
            left = remaining(item, "qty_shipped")
            left = min(left, remaining(item, "qty_invoiced"))
            if left > 0:
                item["qty_canceled"] = float(item["qty_canceled"]) + left
                if state.sku_of(item) in state.products:
                    state.reserve(stock_id, state.sku_of(item), left, "order_canceled", order)
        order["state"], order["status"] = "canceled", "canceled"
        order["updated_at"] = now()
        return True


HOLD_REFUSED = "A hold action is not available."
UNHOLD_REFUSED = "You cannot remove the hold."


def hold(state: CommerceState, order_id: int) -> bool:
    """Magento's ``Order::hold``: only a new or processing order (``canHold``); its state and
    status are kept to come back to, and while ``holded`` it can be neither shipped, invoiced
    nor canceled."""
    with state.lock:
        order = find(state, order_id)
        if order["state"] in ("canceled", "payment_review", "complete", "closed", "holded"):
            raise MagentoError(400, HOLD_REFUSED)
        order["hold_before_state"], order["hold_before_status"] = order["state"], order["status"]
        order["state"], order["status"] = "holded", DEFAULT_STATUS["holded"]
        order["updated_at"] = now()
        return True


def unhold(state: CommerceState, order_id: int) -> bool:
    """Magento's ``Order::unhold``: back to the state and status before the hold."""
    with state.lock:
        order = find(state, order_id)
        if order["state"] != "holded":
            raise MagentoError(400, UNHOLD_REFUSED)
        order["state"] = order.pop("hold_before_state", None) or "processing"
        order["status"] = order.pop("hold_before_status", None) or DEFAULT_STATUS[order["state"]]
        order["updated_at"] = now()
        return True


def add_comment(state: CommerceState, order_id: int, body: dict) -> bool:
    history = body["statusHistory"]
    with state.lock:
        order = find(state, order_id)
        entry = dict(history)
        entry.update({"entity_id": state.next_id("history"),
                      "parent_id": order["entity_id"], "entity_name": "order",
                      "created_at": now()})
        order["status_histories"].insert(0, entry)
        return True

