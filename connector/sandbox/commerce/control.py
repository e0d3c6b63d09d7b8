"""The sandbox's own routes, which Commerce does not have: the control API under ``/_sandbox``
(seed products, read orders and call counts, inject faults, ship as the merchant would, reset);
the pages standing in for the merchant's admin are ``pages``.

They answer in the project's control-API shape (``{"errors": {field: [messages]}}``), not in
Magento's, because a test or the demo calls them, never the connector.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, current_app, request
from marshmallow import Schema, ValidationError, fields, validate

from connector.sandbox.commerce import inventory, orders, pages
from connector.sandbox.commerce.errors import MagentoError
from connector.sandbox.commerce.faults import FaultSettings
from connector.sandbox.commerce.instance import CARRIERS
from connector.sandbox.commerce.rest import OPERATIONS

blueprint = Blueprint("commerce_control", __name__, template_folder="templates")


class MerchantShipment(Schema):
    """What the merchant enters to ship: a carrier, a tracking number, and quantities per
    order item (none: everything left)."""

    carrier_code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    title = fields.String(validate=validate.Length(max=255))
    track_number = fields.String(required=True, validate=validate.Length(min=1, max=255))
    items = fields.List(fields.Dict(), load_default=list)


def _sandbox():
    return current_app.extensions["commerce_sandbox"]


def _refused(errors: Any, status: int = 400):
    return {"errors": errors}, status


@blueprint.post("/_sandbox/products")
def seed_products():
    payload = request.get_json(silent=True)
    products = payload.get("products") if isinstance(payload, dict) else payload
    if not isinstance(products, list):
        return _refused({"_schema": ["a list of products, or {\"products\": [...]}"]})
    try:
        return {"products": inventory.seed_products(_sandbox().state, products)}
    except ValidationError as exc:
        return _refused(exc.messages)


@blueprint.get("/_sandbox/orders")
def list_orders():
    state = _sandbox().state
    with state.lock:
        return {"orders": [orders.view(state, i) for i in sorted(state.orders)]}


@blueprint.post("/_sandbox/orders/<int:order_id>/ship")
def ship(order_id: int):
    is_form = not request.is_json
    if is_form:
        form = request.form
        data = {"carrier_code": form.get("carrier_code", ""),
                "track_number": form.get("track_number", "").strip(),
                "items": [{"order_item_id": k[4:], "qty": v} for k, v in form.items()
                          if k.startswith("qty_") and v and k[4:].isdigit()]}
    else:
        data = request.get_json(silent=True) or {}
    try:
        shipment = MerchantShipment().load(data)
    except ValidationError as exc:
        return _refused(exc.messages)
    items = []
    for line in shipment["items"]:
        try:
            item = {"order_item_id": int(line["order_item_id"]), "qty": float(line["qty"])}
        except (KeyError, TypeError, ValueError):
            item = None
        if item is None or not math.isfinite(item["qty"]):
            return _refused({"items": ["each item needs order_item_id and qty, as numbers"]})
        items.append(item)
    if items and all(i["qty"] == 0 for i in items):
        return _refused({"items": ["nothing to ship"]})
    title = shipment.get("title") or CARRIERS.get(shipment["carrier_code"],
                                                   shipment["carrier_code"])
    body = {"items": [i for i in items if i["qty"] > 0],
            "tracks": [{"carrier_code": shipment["carrier_code"], "title": title,
                        "track_number": shipment["track_number"]}]}
    try:
        shipment_id = orders.ship(_sandbox().state, order_id, body)
    except MagentoError as error:
        return _refused({"_schema": [error.message]}, error.status)
    if is_form:
        message = f"Shipment {shipment_id} created for order {order_id}."
        if request.form.get("back") == "order":
            return pages.done(message, "commerce_pages.order_view", order_id=order_id)
        return pages.done(message, "commerce_pages.index")
    return {"shipment_id": shipment_id}


@blueprint.get("/_sandbox/calls")
def calls():
    state = _sandbox().state
    with state.lock:
        return dict(state.calls)


@blueprint.post("/_sandbox/faults")
def set_faults():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _refused({"_schema": ["a JSON object"]})
    try:
        settings = FaultSettings().load(payload)
    except ValidationError as exc:
        return _refused(exc.messages)
    unknown = sorted(set(settings["latency_ms"]) - OPERATIONS)
    if unknown:
        return _refused({"latency_ms": [f"unknown operation {u!r}" for u in unknown]})
    state = _sandbox().state
    with state.lock:
        state.faults = settings
    return settings


@blueprint.post("/_sandbox/reset")
def reset():
    _sandbox().reset()
    return {"reset": True}
