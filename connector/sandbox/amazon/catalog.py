"""What the sandbox sells and the orders it starts with: the demo catalogue, a US order built
from it (as the page places one), and the bundled sample orders.

The catalogue is shared with the demo's Commerce sandbox, so an order placed on the page
finds its products in Commerce.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources

from connector.sandbox.amazon.contract import amazon_time, parse_time

#: The default catalogue: seller SKU -> (title, unit price in the US-dollar scale).
DEFAULT_CATALOG: dict[str, tuple[str, str]] = {
    "OAK-SHELF-90": ("Oak wall shelf, 90 cm", "39.95"),
    "BRACKET-SET-4": ("Shelf bracket set (4)", "12.50"),
    "TEA-EARLGREY-250": ("Earl Grey loose leaf tea, 250 g", "9.99"),
    "MATCHA-TIN-40": ("Ceremonial matcha tin, 40 g", "19.90"),
    "MUG-STONE-350": ("Stoneware mug, 350 ml", "14.00"),
    "KETTLE-GOOSE-1L": ("Gooseneck kettle, 1 l", "54.00"),
    "YOGA-MAT-6MM": ("Yoga mat, 6 mm, slate", "29.99"),
    "LED-DESK-LAMP": ("LED desk lamp with dimmer", "34.50"),
    "CABLE-USBC-2M": ("USB-C cable, 2 m, braided", "8.99"),
    "NOTEBOOK-A5-DOT": ("A5 dotted notebook", "11.25"),
    "BACKPACK-20L": ("Commuter backpack, 20 l", "64.00"),
    "SOCKS-MERINO-3": ("Merino socks, 3 pairs", "24.00"),
}

US = ("ATVPDKIKX0DER", "Amazon.com", "USD", Decimal("0.0725"))
CENT = Decimal("0.01")


def new_order_id(taken, rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    while True:
        order_id = f"113-{rng.randrange(10 ** 7):07d}-{rng.randrange(10 ** 7):07d}"
        if order_id not in taken:
            return order_id


def build_order(order_id: str, lines: list[tuple[str, int]], catalog: Mapping, *,
                created: datetime, updated: datetime | None = None, status: str = "PENDING",
                fulfilled_by: str = "MERCHANT", buyer: str = "Jane Doe") -> dict:
    """A US order in Orders v2026 JSON; ``lines`` are (seller SKU, quantity) from ``catalog``
    (SKU -> (title, unit price)). Shipped orders have every unit fulfilled."""
    marketplace, channel, currency, tax_rate = US
    items, total = [], Decimal("0")
    shipped = status == "SHIPPED"
    for n, (sku, quantity) in enumerate(lines, start=1):
        title, price = catalog[sku]
        unit = Decimal(str(price)).quantize(CENT)
        line = unit * quantity
        tax = (line * tax_rate).quantize(CENT)
        total += line + tax
        items.append({
            "orderItemId": f"{order_id.replace('-', '')}{n:02d}", "quantityOrdered": quantity,
            "product": {"asin": f"B0DEMO{n:04d}", "sellerSku": sku, "title": title,
                        "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                        "price": {"unitPrice": {"amount": str(unit), "currencyCode": currency}}},
            "proceeds": {
                "proceedsTotal": {"amount": str(line + tax), "currencyCode": currency},
                "breakdowns": [
                    {"type": "ITEM", "subtotal": {"amount": str(line), "currencyCode": currency}},
                    {"type": "TAX", "subtotal": {"amount": str(tax), "currencyCode": currency},
                     "detailedBreakdowns": [{"subtype": "ITEM", "value": {
                         "amount": str(tax), "currencyCode": currency}}]}]},
            "fulfillment": {"quantityFulfilled": quantity if shipped else 0,
                            "quantityUnfulfilled": 0 if shipped else quantity}})
    first = buyer.split()[0].lower() if buyer.strip() else "buyer"
    return {
        "orderId": order_id, "createdTime": amazon_time(created),
        "lastUpdatedTime": amazon_time(updated or created),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": marketplace,
                         "marketplaceName": channel},
        "buyer": {"buyerName": buyer, "buyerEmail": f"{first}.demo@marketplace.amazon.com"},
        "recipient": {"deliveryAddress": {
            "name": buyer, "addressLine1": "1420 Maple Avenue", "city": "Denver",
            "stateOrRegion": "CO", "postalCode": "80202", "countryCode": "US",
            "phone": "+13035550147", "addressType": "RESIDENTIAL"}},
        "proceeds": {"grandTotal": {"amount": str(total), "currencyCode": currency}},
        "fulfillment": {"fulfillmentStatus": status, "fulfilledBy": fulfilled_by,
                        "fulfillmentServiceLevel": "STANDARD"},
        "orderItems": items,
    }


def sample_orders(now: datetime) -> list[dict]:
    """The bundled sample orders, moved in time so the latest update is ten minutes ago."""
    text = resources.files(__package__).joinpath("data/sample_orders.json").read_text(
        encoding="utf-8")
    orders = json.loads(text)
    latest = max(parse_time(o["lastUpdatedTime"]) for o in orders)
    shift = (now - timedelta(minutes=10)) - latest
    return [_shift_times(o, shift) for o in orders]


def _shift_times(node, shift: timedelta):
    if isinstance(node, dict):
        return {k: (amazon_time(parse_time(v) + shift)
                    if isinstance(v, str) and (k.endswith("Time") or k.endswith("DateTime"))
                    else _shift_times(v, shift)) for k, v in node.items()}
    if isinstance(node, list):
        return [_shift_times(v, shift) for v in node]
    return node
