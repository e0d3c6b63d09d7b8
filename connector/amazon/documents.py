"""An Amazon order saved as JSON (a sandbox example, a support case) read into the internal
model: either API's shape, recognised by its fields."""

from __future__ import annotations

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.domain import Order


def parse_order_document(document) -> Order:
    """``{"order": ...}`` in Orders v2026's shape, or v0's with ``items`` (and optionally
    ``address`` and ``buyer``) beside it; raises ``InvalidOrderData``."""
    if not isinstance(document, dict) or "order" not in document:
        raise InvalidOrderData("order", 'expected a JSON object with an "order" field')
    order = document["order"]
    v0 = "items" in document or (isinstance(order, dict) and "AmazonOrderId" in order)
    if not v0:
        return parse_v2026_order(order)
    items = document.get("items", [])
    for key in ("address", "buyer"):
        if document.get(key) is not None and not isinstance(document[key], dict):
            raise InvalidOrderData(key, "expected an object")
    return parse_v0_order(order, items, address=document.get("address"),
                          buyer=document.get("buyer"))
