"""Parsers on the project's own sample payloads (no shared fixtures needed)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.domain import FulfilledBy, Money, OrderStatus

DATA = Path(__file__).parent / "data"


def load(name: str):
    return json.loads((DATA / name).read_text())


def gbp(amount: str) -> Money:
    return Money(Decimal(amount), "GBP")


def test_v2026_order_header_fields():
    order = parse_v2026_order(load("v2026_order.json"))
    assert order.order_id == "205-4417213-7730712"
    assert order.marketplace_id == "A1F83G8C2ARO7P"
    assert order.status is OrderStatus.PARTIALLY_SHIPPED
    assert order.fulfilled_by is FulfilledBy.MERCHANT
    assert order.purchase_date == datetime(2026, 3, 2, 9, 14, 5, tzinfo=UTC)
    assert order.last_updated == datetime(2026, 3, 2, 11, 40, 51, 250000, tzinfo=UTC)
    assert order.order_total == gbp("124.14")
    assert order.is_business and order.is_prime and order.is_replacement
    assert not order.is_premium
    assert order.seller_order_id == "WS-10442"
    assert order.sales_channel == "Amazon.co.uk"
    assert order.ship_service_level == "NEXT_DAY"
    assert order.latest_ship_date == datetime(2026, 3, 3, 23, 59, 59, tzinfo=UTC)
    assert order.buyer.company == "Natarajan Joinery Ltd"
    assert order.buyer.purchase_order_number == "PO-8831"


def test_v2026_blank_pii_becomes_none():
    address = parse_v2026_order(load("v2026_order.json")).shipping_address
    assert address.phone is None
    assert address.line3 is None and address.municipality is None
    assert address.county == "West Yorkshire"
    assert address.country_code == "GB"
    assert address.address_type == "COMMERCIAL"


def test_v2026_item_money_comes_from_unit_price_and_breakdowns():
    shelf, brackets = parse_v2026_order(load("v2026_order.json")).items
    assert shelf.unit_price == gbp("39.95")
    assert shelf.line_price == gbp("79.90")
    assert shelf.item_tax == gbp("15.98")
    assert shelf.shipping_price == gbp("4.99")
    assert shelf.shipping_tax == gbp("1.00")
    assert shelf.gift_wrap_price == gbp("2.50")
    assert shelf.gift_wrap_tax == gbp("0.50")
    assert shelf.promotion_discount == gbp("7.99")  # stored positive
    assert shelf.shipping_discount == gbp("1.51")
    assert shelf.promotion_discount_tax == gbp("1.23")
    assert shelf.promotion_ids == ("SPRING-10", "SHIP-DEAL")
    assert shelf.quantity_ordered == 2 and shelf.quantity_shipped == 1
    assert shelf.condition == "NEW"
    # A TAX breakdown without detail is the item's own tax.
    assert brackets.item_tax == gbp("5.00")
    assert brackets.shipping_price is None and brackets.promotion_discount is None


def test_v2026_pending_fba_order_without_prices_or_pii():
    order = parse_v2026_order(load("v2026_order_pending_fba.json"))
    assert order.status is OrderStatus.PENDING
    assert order.fulfilled_by is FulfilledBy.AMAZON
    assert order.order_total is None and order.currency is None
    assert order.shipping_address is None
    assert order.buyer.name is None and order.buyer.email is None
    (item,) = order.items
    assert item.unit_price is None and item.line_price is None
    assert item.seller_sku == "TEA-EARLGREY-250"


def test_v2026_cancelled_spelling_is_unified():
    raw = load("v2026_order_pending_fba.json")
    raw["fulfillment"]["fulfillmentStatus"] = "CANCELLED"
    assert parse_v2026_order(raw).status is OrderStatus.CANCELED


def test_v0_order_with_address_and_buyer_payloads():
    raw = load("v0_order.json")
    order = parse_v0_order(raw["order"], raw["items"], raw["address"], raw["buyer"])
    shelf = order.items[0]
    assert order.status is OrderStatus.PARTIALLY_SHIPPED
    assert order.ship_service_level == "NEXT_DAY"
    assert shelf.line_price == gbp("79.90")
    assert shelf.unit_price == gbp("39.95")  # ItemPrice is the whole line
    assert shelf.gift_wrap_price == gbp("2.50")
    assert order.buyer.name == "Priya Natarajan"
    assert order.shipping_address.address_type == "COMMERCIAL"


def test_v0_and_v2026_of_the_same_order_are_equal():
    raw = load("v0_order.json")
    from_v0 = parse_v0_order(raw["order"], raw["items"], raw["address"], raw["buyer"])
    assert from_v0 == parse_v2026_order(load("v2026_order.json"))


def test_v0_afn_canceled_is_amazon_fulfilled_and_canceled():
    raw = load("v0_order_canceled_jp.json")
    order = parse_v0_order(raw["order"], raw["items"])
    assert order.status is OrderStatus.CANCELED
    assert order.fulfilled_by is FulfilledBy.AMAZON
    assert order.order_total == Money(Decimal("3980"), "JPY")
    assert order.items[0].unit_price == Money(Decimal("1990"), "JPY")
    assert order.is_premium and order.is_prime
    assert order.shipping_address is None and order.buyer.name is None


def test_v0_buyer_embedded_in_order_is_used_without_payloads():
    raw = load("v0_order.json")
    order_json = dict(raw["order"], BuyerInfo={"BuyerEmail": "", "BuyerName": "P. N."},
                      ShippingAddress={"City": "Leeds", "CountryCode": "GB", "Name": ""})
    order = parse_v0_order(order_json, raw["items"])
    assert order.buyer.name == "P. N."
    assert order.buyer.email is None  # blank PII is None, never ""
    assert order.shipping_address.city == "Leeds" and order.shipping_address.name is None


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda o: o.pop("orderId"), "orderId"),
    (lambda o: o.pop("createdTime"), "createdTime"),
    (lambda o: o.__setitem__("lastUpdatedTime", "yesterday"), "lastUpdatedTime"),
    (lambda o: o["fulfillment"].pop("fulfillmentStatus"), "fulfillment.fulfillmentStatus"),
    (lambda o: o["fulfillment"].__setitem__("fulfillmentStatus", "LOST"),
     "fulfillment.fulfillmentStatus"),
    (lambda o: o.__setitem__("orderItems", {}), "orderItems"),
    (lambda o: o["orderItems"][1].__setitem__("quantityOrdered", "1"),
     "orderItems[1].quantityOrdered"),
    (lambda o: o["orderItems"][0]["product"]["price"]["unitPrice"].__setitem__("amount", "x"),
     "orderItems[0].product.price.unitPrice.amount"),
    (lambda o: o["orderItems"][0]["proceeds"]["breakdowns"][0].pop("subtotal"),
     "orderItems[0].proceeds.breakdowns[0].subtotal"),
    (lambda o: o["proceeds"]["grandTotal"].pop("currencyCode"), "proceeds.grandTotal.currencyCode"),
    # Ids and codes are refused, never cut or cleaned (connector.amazon.sanitize).
    (lambda o: o.update(orderId="../../admin/x?y=1#z"), "orderId"),
    (lambda o: o.update(orderId="205-4417213-7730712\x00"), "orderId"),
    (lambda o: o["orderItems"][0].update(orderItemId="9" * 65), "orderItems[0].orderItemId"),
    (lambda o: o["orderItems"][0]["product"].update(asin="B0\u202e12"),
     "orderItems[0].product.asin"),
    (lambda o: o["salesChannel"].update(marketplaceId="A" * 33), "salesChannel.marketplaceId"),
])
def test_v2026_bad_payload_names_the_field(mutate, field):
    raw = copy.deepcopy(load("v2026_order.json"))
    mutate(raw)
    with pytest.raises(InvalidOrderData) as caught:
        parse_v2026_order(raw)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda r: r["order"].pop("AmazonOrderId"), "AmazonOrderId"),
    (lambda r: r["order"].__setitem__("OrderStatus", "Lost"), "OrderStatus"),
    (lambda r: r["order"].__setitem__("FulfillmentChannel", "XYZ"), "FulfillmentChannel"),
    (lambda r: r["order"].__setitem__("IsPrime", "maybe"), "IsPrime"),
    (lambda r: r["items"][0].pop("OrderItemId"), "OrderItems[0].OrderItemId"),
    (lambda r: r["items"][1]["ItemPrice"].__setitem__("Amount", None),
     "OrderItems[1].ItemPrice.Amount"),
    (lambda r: r["items"].__setitem__(0, "not an item"), "OrderItems[0]"),
])
def test_v0_bad_payload_names_the_field(mutate, field):
    raw = copy.deepcopy(load("v0_order.json"))
    mutate(raw)
    with pytest.raises(InvalidOrderData) as caught:
        parse_v0_order(raw["order"], raw["items"], raw["address"], raw["buyer"])
    assert caught.value.field == field


def test_non_dict_order_is_invalid_data_not_type_error():
    with pytest.raises(InvalidOrderData):
        parse_v2026_order(["not", "an", "order"])  # type: ignore[arg-type]
    with pytest.raises(InvalidOrderData):
        parse_v0_order({"AmazonOrderId": "1"}, None)  # type: ignore[arg-type]
