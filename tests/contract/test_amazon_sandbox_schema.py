"""The sandbox answers in Amazon's shapes: its bodies validate against Amazon's models.

Validation is strict: every object in the models is closed (no property the model does not
name), so a misspelt field in the sandbox fails here rather than in production.
"""

from __future__ import annotations

import copy
import re
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


def test_the_sandbox_holds_and_serves_amazons_example_orders(models, load_fixture):
    """The sandbox's own reading of the Order model accepts every order in Amazon's examples,
    and serves each back as the model has it."""
    examples = (load_fixture("sp-api/orders-2026-01-01/getOrder.examples.json")
                + load_fixture("sp-api/orders-2026-01-01/searchOrders.examples.json"))
    orders = [e["response"]["order"] for e in examples if "order" in e["response"]] + [
        o for e in examples for o in e["response"].get("orders", [])]
    assert len(orders) >= 4
    app = create_amazon_sandbox(samples=False, time_scale=1000)
    http = app.test_client()
    token = http.post("/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).get_json()
    for order in orders:
        answer = http.post("/_sandbox/orders", json=order)
        assert answer.status_code == 201, answer.get_json()
        served = http.get(f"/orders/2026-01-01/orders/{order['orderId']}",
                          headers={"x-amz-access-token": token["access_token"]},
                          query_string={"includedData": "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT"})
        validate(models, "v2026", "GetOrderResponse", served.get_json())


#: The operations the sandbox serves: (model, method, path, a path to call it by).
OPERATIONS = [
    ("v2026", "get", "/orders/2026-01-01/orders", "/orders/2026-01-01/orders"),
    ("v2026", "get", "/orders/2026-01-01/orders/{orderId}",
     "/orders/2026-01-01/orders/113-4520981-3371045"),
    ("v0", "get", "/orders/v0/orders", "/orders/v0/orders"),
    ("v0", "get", "/orders/v0/orders/{orderId}", "/orders/v0/orders/113-4520981-3371045"),
    ("v0", "get", "/orders/v0/orders/{orderId}/orderItems",
     "/orders/v0/orders/113-4520981-3371045/orderItems"),
    ("v0", "get", "/orders/v0/orders/{orderId}/address",
     "/orders/v0/orders/113-4520981-3371045/address"),
    ("v0", "get", "/orders/v0/orders/{orderId}/buyerInfo",
     "/orders/v0/orders/113-4520981-3371045/buyerInfo"),
    ("v0", "post", "/orders/v0/orders/{orderId}/shipmentConfirmation",
     "/orders/v0/orders/113-4520981-3371045/shipmentConfirmation"),
    ("tokens", "post", "/tokens/2021-03-01/restrictedDataToken",
     "/tokens/2021-03-01/restrictedDataToken"),
]


def usage_plan(models, model: str, method: str, path: str) -> tuple[str, int]:
    """The rate and burst in the operation's "Usage Plan" table."""
    description = models[model]["paths"][path][method]["description"]
    rate, burst = re.search(r"\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|", description).groups()
    return rate, int(burst)


@pytest.mark.parametrize(("model", "method", "path", "url"), OPERATIONS,
                         ids=[f"{m} {p}" for _, m, p, _ in OPERATIONS])
def test_each_operation_is_limited_as_amazons_model_documents(models, model, method, path,
                                                              url):
    """The advertised x-amzn-RateLimit-Limit is the documented rate, and with no time passing
    exactly the documented burst of calls is served before a 429."""
    rate, burst = usage_plan(models, model, method, path)
    http = create_amazon_sandbox(clock=lambda: 0.0).test_client()
    token = http.post("/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).get_json()
    access = token["access_token"]
    if path.endswith(("/address", "/buyerInfo")):  # served to a Restricted Data Token only
        access = http.post("/tokens/2021-03-01/restrictedDataToken",
                           headers={"x-amz-access-token": access},
                           json={"restrictedResources": [{"method": "GET", "path": path}]}
                           ).get_json()["restrictedDataToken"]
    answers = [http.open(url, method=method.upper(), headers={"x-amz-access-token": access},
                         json={} if method == "post" else None) for _ in range(burst + 1)]
    assert [a.status_code == 429 for a in answers] == [False] * burst + [True]
    assert {float(a.headers["x-amzn-RateLimit-Limit"]) for a in answers[:-1]} == {float(rate)}
