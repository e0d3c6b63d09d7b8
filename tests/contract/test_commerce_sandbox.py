"""The Commerce sandbox accepts the contract's example bodies and refuses what Magento refuses."""

from __future__ import annotations

import copy

import pytest

from connector.sandbox.commerce import create_commerce_sandbox

AUTH = {"Authorization": "Bearer sandbox-token"}


@pytest.fixture
def http():
    return create_commerce_sandbox().test_client()


@pytest.fixture
def example(load_fixture):
    return lambda name: load_fixture(f"commerce/examples/{name}")


def create(http, body) -> dict:
    response = http.post("/rest/default/V1/orders", json=body, headers=AUTH)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_examples_drive_an_order_to_complete(http, example, fixtures_dir):
    order = create(http, example("post-v1-orders.amazon-guest.example.json"))
    order_id, item_id = order["entity_id"], order["items"][0]["item_id"]

    search = (fixtures_dir / "commerce/examples/get-v1-orders.search-by-ext-order-id.example.txt"
              ).read_text().strip().removeprefix("GET ")
    found = http.get(search, headers=AUTH).get_json()
    assert found["total_count"] == 1 and found["items"][0]["entity_id"] == order_id

    comment = example("post-v1-orders-comments.example.json")
    comment["statusHistory"]["parent_id"] = order_id
    answer = http.post(f"/rest/V1/orders/{order_id}/comments", json=comment, headers=AUTH)
    assert answer.get_json() is True

    for name, path in (("post-v1-order-invoice.example.json", "invoice"),
                       ("post-v1-order-ship.example.json", "ship")):
        body = example(name)
        for line in body["items"]:
            line["order_item_id"] = item_id
        answer = http.post(f"/rest/V1/order/{order_id}/{path}", json=body, headers=AUTH)
        assert answer.status_code == 200 and isinstance(answer.get_json(), int)
    assert http.get(f"/rest/V1/orders/{order_id}", headers=AUTH).get_json()["state"] == \
        "complete"


def test_unknown_field_gets_magentos_accessor_error(http, example):
    body = example("post-v1-orders.amazon-guest.example.json")
    body["entity"]["shipping_address"] = copy.deepcopy(body["entity"]["billing_address"])
    answer = http.post("/rest/V1/orders", json=body, headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json() == {
        "message": 'Property "%1" does not have accessor method "%2" in class "%3".',
        "parameters": ["ShippingAddress", "setShippingAddress",
                       "Magento\\Sales\\Api\\Data\\OrderInterface"]}


def test_unknown_field_in_a_nested_object_names_that_class(http, example):
    body = example("post-v1-order-ship.example.json")
    body["tracks"][0]["tracking_url"] = "https://example.com"
    answer = http.post("/rest/V1/order/1/ship", json=body, headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json()["parameters"] == [
        "TrackingUrl", "setTrackingUrl",
        "Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface"]


@pytest.mark.parametrize("path, field", [
    (("entity", "billing_address", "email"), "email"),
    (("entity", "payment", "method"), "method"),
    (("entity", "items", 0, "sku"), "sku"),
    (("entity", "customer_email"), "customer_email"),
])
def test_missing_required_field_is_refused(http, example, path, field):
    body = example("post-v1-orders.amazon-guest.example.json")
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    answer = http.post("/rest/V1/orders", json=body, headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json() == {"message": "%fieldName is a required field.",
                                 "parameters": {"fieldName": field}}
    assert http.get("/_sandbox/orders").get_json()["orders"] == []


def test_wrong_type_is_refused_with_the_expected_type(http, example):
    body = example("post-v1-orders.amazon-guest.example.json")
    body["entity"]["grand_total"] = "45.00"
    answer = http.post("/rest/V1/orders", json=body, headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json()["parameters"] == {"value": '"45.00"', "type": "float"}
