"""A Commerce shipment -> the body of Amazon's ``confirmShipment`` (Orders v0).

One Commerce shipment is one Amazon package: its id is the package reference (a positive
number, unique within the order, as Amazon asks), its first track gives carrier and tracking
number, and its items, mapped back to Amazon order item ids, say what is in the package (a
partial shipment confirms only what it holds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connector.domain import Order

OTHER = "Other"

# Commerce's carrier codes -> Amazon's carrier codes. Anything else is "Other", named by the
# track's title; a store's carrier mapping adds to or overrides these.
CARRIERS = {
    "ups": "UPS",
    "usps": "USPS",
    "fedex": "FedEx",
    "dhl": "DHL",
}


class ShipmentMappingError(ValueError):
    """The shipment cannot be described to Amazon; the message says which part is missing."""


def amazon_carrier(commerce_code: str | None, carrier_mapping: Mapping[str, str] | None = None
                   ) -> str:
    code = (commerce_code or "").strip().lower()
    mapping = CARRIERS | {k.strip().lower(): v for k, v in (carrier_mapping or {}).items()}
    return mapping.get(code, OTHER)


def ship_date(value) -> str:
    """Commerce's ``created_at`` (``2024-12-25 14:00:00``, UTC) -> ``2024-12-25T14:00:00Z``."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace(" ", "T", 1)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ShipmentMappingError(f"created_at: not a date-time: {value!r}") from None
    else:
        raise ShipmentMappingError("created_at: the shipment has no creation time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quantity(value, where: str) -> int:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ShipmentMappingError(f"{where}.qty: not a number: {value!r}") from None
    if number != number.to_integral_value() or number < 0:
        raise ShipmentMappingError(f"{where}.qty: not a whole quantity: {value!r}")
    return int(number)


def _amazon_item_ids(order: Order, commerce_items: Iterable[Mapping] | None
                     ) -> tuple[dict[int, str], dict[str, str]]:
    """Commerce order item id -> Amazon order item id (from ``ext_order_item_id``), and, for
    orders whose Commerce items are not given, Amazon seller SKU -> Amazon order item id."""
    by_item_id: dict[int, str] = {}
    for entry in commerce_items or ():
        ext_id = entry.get("ext_order_item_id")
        if entry.get("item_id") is not None and ext_id:
            by_item_id[int(entry["item_id"])] = str(ext_id)
    by_sku: dict[str, str] = {}
    duplicates = set()
    for item in order.items:
        if item.seller_sku:
            if item.seller_sku in by_sku:
                duplicates.add(item.seller_sku)
            by_sku[item.seller_sku] = item.order_item_id
    for sku in duplicates:
        del by_sku[sku]
    return by_item_id, by_sku


def shipment_confirmation(order: Order, shipment: Mapping,
                          carrier_mapping: Mapping[str, str] | None = None, *,
                          commerce_items: Iterable[Mapping] | None = None) -> dict:
    """The confirmShipment body for one Commerce shipment of an Amazon order.

    ``shipment`` is a Commerce shipment as ``GET /V1/shipments`` returns it (``entity_id``,
    ``created_at``, ``items[{order_item_id, qty, sku}]``, ``tracks[{carrier_code, title,
    track_number}]``). ``commerce_items`` are the Commerce order's items (``item_id``,
    ``ext_order_item_id``), which link each shipped item to its Amazon order item; without
    them an item is linked by SKU, which works for same-SKU matching. Amazon takes one
    tracking number per package: the shipment's first track."""
    shipment_id = shipment.get("entity_id")
    if shipment_id is None or int(shipment_id) <= 0:
        raise ShipmentMappingError("entity_id: the shipment has no id to use as package reference")
    tracks = [t for t in shipment.get("tracks") or () if (t.get("track_number") or "").strip()]
    if not tracks:
        raise ShipmentMappingError("tracks: the shipment has no tracking number")
    track = tracks[0]
    carrier = amazon_carrier(track.get("carrier_code"), carrier_mapping)
    title = (track.get("title") or "").strip()

    by_item_id, by_sku = _amazon_item_ids(order, commerce_items)
    quantities: dict[str, int] = {}
    for index, entry in enumerate(shipment.get("items") or ()):
        where = f"items[{index}]"
        qty = _quantity(entry.get("qty"), where)
        if qty == 0:
            continue
        amazon_id = None
        if entry.get("order_item_id") is not None:
            amazon_id = by_item_id.get(int(entry["order_item_id"]))
        if amazon_id is None and entry.get("sku"):
            amazon_id = by_sku.get(entry["sku"])
        if amazon_id is None:
            raise ShipmentMappingError(
                f"{where}: Commerce order item {entry.get('order_item_id')} "
                f"(SKU {entry.get('sku')!r}) has no Amazon order item id")
        quantities[amazon_id] = quantities.get(amazon_id, 0) + qty
    if not quantities:
        raise ShipmentMappingError("items: the shipment holds no items")

    package = {
        "packageReferenceId": str(int(shipment_id)),
        "carrierCode": carrier,
        "trackingNumber": track["track_number"].strip(),
        "shipDate": ship_date(shipment.get("created_at")),
        "orderItems": [{"orderItemId": item_id, "quantity": qty}
                       for item_id, qty in quantities.items()],
    }
    if carrier == OTHER:
        package["carrierName"] = title or (track.get("carrier_code") or "").strip() or OTHER
    if title:
        package["shippingMethod"] = title
    if not order.marketplace_id:
        raise ShipmentMappingError("marketplaceId: the Amazon order has no marketplace id")
    return {"marketplaceId": order.marketplace_id, "packageDetail": package}
