"""The Amazon sandbox's orders: held in memory as v2026 JSON, shown through v2026 and v0.

One stored order serves both API versions, so reading it either way must give the same
internal order. What Amazon withholds is withheld here too: Pending orders have no prices and
no buyer; only Unshipped, PartiallyShipped and Shipped orders have a delivery address; v0
shows PII only to a Restricted Data Token.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_time, parse_v2026_order

ADDRESS_STATUSES = {"UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"}
NO_PRICE_STATUSES = {"PENDING", "PENDING_AVAILABILITY"}
V0_STATUS = {"PENDING_AVAILABILITY": "PendingAvailability", "PENDING": "Pending",
             "UNSHIPPED": "Unshipped", "PARTIALLY_SHIPPED": "PartiallyShipped",
             "SHIPPED": "Shipped", "CANCELLED": "Canceled", "UNFULFILLABLE": "Unfulfillable"}
V0_STATUS_BACK = {v: k for k, v in V0_STATUS.items()}
V0_LEVEL = {"STANDARD": "Standard", "EXPEDITED": "Expedited", "NEXT_DAY": "NextDay",
            "PRIORITY": "Priority", "SAME_DAY": "SameDay", "SECOND_DAY": "SecondDay",
            "SCHEDULED": "Scheduled", "FREE_ECONOMY": "FreeEconomy"}
#: Where the control API may move an order (Amazon's lifecycle, forwards only).
TRANSITIONS = {
    "PENDING_AVAILABILITY": {"PENDING", "UNSHIPPED", "CANCELLED"},
    "PENDING": {"UNSHIPPED", "CANCELLED", "UNFULFILLABLE"},
    "UNSHIPPED": {"PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED"},
    "PARTIALLY_SHIPPED": {"SHIPPED", "CANCELLED"},
    "SHIPPED": set(),
    "CANCELLED": set(),
    "UNFULFILLABLE": set(),
}


def amazon_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_orders(now: datetime) -> list[dict]:
    """The bundled sample orders, moved in time so the latest update is ten minutes ago."""
    text = resources.files("connector.sandbox").joinpath("data/amazon_orders.json").read_text(
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


class ConfirmationRejected(Exception):
    def __init__(self, message: str, code: str = "InvalidInput"):
        super().__init__(message)
        self.code = code
        self.message = message


class OrderBook:
    """Thread-safe order storage with Amazon's shipment and status rules."""

    def __init__(self, now: Callable[[], datetime]):
        self._now = now
        self._orders: dict[str, dict] = {}
        self._lock = threading.RLock()

    # -- storage --------------------------------------------------------------------------

    def add(self, order: dict, *, replace: bool = False) -> str:
        parse_v2026_order(order)  # refuses what the client could not read
        _check_sandbox_order(order)
        with self._lock:
            if order["orderId"] in self._orders and not replace:
                raise KeyError(order["orderId"])
            self._orders[order["orderId"]] = order
        return order["orderId"]

    def add_many(self, orders: list[dict]) -> list[str]:
        """Generated orders (trusted: skips the per-order validation, for speed). Returns the
        ids actually added; an id already held is left alone."""
        added = []
        with self._lock:
            for order in orders:
                if order["orderId"] not in self._orders:
                    self._orders[order["orderId"]] = order
                    added.append(order["orderId"])
        return added

    def clear(self) -> None:
        with self._lock:
            self._orders.clear()

    def get(self, order_id: str) -> dict | None:
        with self._lock:
            order = self._orders.get(order_id)
            return copy.deepcopy(order) if order is not None else None

    def all(self) -> list[dict]:
        with self._lock:
            return [copy.deepcopy(o) for o in self._orders.values()]

    def __len__(self) -> int:
        with self._lock:
            return len(self._orders)

    def select(self, *, field: str, after: datetime, before: datetime,
               marketplace_ids: set[str], statuses: set[str], fulfilled_by: set[str]
               ) -> list[dict]:
        """Orders whose ``field`` time lies in [after, before], oldest first (stable)."""
        with self._lock:
            found = []
            for order in self._orders.values():
                moment = parse_time(order[field])
                if not after <= moment <= before:
                    continue
                if marketplace_ids and order["salesChannel"].get("marketplaceId") not in \
                        marketplace_ids:
                    continue
                if statuses and order["fulfillment"]["fulfillmentStatus"] not in statuses:
                    continue
                if fulfilled_by and order["fulfillment"].get("fulfilledBy") not in fulfilled_by:
                    continue
                found.append((moment, order["orderId"], order))
            found.sort(key=lambda entry: (entry[0], entry[1]))
            return [entry[2] for entry in found]

    # -- Amazon's rules --------------------------------------------------------------------

    def confirm_shipment(self, order_id: str, body: dict) -> None:
        """Apply a confirmShipment: the package's items count as shipped. Confirming the
        same packageReferenceId again replaces that package (an edit, not a second one)."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise ConfirmationRejected(f"Order {order_id} not found", "NotFound")
            problems = _confirmation_problems(order, body)
            if problems:
                raise ConfirmationRejected("; ".join(problems))
            detail = body["packageDetail"]
            reference = str(detail["packageReferenceId"])
            package = {
                "packageReferenceId": reference,
                "carrier": detail.get("carrierName") or detail["carrierCode"],
                "trackingNumber": detail["trackingNumber"],
                "shipTime": amazon_time(parse_time(detail["shipDate"])),
                "createdTime": amazon_time(self._now()),
                "packageItems": [{"orderItemId": i["orderItemId"], "quantity": i["quantity"]}
                                 for i in detail["orderItems"]],
            }
            if detail.get("shippingMethod"):
                package["shippingService"] = detail["shippingMethod"]
            packages = [p for p in order.get("packages", [])
                        if p["packageReferenceId"] != reference]
            packages.append(package)
            order["packages"] = packages
            self._recount(order)
            order["lastUpdatedTime"] = amazon_time(self._now())

    def _recount(self, order: dict) -> None:
        shipped: dict[str, int] = {}
        for package in order.get("packages", []):
            for item in package["packageItems"]:
                shipped[item["orderItemId"]] = shipped.get(item["orderItemId"], 0) + \
                    item["quantity"]
        total = done = 0
        for item in order["orderItems"]:
            quantity = item["quantityOrdered"]
            count = min(shipped.get(item["orderItemId"], 0), quantity)
            item["fulfillment"] = {**item.get("fulfillment", {}), "quantityFulfilled": count,
                                   "quantityUnfulfilled": quantity - count}
            total += quantity
            done += count
        if done == 0:
            status = "UNSHIPPED"
        elif done < total:
            status = "PARTIALLY_SHIPPED"
        else:
            status = "SHIPPED"
        order["fulfillment"]["fulfillmentStatus"] = status

    def move(self, order_id: str, status: str) -> dict:
        """Move an order along its lifecycle (the control API)."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise KeyError(order_id)
            status = V0_STATUS_BACK.get(status, status).upper()
            if status == "CANCELED":
                status = "CANCELLED"
            current = order["fulfillment"]["fulfillmentStatus"]
            if status not in TRANSITIONS:
                raise ValueError(f"unknown status {status!r}; expected one of "
                                 f"{', '.join(TRANSITIONS)}")
            if status != current and status not in TRANSITIONS[current]:
                raise ValueError(f"an order in {current} cannot move to {status}")
            items = order["orderItems"]
            if status == "SHIPPED":
                for item in items:
                    item["fulfillment"] = {"quantityFulfilled": item["quantityOrdered"],
                                           "quantityUnfulfilled": 0}
            elif status == "PARTIALLY_SHIPPED":
                if sum(i["quantityOrdered"] for i in items) < 2:
                    raise ValueError("a single-unit order cannot be partially shipped")
                if all(i.get("fulfillment", {}).get("quantityFulfilled", 0) == 0 for i in items):
                    first = items[0]
                    first["fulfillment"] = {"quantityFulfilled": 1,
                                            "quantityUnfulfilled": first["quantityOrdered"] - 1}
            order["fulfillment"]["fulfillmentStatus"] = status
            order["lastUpdatedTime"] = amazon_time(self._now())
            return copy.deepcopy(order)


def _check_sandbox_order(order: dict) -> None:
    """Both API views need SKUs on every item; refuse orders that would lack them."""
    for index, item in enumerate(order["orderItems"]):
        if not item.get("product", {}).get("sellerSku"):
            raise InvalidOrderData(f"orderItems[{index}].product.sellerSku",
                                   "required by the sandbox")
    if not order["salesChannel"].get("marketplaceId"):
        raise InvalidOrderData("salesChannel.marketplaceId", "required by the sandbox")


def _confirmation_problems(order: dict, body: dict) -> list[str]:
    problems = []
    if not isinstance(body, dict):
        return ["Request body must be a JSON object"]
    if body.get("marketplaceId") != order["salesChannel"].get("marketplaceId"):
        problems.append("marketplaceId does not match the order's marketplace")
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        return problems + ["packageDetail is required"]
    for name in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate"):
        if not isinstance(detail.get(name), str) or not detail.get(name):
            problems.append(f"packageDetail.{name} is required")
    if detail.get("carrierCode") == "Other" and not detail.get("carrierName"):
        problems.append("packageDetail.carrierName is required when carrierCode is Other")
    if isinstance(detail.get("shipDate"), str):
        try:
            parse_time(detail["shipDate"])
            if "T" not in detail["shipDate"]:
                raise InvalidOrderData("shipDate", "no time")
        except InvalidOrderData:
            problems.append("packageDetail.shipDate must be an ISO-8601 date-time")
    if order["fulfillment"].get("fulfilledBy") != "MERCHANT":
        problems.append("Order is fulfilled by Amazon; shipment confirmation is not allowed")
    status = order["fulfillment"]["fulfillmentStatus"]
    if status in ("CANCELLED", "PENDING", "PENDING_AVAILABILITY", "UNFULFILLABLE"):
        problems.append(f"Order status {V0_STATUS[status]} does not allow shipment confirmation")
    items = detail.get("orderItems")
    if not isinstance(items, list) or not items:
        return problems + ["packageDetail.orderItems must list at least one item"]
    by_id = {i["orderItemId"]: i for i in order["orderItems"]}
    reference = str(detail.get("packageReferenceId"))
    elsewhere: dict[str, int] = {}
    for package in order.get("packages", []):
        if package["packageReferenceId"] != reference:
            for entry in package["packageItems"]:
                elsewhere[entry["orderItemId"]] = elsewhere.get(entry["orderItemId"], 0) + \
                    entry["quantity"]
    requested: dict[str, int] = {}
    for index, entry in enumerate(items):
        if not isinstance(entry, dict) or entry.get("orderItemId") not in by_id:
            problems.append(f"packageDetail.orderItems[{index}].orderItemId is not in the order")
            continue
        quantity = entry.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            problems.append(f"packageDetail.orderItems[{index}].quantity must be a positive "
                            "integer")
            continue
        requested[entry["orderItemId"]] = requested.get(entry["orderItemId"], 0) + quantity
    for item_id, quantity in requested.items():
        ordered = by_id[item_id]["quantityOrdered"]
        if quantity + elsewhere.get(item_id, 0) > ordered:
            problems.append(f"Item {item_id}: {quantity + elsewhere.get(item_id, 0)} shipped "
                            f"would exceed the {ordered} ordered")
    return problems


# -- views ------------------------------------------------------------------------------------

def visible(order: dict) -> dict:
    """What Amazon shows for the order's status (a new dict; the stored one is untouched)."""
    status = order["fulfillment"]["fulfillmentStatus"]
    shown = dict(order)
    if status not in ADDRESS_STATUSES:
        shown.pop("recipient", None)
    if status in NO_PRICE_STATUSES:
        shown.pop("buyer", None)
        shown.pop("proceeds", None)
        items = []
        for item in order["orderItems"]:
            item = dict(item)
            item.pop("proceeds", None)
            item.pop("promotion", None)
            product = dict(item["product"])
            product.pop("price", None)
            item["product"] = product
            items.append(item)
        shown["orderItems"] = items
    return shown


ITEM_SECTIONS = {"proceeds": "PROCEEDS", "promotion": "PROMOTION", "fulfillment": "FULFILLMENT",
                 "cancellation": "CANCELLATION", "expense": "EXPENSE", "tax": "TAX"}
ORDER_SECTIONS = {"buyer": "BUYER", "recipient": "RECIPIENT", "proceeds": "PROCEEDS",
                  "fulfillment": "FULFILLMENT", "packages": "PACKAGES", "payment": "PAYMENT",
                  "tax": "TAX", "fulfillmentOrders": "FULFILLMENT_ORDERS"}


def v2026_view(order: dict, included: set[str]) -> dict:
    shown = visible(order)
    result = {k: v for k, v in shown.items()
              if k not in ORDER_SECTIONS or ORDER_SECTIONS[k] in included}
    result["orderItems"] = [{k: v for k, v in item.items()
                             if k not in ITEM_SECTIONS or ITEM_SECTIONS[k] in included}
                            for item in shown["orderItems"]]
    return result


def _v0_money(money: dict | None, *, negate: bool = False) -> dict | None:
    if money is None:
        return None
    amount = money["amount"]
    if negate:
        amount = amount[1:] if amount.startswith("-") else amount
    return {"CurrencyCode": money["currencyCode"], "Amount": amount}


def v0_order_view(order: dict, *, pii: bool) -> dict:
    """The v0 ``Order``. With ``pii`` (an RDT asking for it) the address and buyer are full;
    otherwise only the non-restricted address fields remain, as Amazon does."""
    shown = visible(order)
    fulfillment = shown["fulfillment"]
    channel = shown["salesChannel"]
    programs = set(shown.get("programs", []))
    shipped = sum(i.get("fulfillment", {}).get("quantityFulfilled", 0)
                  for i in shown["orderItems"])
    ordered = sum(i["quantityOrdered"] for i in shown["orderItems"])
    result: dict = {
        "AmazonOrderId": shown["orderId"],
        "PurchaseDate": shown["createdTime"],
        "LastUpdateDate": shown["lastUpdatedTime"],
        "OrderStatus": V0_STATUS[fulfillment["fulfillmentStatus"]],
        "FulfillmentChannel": "AFN" if fulfillment.get("fulfilledBy") == "AMAZON" else "MFN",
        "SalesChannel": channel.get("marketplaceName"),
        "MarketplaceId": channel.get("marketplaceId"),
        "NumberOfItemsShipped": shipped,
        "NumberOfItemsUnshipped": ordered - shipped,
        "PaymentMethod": "Other",
        "PaymentMethodDetails": ["Standard"],
        "OrderType": "StandardOrder",
        "IsPrime": "PRIME" in programs,
        "IsBusinessOrder": "AMAZON_BUSINESS" in programs,
        "IsPremiumOrder": "PREMIUM" in programs,
        "IsReplacementOrder": any(a.get("associationType") == "REPLACEMENT_ORIGINAL_ID"
                                  for a in shown.get("associatedOrders", [])),
        "IsGlobalExpressEnabled": False,
        "IsSoldByAB": False,
        "IsISPU": "IN_STORE_PICK_UP" in programs,
        "IsAccessPointOrder": False,
    }
    level = fulfillment.get("fulfillmentServiceLevel")
    if level:
        result["ShipmentServiceLevelCategory"] = V0_LEVEL.get(level, level.title())
        result["ShipServiceLevel"] = f"{channel.get('marketplaceName')} {V0_LEVEL.get(level)}"
    window = fulfillment.get("shipByWindow") or {}
    if window.get("earliestDateTime"):
        result["EarliestShipDate"] = window["earliestDateTime"]
    if window.get("latestDateTime"):
        result["LatestShipDate"] = window["latestDateTime"]
    for alias in shown.get("orderAliases", []):
        if alias.get("aliasType") == "SELLER_ORDER_ID":
            result["SellerOrderId"] = alias["aliasId"]
    total = (shown.get("proceeds") or {}).get("grandTotal")
    if total:
        result["OrderTotal"] = _v0_money(total)
    address = (shown.get("recipient") or {}).get("deliveryAddress")
    if address:
        result["ShippingAddress"] = v0_address(address, pii=pii)
    buyer = shown.get("buyer")
    if buyer and pii:
        info: dict = {}
        if buyer.get("buyerEmail"):
            info["BuyerEmail"] = buyer["buyerEmail"]
        if buyer.get("buyerName"):
            info["BuyerName"] = buyer["buyerName"]
        if buyer.get("buyerPurchaseOrderNumber"):
            info["PurchaseOrderNumber"] = buyer["buyerPurchaseOrderNumber"]
        if buyer.get("buyerCompanyName"):
            info["BuyerTaxInfo"] = {"CompanyLegalName": buyer["buyerCompanyName"]}
        result["BuyerInfo"] = info
    return result


_ADDRESS = {"name": "Name", "companyName": "CompanyName", "addressLine1": "AddressLine1",
            "addressLine2": "AddressLine2", "addressLine3": "AddressLine3", "city": "City",
            "districtOrCounty": "County", "stateOrRegion": "StateOrRegion",
            "municipality": "Municipality", "postalCode": "PostalCode",
            "countryCode": "CountryCode", "phone": "Phone", "addressType": "AddressType"}
_RESTRICTED_ADDRESS = {"Name", "CompanyName", "AddressLine1", "AddressLine2", "AddressLine3",
                       "Phone", "AddressType"}


def v0_address(address: dict, *, pii: bool) -> dict:
    result = {}
    for key, v0_key in _ADDRESS.items():
        value = address.get(key)
        if value is None or (not pii and v0_key in _RESTRICTED_ADDRESS):
            continue
        result[v0_key] = value.title() if key == "addressType" else value
    return result


def v0_items_view(order: dict, *, pii: bool) -> list[dict]:
    """v0 ``OrderItem``s. ``ItemPrice`` is the whole line; gift-wrap money sits in the
    restricted item ``BuyerInfo``."""
    shown = visible(order)
    items = []
    for item in shown["orderItems"]:
        product = item["product"]
        result: dict = {
            "ASIN": product.get("asin"),
            "SellerSKU": product.get("sellerSku"),
            "OrderItemId": item["orderItemId"],
            "Title": product.get("title"),
            "QuantityOrdered": item["quantityOrdered"],
            "QuantityShipped": item.get("fulfillment", {}).get("quantityFulfilled", 0),
            "IsGift": "false",
        }
        condition = product.get("condition") or {}
        if condition.get("conditionType"):
            result["ConditionId"] = condition["conditionType"].title()
        if condition.get("conditionSubtype"):
            result["ConditionSubtypeId"] = condition["conditionSubtype"].title()
        money: dict[str, dict] = {}
        for entry in (item.get("proceeds") or {}).get("breakdowns", []):
            kind = entry["type"]
            details = entry.get("detailedBreakdowns") or []
            if kind in ("TAX", "DISCOUNT") and details:
                for detail in details:
                    name = {("TAX", "ITEM"): "ItemTax", ("TAX", "SHIPPING"): "ShippingTax",
                            ("TAX", "GIFT_WRAP"): "GiftWrapTax",
                            ("TAX", "DISCOUNT"): "PromotionDiscountTax",
                            ("DISCOUNT", "ITEM"): "PromotionDiscount",
                            ("DISCOUNT", "SHIPPING"): "ShippingDiscount"}.get(
                                (kind, detail["subtype"]))
                    if name:
                        money[name] = detail["value"]
            else:
                name = {"ITEM": "ItemPrice", "SHIPPING": "ShippingPrice",
                        "GIFT_WRAP": "GiftWrapPrice", "TAX": "ItemTax",
                        "DISCOUNT": "PromotionDiscount"}.get(kind)
                if name:
                    money[name] = entry["subtotal"]
        unit = (product.get("price") or {}).get("unitPrice")
        if unit is not None:
            line = {"amount": _line_amount(unit["amount"], item["quantityOrdered"]),
                    "currencyCode": unit["currencyCode"]}
            money["ItemPrice"] = line
        for name in ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax"):
            if name in money:
                result[name] = _v0_money(money[name])
        for name in ("PromotionDiscount", "PromotionDiscountTax", "ShippingDiscount"):
            if name in money:
                result[name] = _v0_money(money[name], negate=True)
        gift = {k: _v0_money(money[k]) for k in ("GiftWrapPrice", "GiftWrapTax") if k in money}
        if gift:
            result["IsGift"] = "true"
            if pii:
                result["BuyerInfo"] = gift
        promotions = [p["promotionId"] for p in (item.get("promotion") or {}).get("breakdowns", [])
                      if p.get("promotionId")]
        if promotions:
            result["PromotionIds"] = promotions
        items.append({k: v for k, v in result.items() if v is not None})
    return items


def _line_amount(unit: str, quantity: int) -> str:
    from decimal import Decimal

    return str(Decimal(unit) * quantity)
