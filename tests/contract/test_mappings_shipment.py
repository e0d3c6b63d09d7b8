"""Shipments of the example orders become confirmShipment bodies that Amazon's v0 model
accepts, shaped like Amazon's own confirmShipment example."""

from __future__ import annotations

import pytest
from jsonschema import Draft4Validator

from connector.amazon.parse import parse_v2026_order
from mappings import order_body, shipment_confirmation


@pytest.fixture(scope="module")
def confirm_schema(load_fixture):
    model = load_fixture("sp-api/ordersV0.json")
    return Draft4Validator({"$ref": "#/definitions/ConfirmShipmentRequest",
                            "definitions": model["definitions"]})


@pytest.fixture(scope="module")
def amazon_example(load_fixture):
    return load_fixture("sp-api/confirmShipment.examples.json")[0]["request"]["body"]


def merchant_orders(load_fixture):
    for name in ("getOrder.examples.json", "searchOrders.examples.json",
                 "orders_2026-01-01.response-examples.json"):
        for example in load_fixture(f"sp-api/orders-2026-01-01/{name}"):
            if example["status"] == 200:
                response = example["response"]
                yield from (parse_v2026_order(raw)
                            for raw in response.get("orders") or [response["order"]])


def commerce_side(order):
    """What Commerce holds after importing the order: items numbered from 100, and one
    shipment holding all but the last unit (a partial shipment) when there is more than one."""
    items = [{"item_id": 100 + i, "sku": line["sku"], "ext_order_item_id":
              line["ext_order_item_id"], "qty_ordered": line["qty_ordered"]}
             for i, line in enumerate(order_body(order).body["entity"]["items"])]
    shipped = [{"order_item_id": i["item_id"], "sku": i["sku"], "qty": i["qty_ordered"]}
               for i in items]
    if sum(i["qty"] for i in shipped) > 1:
        shipped[-1]["qty"] -= 1
    return items, shipped


def test_confirmations_validate_against_amazons_model(load_fixture, confirm_schema,
                                                      amazon_example):
    assert list(confirm_schema.iter_errors(amazon_example)) == []
    seen = 0
    for order in merchant_orders(load_fixture):
        items, shipped = commerce_side(order)
        for track in ({"carrier_code": "fedex", "title": "FedEx Ground", "track_number": "1"},
                      {"carrier_code": "royalmail", "title": "Royal Mail Tracked 48",
                       "track_number": "RR123456789GB"}):
            body = shipment_confirmation(order, {
                "entity_id": 9, "created_at": "2024-12-26 14:00:00", "items": shipped,
                "tracks": [track]}, commerce_items=items)
            assert list(confirm_schema.iter_errors(body)) == [], order.order_id
            assert set(body) <= set(amazon_example)
            assert set(body["packageDetail"]) <= set(amazon_example["packageDetail"])
            assert body["marketplaceId"] == order.marketplace_id
            amazon_ids = {i.order_item_id for i in order.items}
            assert {i["orderItemId"] for i in body["packageDetail"]["orderItems"]} <= amazon_ids
            seen += 1
    assert seen >= 12
