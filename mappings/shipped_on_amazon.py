"""Units Amazon shipped that Commerce has not -> the Commerce shipment that records them.

A merchant who ships some orders from Seller Central (bought shipping there, say) never ships
them in Commerce, so the Commerce order would stay open and its stock would never be deducted.
The connector then records Amazon's shipment in Commerce: per Commerce item, what Amazon
shipped beyond what Commerce shipped. Its comment marks it, so it is never confirmed back to
Amazon: Amazon already has that package, and a second one would count the units twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from connector.domain.statuses import OrderStatus

if TYPE_CHECKING:
    from connector.domain import Order

SHIPPED = OrderStatus.SHIPPED
MARK = "Shipped from Seller Central"
COMMENT = (f"{MARK}: recorded from Amazon so that the order can complete. The tracking "
           "details are in Seller Central.")


def _units(value) -> int:
    try:
        return int(Decimal(str(value or 0)))
    except (InvalidOperation, ValueError):
        return 0


def _open_units(item: Mapping) -> int:
    """What Commerce could still ship of an item."""
    return max(0, _units(item.get("qty_ordered")) - _units(item.get("qty_shipped"))
               - _units(item.get("qty_canceled")) - _units(item.get("qty_refunded")))


def shipment_for_amazon_shipped(order: Order, commerce_items: Iterable[Mapping]) -> dict | None:
    """The ``POST /V1/order/{id}/ship`` body for the units Amazon shipped and Commerce did
    not, or None when there are none. Commerce items are linked to Amazon's by
    ``ext_order_item_id``; items without one (not imported by the connector) are left out."""
    everything = order.status == SHIPPED  # Amazon's word for "every unit shipped"
    shipped_on_amazon = {item.order_item_id: item.quantity_ordered if everything
                         else item.quantity_shipped for item in order.items}
    lines = []
    for item in commerce_items:
        amazon_id = item.get("ext_order_item_id")
        if item.get("parent_item_id") or item.get("item_id") is None or not amazon_id:
            continue
        missing = shipped_on_amazon.get(str(amazon_id), 0) - _units(item.get("qty_shipped"))
        qty = min(missing, _open_units(item))
        if qty > 0:
            lines.append({"order_item_id": int(item["item_id"]), "qty": qty})
    if not lines:
        return None
    return {"items": lines, "notify": False, "appendComment": True,
            "comment": {"comment": COMMENT, "is_visible_on_front": 0}}


def made_on_amazon(shipment: Mapping) -> bool:
    """Whether a Commerce shipment records a shipment made in Seller Central."""
    return any(MARK in str((c or {}).get("comment") or "")
               for c in shipment.get("comments") or ())
