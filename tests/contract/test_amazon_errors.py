"""Every error example in the SP-API fixtures, fed through the client, is the right error."""

from __future__ import annotations

import json

import pytest
import responses

from connector.amazon import (
    AmazonClient,
    AuthError,
    InvalidInput,
    LwaCredentials,
    NotFound,
    ServerError,
    Throttled,
)

BASE = "https://sellingpartnerapi-na.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
FILES = ["getOrders", "getOrder", "getOrderAddress", "getOrderBuyerInfo", "getOrderItems",
         "getOrderItemsBuyerInfo", "updateShipmentStatus", "confirmShipment",
         "getOrderRegulatedInfo", "updateVerificationStatus", "createRestrictedDataToken",
         "orders-2026-01-01/searchOrders", "orders-2026-01-01/getOrder"]
EXPECTED = {400: InvalidInput, 401: AuthError, 403: AuthError, 404: NotFound, 429: Throttled,
            500: ServerError, 503: ServerError}


def error_examples(load_fixture):
    for name in FILES:
        for example in load_fixture(f"sp-api/{name}.examples.json"):
            if example["status"] >= 400:
                yield example


def test_the_fixtures_hold_error_examples(load_fixture):
    assert len(list(error_examples(load_fixture))) >= 10


@responses.activate
def test_every_error_example_maps_to_its_typed_error(load_fixture):
    responses.add(responses.POST, LWA, json={"access_token": "Atza|t", "expires_in": 3600})
    client = AmazonClient(LwaCredentials("id", "secret", "Atzr|r"), "NA",
                          sleep=lambda s: None)
    checked = 0
    for example in error_examples(load_fixture):
        request = example["request"] or {}
        path = example["pathTemplate"].replace("{orderId}", str(request.get("orderId", "X")))
        body = example["response"]
        responses.add(example["method"], BASE + path, status=example["status"],
                      body=json.dumps(body) if body else "",
                      headers={"x-amzn-RequestId": f"req-{example['id']}"})
        with pytest.raises(EXPECTED[example["status"]]) as caught:
            client._transport.call(example["operationId"], example["method"], path,
                                   retry=False)
        error = caught.value
        assert error.request_id == f"req-{example['id']}", example["id"]
        assert error.status == example["status"]
        if body.get("errors"):
            assert error.errors[0].code == body["errors"][0]["code"]
            assert error.errors[0].message == body["errors"][0]["message"]
        else:
            assert error.errors == ()  # an empty upstream body still gives a typed error
        responses.reset()
        responses.add(responses.POST, LWA, json={"access_token": "Atza|t", "expires_in": 3600})
        checked += 1
    client.close()
    assert checked >= 10


@responses.activate
def test_search_orders_400_example_through_the_public_api(load_fixture):
    (example,) = [e for e in load_fixture("sp-api/orders-2026-01-01/searchOrders.examples.json")
                  if e["status"] == 400]
    responses.add(responses.POST, LWA, json={"access_token": "Atza|t", "expires_in": 3600})
    responses.add(responses.GET, f"{BASE}/orders/2026-01-01/orders", status=400,
                  json=example["response"], headers={"x-amzn-RequestId": "r-1"})
    from datetime import UTC, datetime, timedelta

    with AmazonClient(LwaCredentials("id", "s", "Atzr|r"), "NA") as client:
        with pytest.raises(InvalidInput) as caught:
            next(client.iter_orders_updated(["ATVPDKIKX0DER"],
                                            datetime.now(UTC) - timedelta(days=1)))
    assert not isinstance(caught.value, NotFound)
    assert caught.value.code == "InvalidInput" and caught.value.request_id == "r-1"
