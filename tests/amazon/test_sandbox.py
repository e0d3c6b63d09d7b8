"""The sandbox's own behaviour: Amazon's headers and errors, rate limits, control API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.amazon.generator import generate_orders
from tests.amazon.conftest import CREDENTIALS, Sandbox


def token(http, url) -> str:
    return http.post(f"{url}/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).json()["access_token"]


def test_empty_bucket_answers_429_without_rate_header(sandbox_factory):
    sandbox = sandbox_factory(time_scale=1)
    access = token(sandbox.http, sandbox.url)
    url = f"{sandbox.url}/orders/2026-01-01/orders/113-4520981-3371045"
    answers = [sandbox.http.get(url, headers={"x-amz-access-token": access})
               for _ in range(31)]
    assert [a.status_code for a in answers] == [200] * 30 + [429]
    assert answers[0].headers["x-amzn-RateLimit-Limit"] == "0.5"
    assert "x-amzn-RateLimit-Limit" not in answers[-1].headers
    assert answers[-1].headers["x-amzn-RequestId"]
    assert answers[-1].json()["errors"][0]["code"] == "QuotaExceeded"


def test_before_bound_closer_than_two_minutes_is_invalid_input(sandbox):
    access = token(sandbox.http, sandbox.url)
    now = datetime.now(UTC)
    answer = sandbox.http.get(f"{sandbox.url}/orders/2026-01-01/orders", params={
        "lastUpdatedAfter": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lastUpdatedBefore": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
        headers={"x-amz-access-token": access})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "InvalidInput"
    assert answer.headers["x-amzn-RateLimit-Limit"]


def test_v0_without_rdt_withholds_pii_and_address_paths_need_one(sandbox):
    access = token(sandbox.http, sandbox.url)
    headers = {"x-amz-access-token": access}
    base = f"{sandbox.url}/orders/v0/orders/304-8812093-5521907"
    order = sandbox.http.get(base, headers=headers).json()["payload"]
    assert order["ShippingAddress"] == {"City": "Berlin", "StateOrRegion": "Berlin",
                                        "PostalCode": "10115", "CountryCode": "DE"}
    assert "BuyerInfo" not in order
    assert sandbox.http.get(f"{base}/address", headers=headers).status_code == 403
    rdt = sandbox.http.post(f"{sandbox.url}/tokens/2021-03-01/restrictedDataToken",
                            headers=headers, json={"restrictedResources": [
                                {"method": "GET", "path": "/orders/v0/orders/{orderId}/address"}]}
                            ).json()["restrictedDataToken"]
    address = sandbox.http.get(f"{base}/address", headers={"x-amz-access-token": rdt}).json()
    assert address["payload"]["ShippingAddress"]["AddressLine1"] == "Hauptstraße 17"
    # An RDT only opens what it names.
    assert sandbox.http.get(f"{base}/buyerInfo",
                            headers={"x-amz-access-token": rdt}).status_code == 403


@pytest.mark.parametrize(("body", "field"), [
    ({"throttle_rate": 1.5}, "throttle_rate"),
    ({"error_rate": "0.1"}, "error_rate"),
    ({"latency_ms": -1}, "latency_ms"),
    ({"malformed_rate": True}, "malformed_rate"),
    ({"storm": 1}, "storm"),
])
def test_fault_settings_are_validated(sandbox, body, field):
    answer = sandbox.control("POST", "/faults", body)
    assert answer.status_code == 400
    assert field in answer.json()["errors"]


def test_empty_faults_body_clears_faults(sandbox):
    sandbox.control("POST", "/faults", {"error_rate": 1.0})
    assert sandbox.control("POST", "/faults", {}).json()["faults"]["error_rate"] == 0
    with sandbox.client() as client:
        assert client.get_order("113-4520981-3371045")


def test_control_api_adds_generates_moves_and_resets(sandbox):
    order = generate_orders(1, seed=5)[0]
    order["fulfillment"]["fulfillmentStatus"] = "PENDING"
    assert sandbox.control("POST", "/orders", order).status_code == 201
    assert sandbox.control("POST", "/orders", order).status_code == 409
    broken = dict(order, orderId="205-0000000-0000001")
    broken.pop("createdTime")
    bad = sandbox.control("POST", "/orders", broken)
    assert bad.status_code == 400 and "createdTime" in bad.json()["errors"]
    assert sandbox.control("POST", "/orders", {"generate": 25}).json()["generated"] == 25
    assert len(sandbox.control("GET", "/orders").json()["orders"]) == 4 + 1 + 25
    moved = sandbox.control("POST", f"/orders/{order['orderId']}/status", {"status": "SHIPPED"})
    assert moved.status_code == 400  # Pending cannot jump to Shipped
    moved = sandbox.control("POST", f"/orders/{order['orderId']}/status",
                            {"status": "CANCELLED"}).json()
    assert moved["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    assert moved["lastUpdatedTime"] > order["lastUpdatedTime"]
    sandbox.control("POST", "/reset")
    assert len(sandbox.control("GET", "/orders").json()["orders"]) == 4


def test_works_mounted_under_a_prefix(live_server):
    app = create_amazon_sandbox(time_scale=1000)
    mounted = DispatcherMiddleware(create_amazon_sandbox(), {"/sandbox/amazon": app})
    server = live_server(mounted)
    sandbox = Sandbox(server, app)
    sandbox.url = f"{server.url}/sandbox/amazon"
    try:
        with sandbox.client(credentials=CREDENTIALS) as client:
            pages = list(client.iter_orders_updated(["ATVPDKIKX0DER"],
                                                    datetime.now(UTC) - timedelta(days=3)))
        assert [o.order_id for p in pages for o in p.orders] == ["113-4520981-3371045"]
        assert sandbox.calls()["calls"]["searchOrders"] == 1
    finally:
        sandbox.http.close()


def test_generator_is_deterministic_and_uses_the_callers_skus():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    first = generate_orders(300, seed=9, skus=["DEMO-A", "DEMO-B", "DEMO-C"], now=now)
    assert first == generate_orders(300, seed=9, skus=["DEMO-A", "DEMO-B", "DEMO-C"], now=now)
    assert first != generate_orders(300, seed=10, skus=["DEMO-A", "DEMO-B", "DEMO-C"], now=now)
    skus = {i["product"]["sellerSku"] for o in first for i in o["orderItems"]}
    assert skus == {"DEMO-A", "DEMO-B", "DEMO-C"}
    assert len({o["orderId"] for o in first}) == 300
    latest = max(o["lastUpdatedTime"] for o in first)
    assert latest <= (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    mix = {(o["fulfillment"]["fulfilledBy"], o["fulfillment"]["fulfillmentStatus"])
           for o in first}
    assert {("MERCHANT", "UNSHIPPED"), ("AMAZON", "SHIPPED"), ("MERCHANT", "PENDING")} <= mix
    assert len({o["salesChannel"]["marketplaceId"] for o in first}) >= 6
    assert any("AMAZON_BUSINESS" in o["programs"] for o in first)
    assert any("promotion" in i for o in first for i in o["orderItems"])
    assert any("phone" not in o["recipient"]["deliveryAddress"] for o in first)
