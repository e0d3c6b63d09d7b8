"""The sandbox answers in Amazon's shapes: its bodies validate against Amazon's models.

Validation is strict: every object in the models is closed (no property the model does not
name), so a misspelt field in the sandbox fails here rather than in production.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest
import requests

from connector.sandbox.amazon import create_amazon_sandbox


def closed(node):
    if isinstance(node, dict):
        node = {k: closed(v) for k, v in node.items()}
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        return node
    if isinstance(node, list):
        return [closed(v) for v in node]
    return node


@pytest.fixture(scope="module")
def models(fixtures_dir):
    import json

    def load(name):
        return json.loads((fixtures_dir / "sp-api" / name).read_text())

    return {"v2026": closed(load("orders-2026-01-01/orders_2026-01-01.json")),
            "v0": closed(load("ordersV0.json")),
            "tokens": closed(load("tokens_2021-03-01.json"))}


def validate(models, model: str, definition: str, body) -> None:
    definitions = copy.deepcopy(models[model]["definitions"])
    schema = {"$ref": f"#/definitions/{definition}", "definitions": definitions}
    jsonschema.Draft4Validator(schema).validate(body)


@pytest.fixture
def amazon(live_server):
    app = create_amazon_sandbox(time_scale=1000, generate=60, seed=4)
    server = live_server(app)
    http = requests.Session()
    token = http.post(f"{server.url}/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).json()["access_token"]
    yield server.url, http, token
    http.close()


def since() -> str:
    return (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_v2026_answers_validate(models, amazon):
    url, http, token = amazon
    headers = {"x-amz-access-token": token}
    everything = ("BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,"
                  "PACKAGES")
    search = http.get(f"{url}/orders/2026-01-01/orders", headers=headers, params={
        "lastUpdatedAfter": since(), "includedData": everything, "maxResultsPerPage": 50})
    assert search.status_code == 200
    body = search.json()
    validate(models, "v2026", "SearchOrdersResponse", body)
    assert len(body["orders"]) == 50 and body["pagination"]["nextToken"]
    for order in body["orders"][:10]:
        one = http.get(f"{url}/orders/2026-01-01/orders/{order['orderId']}", headers=headers,
                       params={"includedData": everything}).json()
        validate(models, "v2026", "GetOrderResponse", one)
    missing = http.get(f"{url}/orders/2026-01-01/orders/000-0000000-0000000", headers=headers)
    assert missing.status_code == 404
    validate(models, "v2026", "ErrorList", missing.json())
    bad = http.get(f"{url}/orders/2026-01-01/orders", headers=headers,
                   params={"createdAfter": "TEST_CASE_400"})
    assert bad.status_code == 400
    validate(models, "v2026", "ErrorList", bad.json())


def test_v0_answers_validate_with_and_without_rdt(models, amazon):
    url, http, token = amazon
    rdt_answer = http.post(f"{url}/tokens/2021-03-01/restrictedDataToken",
                           headers={"x-amz-access-token": token}, json={"restrictedResources": [
                               {"method": "GET", "path": "/orders/v0/orders",
                                "dataElements": ["buyerInfo", "shippingAddress"]},
                               {"method": "GET", "path": "/orders/v0/orders/{orderId}/orderItems",
                                "dataElements": ["buyerInfo"]},
                               {"method": "GET", "path": "/orders/v0/orders/{orderId}/address"},
                               {"method": "GET",
                                "path": "/orders/v0/orders/{orderId}/buyerInfo"}]})
    validate(models, "tokens", "CreateRestrictedDataTokenResponse", rdt_answer.json())
    rdt = rdt_answer.json()["restrictedDataToken"]
    for access in (token, rdt):
        headers = {"x-amz-access-token": access}
        listing = http.get(f"{url}/orders/v0/orders", headers=headers, params={
            "MarketplaceIds": "ATVPDKIKX0DER,A1F83G8C2ARO7P,A1PA6795UKMFR9",
            "LastUpdatedAfter": since()}).json()
        validate(models, "v0", "GetOrdersResponse", listing)
        for order in listing["payload"]["Orders"][:8]:
            order_id = order["AmazonOrderId"]
            items = http.get(f"{url}/orders/v0/orders/{order_id}/orderItems", headers=headers)
            validate(models, "v0", "GetOrderItemsResponse", items.json())
    headers = {"x-amz-access-token": rdt}
    order_id = "304-8812093-5521907"
    validate(models, "v0", "GetOrderAddressResponse",
             http.get(f"{url}/orders/v0/orders/{order_id}/address", headers=headers).json())
    validate(models, "v0", "GetOrderBuyerInfoResponse",
             http.get(f"{url}/orders/v0/orders/{order_id}/buyerInfo", headers=headers).json())
    single = http.get(f"{url}/orders/v0/orders/{order_id}", headers={"x-amz-access-token": token})
    validate(models, "v0", "GetOrderResponse", single.json())


def test_confirm_shipment_accepts_amazons_example_body_shape(models, amazon, load_fixture):
    url, http, token = amazon
    (example,) = load_fixture("sp-api/confirmShipment.examples.json")
    body = copy.deepcopy(example["request"]["body"])
    validate(models, "v0", "ConfirmShipmentRequest", body)
    body["packageDetail"]["orderItems"] = [{"orderItemId": "41029384756101", "quantity": 1}]
    answer = http.post(f"{url}/orders/v0/orders/113-4520981-3371045/shipmentConfirmation",
                       headers={"x-amz-access-token": token}, json=body)
    assert answer.status_code == 204 and answer.content == b""
    assert answer.headers["x-amzn-RateLimit-Limit"] and answer.headers["x-amzn-RequestId"]
    body["packageDetail"]["shipDate"] = "02/21/2022"
    rejected = http.post(f"{url}/orders/v0/orders/113-4520981-3371045/shipmentConfirmation",
                         headers={"x-amz-access-token": token}, json=body)
    assert rejected.status_code == 400
    validate(models, "v0", "ConfirmShipmentErrorResponse", rejected.json())
