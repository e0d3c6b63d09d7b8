"""Pure parsers: raw SP-API order JSON (v2026-01-01 or v0) -> the internal ``Order``.

No I/O. A payload that lacks a required field or has a wrong type raises
``InvalidOrderData(field_path, message)``, never ``KeyError``/``TypeError``, so one bad order
can be reported by path and skipped. Empty strings Amazon sends for withheld PII become
``None``. Text follows ``connector.amazon.sanitize``: control characters removed, free text
cut to a length (listed in ``Order.text_changes``), codes and the order id checked.

Where the two versions differ in vocabulary, both are brought to one spelling:

- status: ``OrderStatus`` (v2026 ``CANCELLED`` and v0 ``Canceled`` are both ``CANCELED``);
- ship service level: the *category* in v2026 spelling (``STANDARD``, ``FREE_ECONOMY``...),
  because v2026 has no free-text level; v0 ``ShipmentServiceLevelCategory`` ``FreeEconomy``
  becomes ``FREE_ECONOMY`` (falling back to v0's free-text ``ShipServiceLevel``);
- item condition and address type: upper case (``NEW``, ``RESIDENTIAL``);
- v2026 ``districtOrCounty`` fills ``Address.county``;
- ``sales_channel`` is the marketplace name (``Amazon.com``), as v0's ``SalesChannel``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from connector.amazon import sanitize
from connector.amazon.errors import InvalidOrderData
from connector.domain import (
    Address,
    Buyer,
    FulfilledBy,
    Money,
    Order,
    OrderItem,
    OrderStatus,
)

V2026_STATUS = {
    "PENDING_AVAILABILITY": OrderStatus.PENDING_AVAILABILITY,
    "PENDING": OrderStatus.PENDING,
    "UNSHIPPED": OrderStatus.UNSHIPPED,
    "PARTIALLY_SHIPPED": OrderStatus.PARTIALLY_SHIPPED,
    "SHIPPED": OrderStatus.SHIPPED,
    "CANCELLED": OrderStatus.CANCELED,
    "CANCELED": OrderStatus.CANCELED,
    "UNFULFILLABLE": OrderStatus.UNFULFILLABLE,
}
V0_STATUS = {s.value: s for s in OrderStatus} | {"Cancelled": OrderStatus.CANCELED}
V0_CHANNEL = {"MFN": FulfilledBy.MERCHANT, "AFN": FulfilledBy.AMAZON}
V2026_FULFILLED_BY = {f.value: f for f in FulfilledBy}  # Amazon spells them as we do

_MISSING = object()
MAX_AMOUNT = Decimal(10) ** 14
AMOUNT_STEP = Decimal("0.0001")
MAX_COUNT = 1_000_000  # units of one order line


# -- small typed readers -------------------------------------------------------------------

def _get(obj: Any, key: str, path: str, *, required: bool = False, default: Any = None):
    if not isinstance(obj, dict):
        raise InvalidOrderData(path or "$", f"expected an object, got {type(obj).__name__}")
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise InvalidOrderData(_join(path, key), "required field is missing")
        return default
    return value


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _obj(parent: Any, key: str, path: str, *, required: bool = False) -> dict | None:
    value = _get(parent, key, path, required=required)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidOrderData(_join(path, key), f"expected an object, got {type(value).__name__}")
    return value


def _list(parent: Any, key: str, path: str, *, required: bool = False) -> list:
    value = _get(parent, key, path, required=required)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidOrderData(_join(path, key), f"expected a list, got {type(value).__name__}")
    return value


def _str(parent: Any, key: str, path: str, *, required: bool = False,
         limit: int = sanitize.TEXT_LIMIT, code: bool = False) -> str | None:
    """A string; ``""`` counts as absent (Amazon blanks withheld PII). Free text is cleaned
    and cut to ``limit``; a ``code`` longer than that, or with control characters, is
    refused."""
    value = _get(parent, key, path, required=required)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidOrderData(_join(path, key), f"expected a string, got {type(value).__name__}")
    if not code:
        value = sanitize.clean(value, _join(path, key), limit)
    elif len(value.strip()) > limit or not sanitize.is_plain(value.strip()):
        raise InvalidOrderData(_join(path, key), f"not a code of at most {limit} plain "
                                                 f"characters: {value[:40]!r}")
    value = value.strip()
    if value == "":
        if required:
            raise InvalidOrderData(_join(path, key), "required field is empty")
        return None
    return value


def _int(parent: Any, key: str, path: str, *, required: bool = False, default: int = 0) -> int:
    value = _get(parent, key, path, required=required)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidOrderData(_join(path, key), f"expected an integer, got {value!r}")
    if value < 0:
        raise InvalidOrderData(_join(path, key), f"must not be negative, got {value}")
    if value > MAX_COUNT:
        raise InvalidOrderData(_join(path, key), f"not a credible quantity: {value}")
    return value


def _bool(parent: Any, key: str, path: str) -> bool:
    """v0 booleans; a few (``IsGift``) come as the strings "true"/"false"."""
    value = _get(parent, key, path)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise InvalidOrderData(_join(path, key), f"expected a boolean, got {value!r}")


def _time(parent: Any, key: str, path: str, *, required: bool = False) -> datetime | None:
    text = _str(parent, key, path, required=required)
    if text is None:
        return None
    return parse_time(text, _join(path, key))


def parse_time(text: str, field: str = "time") -> datetime:
    """ISO-8601 from Amazon -> aware UTC datetime. Naive times are taken as UTC."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidOrderData(field, f"not an ISO-8601 date-time: {text!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 and the like: no UTC time exists
        raise InvalidOrderData(field, f"out of range: {text!r}") from None


def _money(parent: Any, key: str, path: str, *, amount_key: str, currency_key: str,
           required: bool = False) -> Money | None:
    obj = _obj(parent, key, path, required=required)
    if obj is None:
        return None
    return _money_obj(obj, _join(path, key), amount_key=amount_key, currency_key=currency_key)


def _money_obj(obj: dict, path: str, *, amount_key: str, currency_key: str) -> Money:
    raw = _get(obj, amount_key, path, required=True)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise InvalidOrderData(_join(path, amount_key), f"expected a decimal string, got {raw!r}")
    try:
        # str() first: a float that slipped in must not bring binary noise into Decimal.
        amount = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidOrderData(_join(path, amount_key), f"not a number: {raw!r}") from None
    if not amount.is_finite():
        raise InvalidOrderData(_join(path, amount_key), f"not a finite number: {raw!r}")
    # What Commerce and our own tables keep exactly (4 decimals, below 10^14); rounding
    # Amazon's amount to fit would silently change it.
    if abs(amount) >= MAX_AMOUNT:
        raise InvalidOrderData(_join(path, amount_key), f"too large: {raw!r}")
    if amount != amount.quantize(AMOUNT_STEP):
        raise InvalidOrderData(_join(path, amount_key),
                               f"more than 4 decimal places: {raw!r}")
    currency = _str(obj, currency_key, path, required=True, limit=3, code=True)
    return Money(amount, currency.upper())


def _v2026_money(parent, key, path, *, required=False):
    return _money(parent, key, path, amount_key="amount", currency_key="currencyCode",
                  required=required)


def _v0_money(parent, key, path, *, required=False):
    return _money(parent, key, path, amount_key="Amount", currency_key="CurrencyCode",
                  required=required)


def _positive(money: Money | None) -> Money | None:
    """Discounts are stored as the positive amount taken off, whatever sign Amazon used."""
    return None if money is None else Money(abs(money.amount), money.currency)


def _add(a: Money | None, b: Money | None, field: str) -> Money | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.currency != b.currency:
        raise InvalidOrderData(field, f"mixed currencies {a.currency} and {b.currency}")
    return Money(a.amount + b.amount, a.currency)


def _times(money: Money | None, quantity: int) -> Money | None:
    return None if money is None else Money(money.amount * quantity, money.currency)


def _per_unit(money: Money | None, quantity: int) -> Money | None:
    if money is None or quantity <= 0:
        return None
    unit = money.amount / quantity
    if unit.as_tuple().exponent < -4:  # type: ignore[operator]
        unit = unit.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    return Money(unit, money.currency)


def _upper(text: str | None) -> str | None:
    return None if text is None else text.upper()


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _snake_upper(text: str | None) -> str | None:
    """``FreeEconomy`` -> ``FREE_ECONOMY`` (v0 category spelling -> v2026 spelling)."""
    return None if text is None else _CAMEL.sub("_", text).upper()


def _each(items: list, path: str, parse: Callable[[Any, str], Any]) -> tuple:
    return tuple(parse(item, _join(path, i)) for i, item in enumerate(items))


# -- v2026-01-01 -------------------------------------------------------------------------

def _checked(parse: Callable[..., Order], id_field: str) -> Callable[..., Order]:
    """``parse`` with the text changes it made recorded on the order, and the order id
    checked last (so a payload's first problem is the one reported)."""
    @functools.wraps(parse)
    def parse_checked(*args, **kwargs) -> Order:
        with sanitize.recording() as changes:
            order = parse(*args, **kwargs)
        if not sanitize.is_order_id(order.order_id):
            raise InvalidOrderData(id_field, f"not an Amazon order id (3-7-7): "
                                             f"{order.order_id[:40]!r}")
        return dataclasses.replace(order, text_changes=tuple(changes)) if changes else order
    return parse_checked


def _parse_v2026_order(order: dict) -> Order:
    """One v2026 ``Order`` (``getOrder``'s ``order`` or an element of searchOrders' ``orders``).

    Needs ``includedData`` FULFILLMENT (status, fulfilled by); BUYER, RECIPIENT, PROCEEDS and
    PROMOTION fill the rest when requested. Order total is ``proceeds.grandTotal``.
    """
    path = ""
    if not isinstance(order, dict):
        raise InvalidOrderData("$", f"expected an order object, got {type(order).__name__}")
    order_id = _str(order, "orderId", path, required=True, limit=32, code=True)
    channel = _obj(order, "salesChannel", path, required=True)
    fulfillment = _obj(order, "fulfillment", path, required=True)
    status_text = _str(fulfillment, "fulfillmentStatus", "fulfillment", required=True)
    status = V2026_STATUS.get(status_text.upper())
    if status is None:
        raise InvalidOrderData("fulfillment.fulfillmentStatus", f"unknown status {status_text!r}")
    by_text = _str(fulfillment, "fulfilledBy", "fulfillment", required=True)
    fulfilled_by = V2026_FULFILLED_BY.get(by_text.upper())
    if fulfilled_by is None:
        raise InvalidOrderData("fulfillment.fulfilledBy", f"unknown value {by_text!r}")

    programs = {p for p in _list(order, "programs", path) if isinstance(p, str)}
    associations = _list(order, "associatedOrders", path)
    is_replacement = any(isinstance(a, dict) and a.get("associationType") ==
                         "REPLACEMENT_ORIGINAL_ID" for a in associations)
    seller_order_id = None
    for i, alias in enumerate(_list(order, "orderAliases", path)):
        alias_path = _join("orderAliases", i)
        if _str(alias, "aliasType", alias_path) == "SELLER_ORDER_ID":
            seller_order_id = _str(alias, "aliasId", alias_path)
            break

    buyer_obj = _obj(order, "buyer", path)
    buyer = Buyer()
    if buyer_obj is not None:
        buyer = Buyer(name=_str(buyer_obj, "buyerName", "buyer"),
                      email=_str(buyer_obj, "buyerEmail", "buyer"),
                      company=_str(buyer_obj, "buyerCompanyName", "buyer"),
                      purchase_order_number=_str(buyer_obj, "buyerPurchaseOrderNumber", "buyer"))
    recipient = _obj(order, "recipient", path)
    address = None
    if recipient is not None:
        delivery = _obj(recipient, "deliveryAddress", "recipient")
        if delivery is not None:
            address = _v2026_address(delivery, "recipient.deliveryAddress")
    proceeds = _obj(order, "proceeds", path)
    total = _v2026_money(proceeds, "grandTotal", "proceeds") if proceeds else None
    ship_by = _obj(fulfillment, "shipByWindow", "fulfillment")

    return Order(
        order_id=order_id,
        marketplace_id=_str(channel, "marketplaceId", "salesChannel", limit=32, code=True),
        status=status,
        fulfilled_by=fulfilled_by,
        purchase_date=_time(order, "createdTime", path, required=True),
        last_updated=_time(order, "lastUpdatedTime", path, required=True),
        order_total=total,
        buyer=buyer,
        shipping_address=address,
        ship_service_level=_upper(_str(fulfillment, "fulfillmentServiceLevel", "fulfillment")),
        latest_ship_date=(_time(ship_by, "latestDateTime", "fulfillment.shipByWindow")
                          if ship_by else None),
        is_prime="PRIME" in programs,
        is_business="AMAZON_BUSINESS" in programs,
        is_premium="PREMIUM" in programs,
        is_replacement=is_replacement,
        seller_order_id=seller_order_id,
        sales_channel=_str(channel, "marketplaceName", "salesChannel"),
        items=_each(_list(order, "orderItems", path, required=True), "orderItems",
                    _v2026_item),
    )


parse_v2026_order = _checked(_parse_v2026_order, "orderId")


def _v2026_address(obj: dict, path: str) -> Address:
    return Address(
        name=_str(obj, "name", path),
        company=_str(obj, "companyName", path),
        line1=_str(obj, "addressLine1", path),
        line2=_str(obj, "addressLine2", path),
        line3=_str(obj, "addressLine3", path),
        city=_str(obj, "city", path),
        county=_str(obj, "districtOrCounty", path),
        state_or_region=_str(obj, "stateOrRegion", path),
        municipality=_str(obj, "municipality", path),
        postal_code=_str(obj, "postalCode", path),
        country_code=_upper(_str(obj, "countryCode", path)),
        phone=_str(obj, "phone", path),
        address_type=_upper(_str(obj, "addressType", path)),
    )


def _v2026_item(item: Any, path: str) -> OrderItem:
    """One v2026 ``OrderItem``; how ``proceeds.breakdowns`` map onto our money fields:

    - ``unitPrice`` is per unit (the model says so), so line price = unitPrice x quantity;
      without a unit price (Pending orders) the ``ITEM`` subtotal is the line price.
    - ``SHIPPING`` -> shipping price, ``GIFT_WRAP`` -> gift-wrap price.
    - ``TAX``: its ``detailedBreakdowns`` split it by what was taxed: subtype ``ITEM`` ->
      item tax, ``SHIPPING`` -> shipping tax, ``GIFT_WRAP`` -> gift-wrap tax, ``DISCOUNT`` ->
      tax on the discounts (one figure for item and shipping discounts, so it all goes to
      ``promotion_discount_tax``). A ``TAX`` with no detail is item tax.
    - ``DISCOUNT``: subtype ``ITEM`` -> promotion discount, ``SHIPPING`` -> shipping discount;
      no detail -> promotion discount. Stored positive whatever sign Amazon reports.
    - ``COD_FEE`` and ``OTHER`` have no field in our model and are left out.
    """
    if not isinstance(item, dict):
        raise InvalidOrderData(path, f"expected an object, got {type(item).__name__}")
    quantity = _int(item, "quantityOrdered", path, required=True)
    product = _obj(item, "product", path, required=True)
    product_path = _join(path, "product")
    price = _obj(product, "price", product_path)
    unit_price = _v2026_money(price, "unitPrice", _join(product_path, "price")) if price else None
    condition = _obj(product, "condition", product_path)
    fulfillment = _obj(item, "fulfillment", path)

    amounts: dict[str, Money | None] = {}

    def put(name: str, money: Money | None, field: str) -> None:
        amounts[name] = _add(amounts.get(name), money, field)

    proceeds = _obj(item, "proceeds", path)
    proceeds_path = _join(path, "proceeds")
    for i, entry in enumerate(_list(proceeds, "breakdowns", proceeds_path) if proceeds else []):
        entry_path = _join(_join(proceeds_path, "breakdowns"), i)
        kind = (_str(entry, "type", entry_path, required=True)).upper()
        subtotal = _v2026_money(entry, "subtotal", entry_path, required=True)
        details = _list(entry, "detailedBreakdowns", entry_path)
        if kind in ("TAX", "DISCOUNT") and details:
            for j, detail in enumerate(details):
                detail_path = _join(_join(entry_path, "detailedBreakdowns"), j)
                subtype = (_str(detail, "subtype", detail_path, required=True)).upper()
                value = _v2026_money(detail, "value", detail_path, required=True)
                target = (_TAX_TARGET if kind == "TAX" else _DISCOUNT_TARGET).get(subtype)
                if target:
                    put(target, value, detail_path)
        else:
            target = _BREAKDOWN_TARGET.get(kind)
            if target:
                put(target, subtotal, entry_path)

    line_price = _times(unit_price, quantity) if unit_price else amounts.get("line_price")
    promotion = _obj(item, "promotion", path)
    promotion_path = _join(path, "promotion.breakdowns")
    promotion_ids = tuple(
        pid for i, promo in enumerate(_list(promotion, "breakdowns", _join(path, "promotion"))
                                      if promotion else [])
        if (pid := _str(promo, "promotionId", _join(promotion_path, i)))
    )
    requested, reason = _v2026_cancel_request(item, path)
    return OrderItem(
        order_item_id=_str(item, "orderItemId", path, required=True, limit=64, code=True),
        seller_sku=_str(product, "sellerSku", product_path),
        asin=_str(product, "asin", product_path, limit=32, code=True),
        title=_str(product, "title", product_path, limit=sanitize.TITLE_LIMIT),
        quantity_ordered=quantity,
        quantity_shipped=(_int(fulfillment, "quantityFulfilled", _join(path, "fulfillment"))
                          if fulfillment else 0),
        condition=(_upper(_str(condition, "conditionType", _join(product_path, "condition")))
                   if condition else None),
        unit_price=unit_price or _per_unit(line_price, quantity),
        line_price=line_price,
        item_tax=amounts.get("item_tax"),
        shipping_price=amounts.get("shipping_price"),
        shipping_tax=amounts.get("shipping_tax"),
        promotion_discount=_positive(amounts.get("promotion_discount")),
        promotion_discount_tax=_positive(amounts.get("promotion_discount_tax")),
        shipping_discount=_positive(amounts.get("shipping_discount")),
        shipping_discount_tax=_positive(amounts.get("shipping_discount_tax")),
        gift_wrap_price=amounts.get("gift_wrap_price"),
        gift_wrap_tax=amounts.get("gift_wrap_tax"),
        promotion_ids=promotion_ids,
        buyer_cancel_requested=requested,
        buyer_cancel_reason=reason,
    )


def _v2026_cancel_request(item: dict, path: str) -> tuple[bool, str | None]:
    """``cancellation.cancellationRequest`` (with ``includedData=CANCELLATION``): a request
    whose requester is the buyer (the only requester the model names), and its reason."""
    cancellation = _obj(item, "cancellation", path)
    if cancellation is None:
        return False, None
    request_path = _join(_join(path, "cancellation"), "cancellationRequest")
    request = _obj(cancellation, "cancellationRequest", _join(path, "cancellation"))
    if request is None:
        return False, None
    requester = _str(request, "requester", request_path, limit=32, code=True)
    if requester is not None and requester.upper() != "BUYER":
        return False, None
    return True, _str(request, "cancelReason", request_path)


_BREAKDOWN_TARGET = {"ITEM": "line_price", "SHIPPING": "shipping_price",
                     "GIFT_WRAP": "gift_wrap_price", "TAX": "item_tax",
                     "DISCOUNT": "promotion_discount"}
_TAX_TARGET = {"ITEM": "item_tax", "SHIPPING": "shipping_tax", "GIFT_WRAP": "gift_wrap_tax",
               "DISCOUNT": "promotion_discount_tax"}
_DISCOUNT_TARGET = {"ITEM": "promotion_discount", "SHIPPING": "shipping_discount"}


# -- v0 -------------------------------------------------------------------------------------

def _parse_v0_order(order: dict, items: list[dict], address: dict | None = None,
                    buyer: dict | None = None) -> Order:
    """A v0 ``Order`` with its ``OrderItem`` list and, optionally, the ``payload`` of
    getOrderAddress and getOrderBuyerInfo.

    The address and buyer come from those payloads when given, else from the order itself
    (getOrders/getOrder embed ``ShippingAddress`` and ``BuyerInfo`` when called with a
    Restricted Data Token). ``ItemPrice`` is the whole line (unit x quantity), so the unit
    price is derived from it. Order total is ``OrderTotal``.
    """
    if not isinstance(order, dict):
        raise InvalidOrderData("$", f"expected an order object, got {type(order).__name__}")
    if not isinstance(items, list):
        raise InvalidOrderData("OrderItems", f"expected a list, got {type(items).__name__}")
    path = ""
    order_id = _str(order, "AmazonOrderId", path, required=True, limit=32, code=True)
    status_text = _str(order, "OrderStatus", path, required=True)
    status = V0_STATUS.get(status_text)
    if status is None:
        raise InvalidOrderData("OrderStatus", f"unknown status {status_text!r}")
    channel_text = _str(order, "FulfillmentChannel", path, required=True)
    fulfilled_by = V0_CHANNEL.get(channel_text.upper())
    if fulfilled_by is None:
        raise InvalidOrderData("FulfillmentChannel", f"unknown channel {channel_text!r}")

    shipping = None
    company = None
    if address is not None:
        shipping_obj = _obj(address, "ShippingAddress", "address")
        shipping = _v0_address(shipping_obj, "address.ShippingAddress") if shipping_obj else None
        company = _str(address, "BuyerCompanyName", "address")
    else:
        shipping_obj = _obj(order, "ShippingAddress", path)
        shipping = _v0_address(shipping_obj, "ShippingAddress") if shipping_obj else None
    buyer_obj, buyer_path = ((buyer, "buyer") if buyer is not None
                             else (_obj(order, "BuyerInfo", path), "BuyerInfo"))
    parsed_buyer = Buyer(company=company)
    if buyer_obj is not None:
        tax_info = _obj(buyer_obj, "BuyerTaxInfo", buyer_path)
        parsed_buyer = Buyer(
            name=_str(buyer_obj, "BuyerName", buyer_path),
            email=_str(buyer_obj, "BuyerEmail", buyer_path),
            company=company or (_str(tax_info, "CompanyLegalName",
                                     _join(buyer_path, "BuyerTaxInfo")) if tax_info else None),
            purchase_order_number=_str(buyer_obj, "PurchaseOrderNumber", buyer_path),
        )

    return Order(
        order_id=order_id,
        marketplace_id=_str(order, "MarketplaceId", path, limit=32, code=True),
        status=status,
        fulfilled_by=fulfilled_by,
        purchase_date=_time(order, "PurchaseDate", path, required=True),
        last_updated=_time(order, "LastUpdateDate", path, required=True),
        order_total=_v0_money(order, "OrderTotal", path),
        buyer=parsed_buyer,
        shipping_address=shipping,
        ship_service_level=(_snake_upper(_str(order, "ShipmentServiceLevelCategory", path))
                            or _str(order, "ShipServiceLevel", path)),
        latest_ship_date=_time(order, "LatestShipDate", path),
        is_prime=_bool(order, "IsPrime", path),
        is_business=_bool(order, "IsBusinessOrder", path),
        is_premium=_bool(order, "IsPremiumOrder", path),
        is_replacement=_bool(order, "IsReplacementOrder", path),
        seller_order_id=_str(order, "SellerOrderId", path),
        sales_channel=_str(order, "SalesChannel", path),
        items=_each(items, "OrderItems", _v0_item),
    )


parse_v0_order = _checked(_parse_v0_order, "AmazonOrderId")


def _v0_address(obj: dict, path: str) -> Address:
    return Address(
        name=_str(obj, "Name", path),
        company=_str(obj, "CompanyName", path),
        line1=_str(obj, "AddressLine1", path),
        line2=_str(obj, "AddressLine2", path),
        line3=_str(obj, "AddressLine3", path),
        city=_str(obj, "City", path),
        county=_str(obj, "County", path),
        district=_str(obj, "District", path),
        state_or_region=_str(obj, "StateOrRegion", path),
        municipality=_str(obj, "Municipality", path),
        postal_code=_str(obj, "PostalCode", path),
        country_code=_upper(_str(obj, "CountryCode", path)),
        phone=_str(obj, "Phone", path),
        address_type=_upper(_str(obj, "AddressType", path)),
    )


def _v0_item(item: Any, path: str) -> OrderItem:
    if not isinstance(item, dict):
        raise InvalidOrderData(path, f"expected an object, got {type(item).__name__}")
    quantity = _int(item, "QuantityOrdered", path, required=True)
    line_price = _v0_money(item, "ItemPrice", path)
    item_buyer = _obj(item, "BuyerInfo", path)
    buyer_path = _join(path, "BuyerInfo")
    promotion_ids = _list(item, "PromotionIds", path)
    cancel = _obj(item, "BuyerRequestedCancel", path)
    cancel_path = _join(path, "BuyerRequestedCancel")
    for i, pid in enumerate(promotion_ids):
        if not isinstance(pid, str):
            raise InvalidOrderData(_join(_join(path, "PromotionIds"), i), "expected a string")
    return OrderItem(
        order_item_id=_str(item, "OrderItemId", path, required=True, limit=64, code=True),
        seller_sku=_str(item, "SellerSKU", path),
        asin=_str(item, "ASIN", path, limit=32, code=True),
        title=_str(item, "Title", path, limit=sanitize.TITLE_LIMIT),
        quantity_ordered=quantity,
        quantity_shipped=_int(item, "QuantityShipped", path),
        condition=_upper(_str(item, "ConditionId", path)),
        unit_price=_per_unit(line_price, quantity),
        line_price=line_price,
        item_tax=_v0_money(item, "ItemTax", path),
        shipping_price=_v0_money(item, "ShippingPrice", path),
        shipping_tax=_v0_money(item, "ShippingTax", path),
        promotion_discount=_positive(_v0_money(item, "PromotionDiscount", path)),
        promotion_discount_tax=_positive(_v0_money(item, "PromotionDiscountTax", path)),
        shipping_discount=_positive(_v0_money(item, "ShippingDiscount", path)),
        shipping_discount_tax=_positive(_v0_money(item, "ShippingDiscountTax", path)),
        gift_wrap_price=(_v0_money(item_buyer, "GiftWrapPrice", buyer_path)
                         if item_buyer else None),
        gift_wrap_tax=_v0_money(item_buyer, "GiftWrapTax", buyer_path) if item_buyer else None,
        promotion_ids=tuple(p for i, raw in enumerate(promotion_ids)
                            if (p := sanitize.clean(raw, _join(_join(path, "PromotionIds"), i))
                                .strip())),
        buyer_cancel_requested=(_bool(cancel, "IsBuyerRequestedCancel", cancel_path)
                                if cancel else False),
        buyer_cancel_reason=(_str(cancel, "BuyerCancelReason", cancel_path)
                             if cancel and _bool(cancel, "IsBuyerRequestedCancel", cancel_path)
                             else None),
    )
