"""The sandbox's own reading of Amazon's Orders v2026-01-01 ``Order``: required fields, enum
values, money and time formats, written from the model (``orders_2026-01-01.json``), not
borrowed from the connector's parser.

The sandbox checks every order put in through its control API against this reading. Were it
to ask the connector's parser instead, a parser that accepts what Amazon never sends (or
refuses what Amazon does send) would agree with itself and no end-to-end test would notice.
Fields the model adds later pass unchecked, as they would reach a real client.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

FULFILLMENT_STATUSES = ("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED",
                        "SHIPPED", "CANCELLED", "UNFULFILLABLE")
FULFILLED_BY = ("AMAZON", "MERCHANT")
SERVICE_LEVELS = ("EXPEDITED", "FREE_ECONOMY", "NEXT_DAY", "PRIORITY", "SAME_DAY",
                  "SECOND_DAY", "SCHEDULED", "STANDARD")
ORDER_PROGRAMS = ("AMAZON_BAZAAR", "AMAZON_BUSINESS", "AMAZON_EASY_SHIP", "AMAZON_HAUL",
                  "DELIVERY_BY_AMAZON", "FBM_SHIP_PLUS", "INVOICE_BY_AMAZON", "IN_STORE_PICK_UP",
                  "PREMIUM", "PREORDER", "PRIME")
ITEM_PROGRAMS = ("TRANSPARENCY", "SUBSCRIBE_AND_SAVE")
CONDITIONS = ("NEW", "USED", "COLLECTIBLE", "REFURBISHED", "PREORDER", "CLUB")
CONDITION_SUBTYPES = ("NEW", "MINT", "VERY_GOOD", "GOOD", "ACCEPTABLE", "POOR", "CLUB", "OEM",
                      "WARRANTY", "REFURBISHED_WARRANTY", "REFURBISHED", "OPEN_BOX", "ANY",
                      "OTHER")
ORDER_PROCEEDS = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "TAX", "DISCOUNT", "DELIVERY_TIP",
                  "OTHER")
ITEM_PROCEEDS = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER", "TAX", "DISCOUNT")
ITEM_PROCEEDS_DETAIL = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER", "DISCOUNT")
PACKAGE_STATUSES = ("PENDING", "IN_TRANSIT", "SHIPPED", "DELIVERED", "CANCELLED", "UNDELIVERABLE")

# ISO 8601 date-time as the model's ``format: date-time`` (RFC 3339): a zone is required in
# an order; a query parameter without one is taken as UTC.
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
                   r"(?:([Zz])|([+-])(\d{2}):(\d{2}))?")
# The model's ``Decimal``: a string holding an RFC 7159 number.
_DECIMAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")


class OrderRefused(ValueError):
    """An order Amazon would never send; ``field`` is its path (``orderItems[0].product``)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_time(text: str, *, zoned: bool = False) -> datetime | None:
    """An ISO 8601 date-time as an aware UTC datetime, or None when ``text`` is not one
    (or, with ``zoned``, has no zone)."""
    match = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, z, sign, zh, zm = match.groups()
    if zoned and not (z or sign):
        return None
    zone = UTC
    if sign:
        offset = timedelta(hours=int(zh), minutes=int(zm))
        zone = timezone(-offset if sign == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                          micro, tzinfo=zone)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def amazon_time(moment: datetime) -> str:
    """How Amazon writes a time: UTC, whole seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- a small vocabulary for the model's shapes -----------------------------------------------

Check = Callable[[Any, str], None]


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), repr(value))


def string(value: Any, path: str) -> None:
    if not isinstance(value, str):
        raise OrderRefused(path, f"expected a string, got {_type_name(value)}")


def identifier(value: Any, path: str) -> None:
    string(value, path)
    if not value.strip():
        raise OrderRefused(path, "must not be empty")


def count(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OrderRefused(path, f"expected an integer, got {_type_name(value)}")
    if value < 0:
        raise OrderRefused(path, f"must not be negative, got {value}")


def time(value: Any, path: str) -> None:
    string(value, path)
    if parse_time(value, zoned=True) is None:
        raise OrderRefused(path, f"expected an ISO 8601 date-time with a zone, got {value!r}")


def one_of(*values: str) -> Check:
    def check(value: Any, path: str) -> None:
        string(value, path)
        if value not in values:
            raise OrderRefused(path, f"{value!r} is not one of {', '.join(values)}")
    return check


def array(item: Check) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise OrderRefused(path, f"expected a list, got {_type_name(value)}")
        for index, entry in enumerate(value):
            item(entry, _at(path, index))
    return check


def obj(fields: Mapping[str, Check], *required: str) -> Check:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise OrderRefused(path or "$", f"expected an object, got {_type_name(value)}")
        for name in required:
            if name not in value:
                raise OrderRefused(_at(path, name), "required field is missing")
        for name, field_check in fields.items():
            if name in value:
                field_check(value[name], _at(path, name))
    return check


def decimal(value: Any, path: str) -> None:
    string(value, path)
    if not _DECIMAL.fullmatch(value):
        raise OrderRefused(path, f"expected a decimal number as a string, got {value!r}")


def currency(value: Any, path: str) -> None:
    string(value, path)
    if not _CURRENCY.fullmatch(value):
        raise OrderRefused(path, f"expected an ISO 4217 currency code, got {value!r}")


ANY_OBJECT = obj({})
MONEY = obj({"amount": decimal, "currencyCode": currency}, "amount", "currencyCode")
WINDOW = obj({"earliestDateTime": time, "latestDateTime": time})
ADDRESS = obj({**{name: string for name in (
    "name", "companyName", "addressLine1", "addressLine2", "addressLine3", "city",
    "districtOrCounty", "stateOrRegion", "municipality", "postalCode", "countryCode", "phone")},
    "extendedFields": ANY_OBJECT,
    "addressType": one_of("RESIDENTIAL", "COMMERCIAL", "PICKUP_POINT")})

ITEM = obj({
    "orderItemId": identifier,
    "quantityOrdered": count,
    "measurement": ANY_OBJECT,
    "associatedOrderItems": array(ANY_OBJECT),
    "programs": array(one_of(*ITEM_PROGRAMS)),
    "product": obj({
        "asin": string, "title": string, "sellerSku": string,
        "condition": obj({"conditionType": one_of(*CONDITIONS),
                          "conditionSubtype": one_of(*CONDITION_SUBTYPES),
                          "conditionNote": string}),
        "price": obj({"unitPrice": MONEY, "priceDesignation": string}),
        "serialNumbers": array(string),
        "customization": ANY_OBJECT}),
    "proceeds": obj({
        "proceedsTotal": MONEY,
        "breakdowns": array(obj({
            "type": one_of(*ITEM_PROCEEDS), "subtotal": MONEY,
            "detailedBreakdowns": array(obj({"subtype": one_of(*ITEM_PROCEEDS_DETAIL),
                                             "value": MONEY}))}, "type", "subtotal"))}),
    "expense": ANY_OBJECT,
    "promotion": obj({"breakdowns": array(obj({"promotionId": string}))}),
    "cancellation": obj({
        "cancellationRequest": obj({"requester": one_of("BUYER"), "cancelReason": string}),
        "cancellationExecution": obj({"cancelledBy": one_of("BUYER", "MERCHANT", "AMAZON"),
                                      "cancelReason": string})}),
    "fulfillment": obj({"quantityFulfilled": count, "quantityUnfulfilled": count,
                        "picking": ANY_OBJECT, "packing": ANY_OBJECT, "shipping": ANY_OBJECT}),
    "tax": ANY_OBJECT,
}, "orderItemId", "quantityOrdered", "product")

ORDER = obj({
    "orderId": identifier,
    "orderAliases": array(obj({"aliasId": string, "aliasType": one_of("SELLER_ORDER_ID")},
                              "aliasId", "aliasType")),
    "createdTime": time,
    "lastUpdatedTime": time,
    "programs": array(one_of(*ORDER_PROGRAMS)),
    "associatedOrders": array(obj({
        "orderId": string,
        "associationType": one_of("REPLACEMENT_ORIGINAL_ID", "EXCHANGE_ORIGINAL_ID")})),
    "salesChannel": obj({"channelName": one_of("AMAZON", "NON_AMAZON"),
                         "marketplaceId": string, "marketplaceName": string}, "channelName"),
    "buyer": obj({name: string for name in ("buyerName", "buyerEmail", "buyerCompanyName",
                                            "buyerPurchaseOrderNumber")}),
    "recipient": obj({"deliveryAddress": ADDRESS, "deliveryPreference": ANY_OBJECT}),
    "proceeds": obj({"grandTotal": MONEY,
                     "breakdowns": array(obj({"type": one_of(*ORDER_PROCEEDS),
                                              "status": one_of("PENDING", "FINALIZED"),
                                              "subtotal": MONEY}, "type", "subtotal"))}),
    "payment": obj({"paymentExecutions": array(obj({
        "paymentMethod": string, "paymentAmount": MONEY, "acquirerId": string,
        "cardBrand": string, "authorizationCode": string}))}),
    "tax": ANY_OBJECT,
    "fulfillment": obj({"fulfillmentStatus": one_of(*FULFILLMENT_STATUSES),
                        "fulfilledBy": one_of(*FULFILLED_BY),
                        "fulfillmentServiceLevel": one_of(*SERVICE_LEVELS),
                        "shipByWindow": WINDOW, "deliverByWindow": WINDOW,
                        "labelPrintingWindow": WINDOW}, "fulfillmentStatus"),
    "orderItems": array(ITEM),
    "packages": array(obj({
        "packageReferenceId": string, "createdTime": time,
        "packageStatus": obj({"status": one_of(*PACKAGE_STATUSES), "detailedStatus": string},
                             "status"),
        "carrier": string, "shipTime": time, "shippingService": string,
        "trackingNumber": string, "shipFromAddress": ANY_OBJECT,
        "packageItems": array(obj({"orderItemId": string, "quantity": count,
                                   "transparencyCodes": array(string)},
                                  "orderItemId", "quantity"))}, "packageReferenceId")),
    "fulfillmentOrders": array(obj({"fulfillmentOrderId": string}, "fulfillmentOrderId")),
}, "orderId", "createdTime", "lastUpdatedTime", "salesChannel", "orderItems")

#: What the sandbox itself needs on top of the model: a status and who ships (the model has
#: them only with ``includedData=FULFILLMENT``), a marketplace, and SKUs for the v0 view.
SERVABLE = obj({
    "salesChannel": obj({"marketplaceId": identifier}, "marketplaceId"),
    "fulfillment": obj({}, "fulfillmentStatus", "fulfilledBy"),
    "orderItems": array(obj({"product": obj({"sellerSku": identifier}, "sellerSku")})),
}, "fulfillment")


def check_order(order: Any) -> None:
    """Raise ``OrderRefused`` unless ``order`` is a v2026 ``Order`` as Amazon's model has it."""
    ORDER(order, "")


def check_servable(order: Any) -> None:
    """``check_order``, and what the sandbox needs to serve the order through both APIs."""
    check_order(order)
    SERVABLE(order, "")
