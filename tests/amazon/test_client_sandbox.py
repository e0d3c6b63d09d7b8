"""The client against the sandbox over real HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from connector.amazon import (
    AuthError,
    InvalidInput,
    LwaCredentials,
    NotFound,
    ReauthoriseStore,
    ServerError,
    Throttled,
)
from connector.domain import OrderStatus
from tests.amazon.conftest import ALL_MARKETPLACES, a_month_ago

US = "ATVPDKIKX0DER"


def walk(client, since=None, marketplaces=ALL_MARKETPLACES):
    pages = list(client.iter_orders_updated(marketplaces, since or a_month_ago()))
    return pages, {o.order_id: o for page in pages for o in page.orders}


def test_paging_walks_every_order_once_in_pages_of_100(sandbox_factory):
    sandbox = sandbox_factory(generate=450, seed=7)
    with sandbox.client() as client:
        pages, orders = walk(client)
    assert len(orders) == 454  # 450 generated + 4 samples
    assert [len(p.orders) for p in pages] == [100, 100, 100, 100, 54]
    assert [p.has_more for p in pages] == [True] * 4 + [False]
    assert all(p.until <= datetime.now(UTC) - timedelta(minutes=2) for p in pages)
    assert sandbox.calls()["calls"] == {"lwaToken": 1, "searchOrders": 5}


def test_v0_and_v2026_give_equal_orders_for_the_same_sandbox_orders(sandbox_factory):
    sandbox = sandbox_factory(generate=150, seed=11)
    with sandbox.client("v2026") as new, sandbox.client("v0") as old:
        _, from_v2026 = walk(new)
        _, from_v0 = walk(old)
        single_v0 = old.get_order("304-8812093-5521907")
    assert len(from_v2026) == 154
    assert from_v0 == from_v2026
    assert single_v0 == from_v2026["304-8812093-5521907"]
    # The PII really came through the RDT, not by accident of the view.
    assert single_v0.shipping_address.line1 == "Hauptstraße 17"
    assert single_v0.buyer.company == "Nordlicht GmbH"
    calls = sandbox.calls()["calls"]
    assert calls["createRestrictedDataToken"] == 1
    assert calls["getOrderItems"] == 154 + 1


def test_window_excludes_orders_updated_before_since(sandbox):
    with sandbox.client() as client:
        _, all_orders = walk(client)
        newest = max(o.last_updated for o in all_orders.values())
        _, recent = walk(client, since=newest)
    assert set(recent) == {o.order_id for o in all_orders.values() if o.last_updated >= newest}


def test_get_orders_and_not_found(sandbox):
    with sandbox.client() as client:
        orders = client.get_orders(["113-4520981-3371045", "503-2208816-4471920"])
        assert [o.status for o in orders] == [OrderStatus.UNSHIPPED, OrderStatus.SHIPPED]
        with pytest.raises(NotFound) as caught:
            client.get_order("999-0000000-0000000")
    assert caught.value.request_id
    assert caught.value.code == "NotFound"


def test_pending_order_has_no_prices_until_it_moves_to_unshipped(sandbox):
    with sandbox.client() as client:
        pending = client.get_order("205-3301774-9028816")
        assert pending.status is OrderStatus.PENDING and pending.order_total is None
        assert pending.shipping_address is None
        sandbox.control("POST", "/orders/205-3301774-9028816/status", {"status": "UNSHIPPED"})
        unshipped = client.get_order("205-3301774-9028816")
    assert unshipped.status is OrderStatus.UNSHIPPED
    assert str(unshipped.order_total.amount) == "17.97"
    assert unshipped.shipping_address.city == "Glasgow"
    assert unshipped.last_updated > pending.last_updated


def test_access_token_is_refreshed_when_it_expires(sandbox_factory):
    sandbox = sandbox_factory(expires_in=1)
    with sandbox.client() as client:
        client.get_order("113-4520981-3371045")
        time.sleep(1.1)
        client.get_order("113-4520981-3371045")
    assert sandbox.calls()["calls"]["lwaToken"] == 2


def test_invalid_grant_asks_to_reauthorise_the_store(sandbox):
    revoked = LwaCredentials("sandbox-client", "sandbox-secret", "Atzr|revoked")
    with sandbox.client(credentials=revoked) as client, pytest.raises(ReauthoriseStore) as caught:
        client.get_order("113-4520981-3371045")
    assert "re-authorise" in str(caught.value)


def test_wrong_client_secret_is_an_auth_error_not_reauthorise(sandbox):
    wrong = LwaCredentials("sandbox-client", "nope", "Atzr|sandbox")
    with sandbox.client(credentials=wrong) as client, pytest.raises(AuthError) as caught:
        client.get_order("113-4520981-3371045")
    assert not isinstance(caught.value, ReauthoriseStore)
    assert "invalid_client" in str(caught.value)


def test_token_from_another_amazon_is_refused_with_auth_error(sandbox_factory):
    sandbox, other = sandbox_factory(), sandbox_factory()
    with sandbox.client(lwa_url=f"{other.url}/auth/o2/token") as client:
        with pytest.raises(AuthError) as caught:
            client.get_order("113-4520981-3371045")
    assert caught.value.status == 403
    assert caught.value.request_id
    assert sandbox.calls()["calls"]["getOrder"] == 1


def test_calls_wait_for_tokens_instead_of_being_throttled(sandbox_factory):
    # getOrder: burst 30 at 0.5/s; x50 speed-up -> 25/s after the burst.
    sandbox = sandbox_factory(time_scale=50)
    with sandbox.client() as client:
        started = time.monotonic()
        for _ in range(45):
            client.get_order("113-4520981-3371045")
        elapsed = time.monotonic() - started
    calls = sandbox.calls()
    assert calls["calls"]["getOrder"] == 45
    assert calls["throttled"] == {}
    assert elapsed >= 14 / 25  # it really waited for the refill


def test_throttled_when_the_sandbox_throttles(sandbox):
    sandbox.control("POST", "/faults", {"throttle_rate": 1.0})
    with sandbox.client() as client, pytest.raises(Throttled) as caught:
        next(iter(client.iter_orders_updated([US], a_month_ago())))
    assert caught.value.operation == "searchOrders"
    assert caught.value.limit == pytest.approx(0.0056)
    assert caught.value.request_id
    assert sandbox.calls()["throttled"] == {"searchOrders": 1}


def test_get_is_retried_on_500_until_it_succeeds_or_gives_up(sandbox):
    sandbox.control("POST", "/faults", {"error_rate": 1.0})
    sleeps: list[float] = []
    with sandbox.client(sleep=sleeps.append, max_retries=3) as client:
        with pytest.raises(ServerError):
            client.get_order("113-4520981-3371045")
    assert sandbox.calls()["server_errors"] == {"getOrder": 4}
    assert len(sleeps) == 3 and sleeps[0] < sleeps[-1] <= 8


def test_get_survives_occasional_500s_and_garbled_bodies(sandbox):
    sandbox.control("POST", "/faults", {"error_rate": 0.2, "malformed_rate": 0.2})
    with sandbox.client(sleep=lambda s: None, max_retries=6) as client:
        orders = [client.get_order("113-4520981-3371045") for _ in range(12)]
    assert {o.order_id for o in orders} == {"113-4520981-3371045"}
    calls = sandbox.calls()
    assert calls["server_errors"] or calls["malformed"]
    assert calls["calls"]["getOrder"] > 12


PACKAGE = {"packageReferenceId": "1", "carrierCode": "UPS", "carrierName": "UPS",
           "shippingMethod": "UPS Ground", "trackingNumber": "1Z999AA10123456784",
           "shipDate": "2026-06-02T10:00:00Z",
           "orderItems": [{"orderItemId": "41029384756101", "quantity": 2}]}


def test_confirm_shipment_on_500_is_sent_once(sandbox):
    sandbox.control("POST", "/faults", {"error_rate": 1.0})
    with sandbox.client(sleep=lambda s: None) as client, pytest.raises(ServerError):
        client.confirm_shipment("113-4520981-3371045", US, PACKAGE)
    assert sandbox.calls()["calls"]["confirmShipment"] == 1


def test_confirm_shipment_partially_then_fully_ships_the_order(sandbox):
    order_id = "113-4520981-3371045"
    before = sandbox.order(order_id)["lastUpdatedTime"]
    with sandbox.client() as client:
        client.confirm_shipment(order_id, US, PACKAGE)
        after_first = sandbox.order(order_id)
        # The same packageReferenceId again is an edit, not a second package.
        client.confirm_shipment(order_id, US, dict(PACKAGE, trackingNumber="1Z999AA10123456785"))
        edited = sandbox.order(order_id)
        second = dict(PACKAGE, packageReferenceId="2",
                      orderItems=[{"orderItemId": "41029384756102", "quantity": 1}])
        client.confirm_shipment(order_id, US, {"packageDetail": second})
        shipped = client.get_order(order_id)
    assert after_first["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    assert after_first["lastUpdatedTime"] > before
    assert edited["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    assert [p["trackingNumber"] for p in edited["packages"]] == ["1Z999AA10123456785"]
    assert shipped.status is OrderStatus.SHIPPED
    assert [i.quantity_shipped for i in shipped.items] == [2, 1]
    confirmations = sandbox.calls()["shipment_confirmations"]
    assert len(confirmations) == 3
    assert confirmations[0]["body"] == {"marketplaceId": US, "packageDetail": PACKAGE}


def test_confirm_shipment_rejected_with_amazon_error_message(sandbox):
    too_many = dict(PACKAGE, orderItems=[{"orderItemId": "41029384756101", "quantity": 3}])
    with sandbox.client() as client:
        with pytest.raises(InvalidInput) as caught:
            client.confirm_shipment("113-4520981-3371045", US, too_many)
    assert "exceed" in caught.value.errors[0].message
    assert sandbox.order("113-4520981-3371045")["fulfillment"]["fulfillmentStatus"] == \
        "UNSHIPPED"
