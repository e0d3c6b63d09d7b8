"""Realistic Amazon orders in v2026-01-01 JSON, deterministic for a seed, fast enough for
benchmarks (money is computed in minor units, no Decimal or deepcopy in the loop).

The mix: US, CA, UK, DE, FR, IT, ES and JP marketplaces; seller-fulfilled and FBA; every
status; Prime and Business buyers; one to four lines; item and free-shipping promotions; gift
wrap; and withheld PII (no phone on FBA orders, sometimes no buyer name).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from connector.sandbox.amazon.catalog import DEFAULT_CATALOG


@dataclass(frozen=True)
class Market:
    id: str
    name: str
    country: str
    currency: str
    decimals: int
    tax_rate: float
    prefix: str
    email_domain: str
    weight: int


MARKETS = [
    Market("ATVPDKIKX0DER", "Amazon.com", "US", "USD", 2, 0.0725, "113", "amazon.com", 40),
    Market("A2EUQ1WTGCTBG2", "Amazon.ca", "CA", "CAD", 2, 0.13, "702", "amazon.ca", 6),
    Market("A1F83G8C2ARO7P", "Amazon.co.uk", "GB", "GBP", 2, 0.20, "205", "amazon.co.uk", 18),
    Market("A1PA6795UKMFR9", "Amazon.de", "DE", "EUR", 2, 0.19, "304", "amazon.de", 14),
    Market("A13V1IB3VIYZZH", "Amazon.fr", "FR", "EUR", 2, 0.20, "405", "amazon.fr", 7),
    Market("APJ6JRA9NG5V4", "Amazon.it", "IT", "EUR", 2, 0.22, "406", "amazon.it", 5),
    Market("A1RKKUPIHCS9HS", "Amazon.es", "ES", "EUR", 2, 0.21, "407", "amazon.es", 4),
    Market("A1VC38T7YXB528", "Amazon.co.jp", "JP", "JPY", 0, 0.10, "503", "amazon.co.jp", 6),
]
_MARKET_WEIGHTS = [m.weight for m in MARKETS]

_FIRST = ["Priya", "James", "Sofia", "Lukas", "Chloé", "Marco", "Lucía", "Haruto", "Emma",
          "Noah", "Olivia", "Mateo", "Aiko", "Liam", "Amélie", "Jonas", "Giulia", "Carlos"]
_LAST = ["Natarajan", "Wilson", "Rossi", "Müller", "Dubois", "Bianchi", "García", "Sato",
         "Smith", "Brown", "Martin", "Schneider", "Romano", "López", "Tanaka", "Taylor"]
_COMPANIES = ["Brookside Joinery Ltd", "Nordlicht GmbH", "Atelier Lumière SARL",
              "Harbor Supply Co.", "Verde Uffici S.r.l.", "Kobe Office KK", "Maple Desk Inc."]
_STREETS = ["Mill Lane", "High Street", "Hauptstraße", "Rue de la Paix", "Via Roma",
            "Calle Mayor", "Main Street", "Maple Avenue", "Sakura-dori"]
_CITIES = {
    "US": [("Seattle", "WA", "98101"), ("Austin", "TX", "73301"), ("Denver", "CO", "80202")],
    "CA": [("Toronto", "ON", "M5V 2T6"), ("Vancouver", "BC", "V6B 1A1")],
    "GB": [("Leeds", "England", "LS12 4QD"), ("Glasgow", "Scotland", "G1 1XQ")],
    "DE": [("Berlin", "Berlin", "10115"), ("München", "Bayern", "80331")],
    "FR": [("Lyon", "Auvergne-Rhône-Alpes", "69002"), ("Paris", "Île-de-France", "75008")],
    "IT": [("Milano", "MI", "20121"), ("Torino", "TO", "10121")],
    "ES": [("Madrid", "Madrid", "28013"), ("Sevilla", "Sevilla", "41001")],
    "JP": [("Shibuya-ku", "Tokyo", "150-0002"), ("Osaka-shi", "Osaka", "530-0001")],
}
_STATUSES = ["UNSHIPPED", "SHIPPED", "PARTIALLY_SHIPPED", "PENDING", "CANCELLED",
             "PENDING_AVAILABILITY"]
_STATUS_WEIGHTS = [36, 34, 6, 12, 10, 2]
_LEVELS = ["STANDARD", "EXPEDITED", "NEXT_DAY", "SECOND_DAY", "FREE_ECONOMY"]
_LEVEL_WEIGHTS = [62, 14, 10, 6, 8]
_CARRIERS = [("UPS", "UPS Ground"), ("DHL", "DHL Paket"), ("Royal Mail", "Tracked 48"),
             ("FedEx", "FedEx Home Delivery"), ("Yamato", "TA-Q-BIN")]


def _fmt(minor: int, decimals: int) -> str:
    if decimals == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    return f"{sign}{minor // 100}.{minor % 100:02d}"


def _money(minor: int, market: Market) -> dict:
    return {"amount": _fmt(minor, market.decimals), "currencyCode": market.currency}


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Catalog:
    def __init__(self, skus: Sequence[str] | Mapping[str, object] | None):
        if skus is None:
            entries = [(sku, title, Decimal(price)) for sku, (title, price) in
                       DEFAULT_CATALOG.items()]
        elif isinstance(skus, Mapping):
            entries = [(sku, _title(sku), Decimal(str(price))) for sku, price in skus.items()]
        else:
            entries = [(sku, _title(sku), _price_for(sku)) for sku in skus]
        if not entries:
            raise ValueError("skus must name at least one SKU")
        # Cents in the USD scale; converted per market below.
        self.entries = [(sku, title, int(price * 100), _asin(sku)) for sku, title, price in
                        entries]


def _title(sku: str) -> str:
    return sku.replace("-", " ").replace("_", " ").title()


def _price_for(sku: str) -> Decimal:
    """A stable price for a SKU the caller named without one (4.99 to 149.99)."""
    return Decimal(499 + zlib.crc32(sku.encode()) % 14500) / 100


def _asin(sku: str) -> str:
    digits = f"{zlib.crc32(sku.encode()):010d}"
    return "B0" + digits[-8:]


_SCALE = {"USD": 1.0, "CAD": 1.35, "GBP": 0.8, "EUR": 0.92, "JPY": 1.5}  # JPY: x100 below


def generate_orders(count: int, *, seed: int = 0,
                    skus: Sequence[str] | Mapping[str, object] | None = None,
                    now: datetime | None = None, days: float = 14.0,
                    marketplace_ids: Sequence[str] | None = None) -> list[dict]:
    """``count`` orders created in the ``days`` before ``now``, last updated at least five
    minutes before ``now`` (so a sync bounded at now minus two minutes sees them all).

    ``skus`` is a list of seller SKUs (prices derived from the SKU) or a mapping SKU -> unit
    price, so a demo catalogue can match the orders.
    """
    rng = random.Random(seed)
    catalog = _Catalog(skus)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    markets = MARKETS
    weights = _MARKET_WEIGHTS
    if marketplace_ids:
        markets = [m for m in MARKETS if m.id in set(marketplace_ids)]
        if not markets:
            raise ValueError("none of the marketplace ids is known to the generator")
        weights = [m.weight for m in markets]
    seen: set[str] = set()
    orders = []
    span = max(days * 86400.0, 900.0)
    for _ in range(count):
        market = rng.choices(markets, weights)[0]
        while True:
            order_id = (f"{market.prefix}-{rng.randrange(10 ** 7):07d}-"
                        f"{rng.randrange(10 ** 7):07d}")
            if order_id not in seen:
                seen.add(order_id)
                break
        orders.append(_order(rng, catalog, market, order_id, now, span))
    return orders


def _order(rng: random.Random, catalog: _Catalog, market: Market, order_id: str,
           now: datetime, span: float) -> dict:
    age = rng.uniform(600.0, span)
    created = now - timedelta(seconds=age)
    updated = created + timedelta(seconds=rng.uniform(0, min(age - 300.0, 172800.0)))
    amazon_ships = rng.random() < 0.3
    status = rng.choices(_STATUSES, _STATUS_WEIGHTS)[0]
    prime = rng.random() < (0.6 if amazon_ships else 0.2)
    business = rng.random() < 0.12
    premium = rng.random() < 0.04
    programs = [p for p, on in (("PRIME", prime), ("AMAZON_BUSINESS", business),
                                ("PREMIUM", premium)) if on]

    lines = rng.choices((1, 2, 3, 4), (60, 25, 10, 5))[0]
    chosen = rng.sample(catalog.entries, min(lines, len(catalog.entries)))
    scale = _SCALE[market.currency]
    shipping_due = not amazon_ships and not prime and rng.random() < 0.7
    item_promo = rng.random() < 0.15
    ship_promo = shipping_due and rng.random() < 0.15
    items = []
    total = 0
    for index, (sku, title, usd_cents, asin) in enumerate(chosen):
        quantity = rng.choices((1, 2, 3), (75, 20, 5))[0]
        unit = round(usd_cents * scale)  # yen have no minor unit: 1 US cent ~ 1.5 yen
        line = unit * quantity
        shipping = (rng.choice((399, 499, 599, 799)) if shipping_due and index == 0 else 0)
        if market.decimals == 0:
            shipping = shipping // 100 * 100 if shipping else 0
        item_discount = round(line * 0.10) if item_promo and index == 0 else 0
        ship_discount = shipping if ship_promo else 0
        gift = (299 if market.decimals else 300) if rng.random() < 0.03 else 0
        rate = market.tax_rate
        item_tax = round(line * rate)
        ship_tax = round(shipping * rate)
        gift_tax = round(gift * rate)
        discount_tax = round((item_discount + ship_discount) * rate)
        tax = item_tax + ship_tax + gift_tax - discount_tax
        proceeds_total = line + shipping + gift + tax - item_discount - ship_discount
        total += proceeds_total

        breakdowns = [{"type": "ITEM", "subtotal": _money(line, market)}]
        if shipping:
            breakdowns.append({"type": "SHIPPING", "subtotal": _money(shipping, market)})
        if gift:
            breakdowns.append({"type": "GIFT_WRAP", "subtotal": _money(gift, market)})
        tax_detail = [{"subtype": "ITEM", "value": _money(item_tax, market)}]
        if ship_tax:
            tax_detail.append({"subtype": "SHIPPING", "value": _money(ship_tax, market)})
        if gift_tax:
            tax_detail.append({"subtype": "GIFT_WRAP", "value": _money(gift_tax, market)})
        if discount_tax:
            tax_detail.append({"subtype": "DISCOUNT", "value": _money(-discount_tax, market)})
        breakdowns.append({"type": "TAX", "subtotal": _money(tax, market),
                           "detailedBreakdowns": tax_detail})
        if item_discount or ship_discount:
            detail = []
            if item_discount:
                detail.append({"subtype": "ITEM", "value": _money(-item_discount, market)})
            if ship_discount:
                detail.append({"subtype": "SHIPPING", "value": _money(-ship_discount, market)})
            breakdowns.append({"type": "DISCOUNT",
                               "subtotal": _money(-(item_discount + ship_discount), market),
                               "detailedBreakdowns": detail})
        promotions = []
        if item_discount:
            promotions.append({"promotionId": f"{market.country}-SPRING-10"})
        if ship_discount:
            promotions.append({"promotionId": "FREESHIP"})
        item = {
            "orderItemId": f"{rng.randrange(10 ** 13, 10 ** 14)}",
            "quantityOrdered": quantity,
            "product": {"asin": asin, "title": title, "sellerSku": sku,
                        "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                        "price": {"unitPrice": _money(unit, market)}},
            "proceeds": {"proceedsTotal": _money(proceeds_total, market),
                         "breakdowns": breakdowns},
            "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": quantity},
        }
        if promotions:
            item["promotion"] = {"breakdowns": promotions}
        items.append(item)

    if status == "PARTIALLY_SHIPPED" and (amazon_ships or sum(
            i["quantityOrdered"] for i in items) < 2):
        status = "SHIPPED" if amazon_ships else "UNSHIPPED"
    packages = _ship(rng, items, status, updated)

    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    name = f"{first} {last}"
    city, state, postal = rng.choice(_CITIES[market.country])
    company = rng.choice(_COMPANIES) if business else None
    buyer = {"buyerEmail": f"{rng.randrange(16 ** 12):012x}@marketplace.{market.email_domain}"}
    if rng.random() >= 0.04:
        buyer["buyerName"] = name
    if company:
        buyer["buyerCompanyName"] = company
        buyer["buyerPurchaseOrderNumber"] = f"PO-{rng.randrange(10 ** 5):05d}"
    address = {"name": name, "addressLine1": f"{rng.randrange(1, 240)} {rng.choice(_STREETS)}",
               "city": city, "stateOrRegion": state, "postalCode": postal,
               "countryCode": market.country,
               "addressType": "COMMERCIAL" if company else "RESIDENTIAL"}
    if company:
        address["companyName"] = company
    if rng.random() < 0.3:
        address["addressLine2"] = f"Flat {rng.randrange(1, 40)}"
    if not amazon_ships and rng.random() >= 0.05:
        address["phone"] = f"+{rng.randrange(10 ** 9, 10 ** 10)}"

    ship_by = created + timedelta(days=2)
    order = {
        "orderId": order_id,
        "createdTime": _time(created),
        "lastUpdatedTime": _time(updated),
        "programs": programs,
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": market.id,
                         "marketplaceName": market.name},
        "buyer": buyer,
        "recipient": {"deliveryAddress": address},
        "proceeds": {"grandTotal": _money(total, market)},
        "fulfillment": {
            "fulfillmentStatus": status,
            "fulfilledBy": "AMAZON" if amazon_ships else "MERCHANT",
            "fulfillmentServiceLevel": rng.choices(_LEVELS, _LEVEL_WEIGHTS)[0],
            "shipByWindow": {"earliestDateTime": _time(created),
                             "latestDateTime": _time(ship_by)},
            "deliverByWindow": {"earliestDateTime": _time(ship_by + timedelta(days=1)),
                                "latestDateTime": _time(ship_by + timedelta(days=5))},
        },
        "orderItems": items,
    }
    if rng.random() < 0.2:
        order["orderAliases"] = [{"aliasId": f"WS-{rng.randrange(10 ** 6):06d}",
                                  "aliasType": "SELLER_ORDER_ID"}]
    if packages:
        order["packages"] = packages
    return order


def _ship(rng: random.Random, items: list[dict], status: str, when: datetime) -> list[dict]:
    """Mark items shipped to match the status; MFN shipments get a package with tracking."""
    shipped: list[tuple[dict, int]] = []
    if status == "SHIPPED":
        shipped = [(item, item["quantityOrdered"]) for item in items]
    elif status == "PARTIALLY_SHIPPED":
        first = items[0]
        quantity = first["quantityOrdered"]
        shipped = [(first, quantity - 1 if quantity > 1 else quantity)]
    for item, quantity in shipped:
        item["fulfillment"] = {"quantityFulfilled": quantity,
                               "quantityUnfulfilled": item["quantityOrdered"] - quantity}
    if not shipped:
        return []
    carrier, service = rng.choice(_CARRIERS)
    return [{"packageReferenceId": "1", "carrier": carrier, "shippingService": service,
             "trackingNumber": f"{rng.randrange(10 ** 11, 10 ** 12)}",
             "shipTime": _time(when), "createdTime": _time(when),
             "packageItems": [{"orderItemId": item["orderItemId"], "quantity": quantity}
                              for item, quantity in shipped]}]
