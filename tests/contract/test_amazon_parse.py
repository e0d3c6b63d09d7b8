"""Every 200 example in the SP-API fixtures that holds orders parses into the internal model."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.domain import FulfilledBy, Money, OrderStatus

V2026_FILES = ["sp-api/orders-2026-01-01/searchOrders.examples.json",
               "sp-api/orders-2026-01-01/getOrder.examples.json",
               "sp-api/orders-2026-01-01/orders_2026-01-01.response-examples.json"]
V0_FILES = ["sp-api/getOrders.examples.json", "sp-api/getOrder.examples.json",
            "sp-api/ordersV0.response-examples.json"]


def v2026_orders(load_fixture):
    for name in V2026_FILES:
        for example in load_fixture(name):
            if example["status"] != 200:
                continue
            body = example["response"]
            for order in body.get("orders", []) + ([body["order"]] if "order" in body else []):
                yield example["id"], order


def test_every_v2026_example_order_parses(load_fixture):
    parsed = {oid: parse_v2026_order(o) for _, o in v2026_orders(load_fixture)
              for oid in [o["orderId"]]}
    assert len(parsed) == 6
    for order in parsed.values():
        assert order.purchase_date.tzinfo is UTC
        assert order.items and all(i.quantity_ordered >= 1 for i in order.items)
        assert all(isinstance(i.line_price.amount, Decimal) for i in order.items)


def test_v2026_example_values(load_fixture):
    orders = {o["orderId"]: parse_v2026_order(o) for _, o in v2026_orders(load_fixture)}
    jp = orders["250-1234567-8901234"]
    assert jp.status is OrderStatus.SHIPPED and jp.fulfilled_by is FulfilledBy.AMAZON
    assert jp.order_total == Money(Decimal("19940"), "JPY")
    assert jp.items[1].line_price == Money(Decimal("13960"), "JPY")  # 6980 x 2
    assert jp.is_prime and jp.seller_order_id == "JP-ORDER-2024-001"
    us = orders["123-4567890-1234567"]
    assert us.is_business and us.is_replacement
    assert us.items[0].item_tax == Money(Decimal("0.02"), "USD")
    assert us.buyer.purchase_order_number == "PO-2024-12345"
    uk = orders["202-1234567-8901234"]
    assert uk.items[0].item_tax == Money(Decimal("3.00"), "GBP")
    assert uk.items[0].shipping_tax == Money(Decimal("1.00"), "GBP")
    assert uk.items[0].shipping_price == Money(Decimal("10.00"), "GBP")
    assert uk.last_updated == datetime(2024, 12, 25, 16, 30, tzinfo=UTC)
    br = orders["171-9876543-2109876"]
    assert br.shipping_address.line3 is None  # "" in the example
    assert br.status is OrderStatus.UNSHIPPED
    store = orders["114-9876543-1234567"]
    assert store.items[0].item_tax == Money(Decimal("10.00"), "USD")  # TAX without detail
    assert store.buyer.name is None  # BUYER was not requested


def test_every_v0_example_order_parses(load_fixture):
    count = 0
    for name in V0_FILES:
        for example in load_fixture(name):
            payload = example["response"].get("payload")
            if example["status"] != 200 or example["operationId"] not in ("getOrders",
                                                                           "getOrder"):
                continue
            for order in payload.get("Orders", [payload] if "AmazonOrderId" in payload else []):
                parsed = parse_v0_order(order, [])
                assert parsed.order_id == order["AmazonOrderId"]
                count += 1
    assert count >= 7


def test_v0_example_values_with_items_address_and_buyer(load_fixture):
    examples = {e["operationId"]: e["response"]["payload"]
                for e in load_fixture("sp-api/ordersV0.response-examples.json")
                if e["status"] == 200}
    order = parse_v0_order(examples["getOrder"], examples["getOrderItems"]["OrderItems"],
                           examples["getOrderAddress"], examples["getOrderBuyerInfo"])
    assert order.status is OrderStatus.PENDING
    assert order.fulfilled_by is FulfilledBy.MERCHANT
    assert order.buyer.name == "John Smith"  # the buyerInfo payload wins over the order's
    assert order.shipping_address.line1 == "1 cross st"
    first, second = order.items
    assert first.line_price == Money(Decimal("25.99"), "JPY")
    assert first.shipping_price == Money(Decimal("1.26"), "JPY")
    assert second.unit_price == Money(Decimal("8.975"), "JPY")  # 17.95 for 2
    assert second.promotion_ids == ("FREESHIP",)
    assert second.condition == "USED"


def test_v0_sandbox_orders_parse_with_their_statuses(load_fixture):
    statuses = {}
    for example in load_fixture("sp-api/getOrders.examples.json"):
        for raw in example["response"]["payload"]["Orders"]:
            statuses[raw["AmazonOrderId"]] = parse_v0_order(raw, []).status
    assert statuses["902-1845936-5435065"] is OrderStatus.UNSHIPPED
    assert statuses["902-3159896-1390916"] is OrderStatus.PENDING
