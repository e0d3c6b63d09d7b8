"""What Amazon shows of a stored order: the v2026 view (by ``includedData``) and the v0 views.

One stored order (v2026 JSON) serves both API versions, so reading it either way must give
the same order. What Amazon withholds is withheld here too: Pending orders have no prices and
no buyer; only Unshipped, PartiallyShipped and Shipped orders have a delivery address; v0
shows PII only to a Restricted Data Token.
"""

from __future__ import annotations

from decimal import Decimal

ADDRESS_STATUSES = {"UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"}
NO_PRICE_STATUSES = {"PENDING", "PENDING_AVAILABILITY"}
V0_STATUS = {"PENDING_AVAILABILITY": "PendingAvailability", "PENDING": "Pending",
             "UNSHIPPED": "Unshipped", "PARTIALLY_SHIPPED": "PartiallyShipped",
             "SHIPPED": "Shipped", "CANCELLED": "Canceled", "UNFULFILLABLE": "Unfulfillable"}
V0_LEVEL = {"STANDARD": "Standard", "EXPEDITED": "Expedited", "NEXT_DAY": "NextDay",
            "PRIORITY": "Priority", "SAME_DAY": "SameDay", "SECOND_DAY": "SecondDay",
            "SCHEDULED": "Scheduled", "FREE_ECONOMY": "FreeEconomy"}

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
    restricted item ``BuyerInfo``; a buyer's cancellation request is ``BuyerRequestedCancel``."""
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
        request = (item.get("cancellation") or {}).get("cancellationRequest")
        if request:  # "true"/"false" strings, as Amazon writes them in v0
            result["BuyerRequestedCancel"] = {"IsBuyerRequestedCancel": "true",
                                              "BuyerCancelReason": request.get("cancelReason", "")}
        promotions = [p["promotionId"] for p in (item.get("promotion") or {}).get("breakdowns", [])
                      if p.get("promotionId")]
        if promotions:
            result["PromotionIds"] = promotions
        items.append({k: v for k, v in result.items() if v is not None})
    return items


def _line_amount(unit: str, quantity: int) -> str:
    return str(Decimal(unit) * quantity)
