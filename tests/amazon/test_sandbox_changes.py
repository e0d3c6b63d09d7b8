"""An order's lastUpdatedTime only moves forward, even when the sandbox backdates changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.amazon.catalog import DEFAULT_CATALOG, build_order

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ORDER_ID = "113-0000001-0000001"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def amazon():
    """The demo's Amazon: changes are stamped 3 minutes back; an order placed through the
    control API with the time it really was placed."""
    app = create_amazon_sandbox(samples=False, backdate_minutes=3, time_scale=1000,
                                now=lambda: NOW)
    client = app.test_client()
    order = build_order(ORDER_ID, [("MUG-STONE-350", 2)], DEFAULT_CATALOG, created=NOW,
                        status="UNSHIPPED")
    assert client.post("/_sandbox/orders", json=order).status_code == 201
    return client


def last_updated(client) -> str:
    return client.get(f"/_sandbox/orders/{ORDER_ID}").get_json()["lastUpdatedTime"]


def confirm(client, quantity: int, package: str) -> None:
    access = client.post("/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).get_json()
    answer = client.post(f"/orders/v0/orders/{ORDER_ID}/shipmentConfirmation",
                         headers={"x-amz-access-token": access["access_token"]}, json={
                             "marketplaceId": "ATVPDKIKX0DER", "packageDetail": {
                                 "packageReferenceId": package, "carrierCode": "UPS",
                                 "trackingNumber": f"1Z{package}", "shipDate": stamp(NOW),
                                 "orderItems": [{"orderItemId": f"{ORDER_ID.replace('-', '')}01",
                                                 "quantity": quantity}]}})
    assert answer.status_code == 204, answer.get_json()


def test_a_shipment_confirmed_after_placing_is_a_later_update(amazon):
    assert last_updated(amazon) == stamp(NOW)
    confirm(amazon, 1, "1")
    assert last_updated(amazon) == stamp(NOW + timedelta(seconds=1))
    confirm(amazon, 1, "2")
    assert last_updated(amazon) == stamp(NOW + timedelta(seconds=2))
    assert amazon.get(f"/_sandbox/orders/{ORDER_ID}").get_json()["fulfillment"][
        "fulfillmentStatus"] == "SHIPPED"


def test_a_status_move_after_placing_is_a_later_update(amazon):
    moved = amazon.post(f"/_sandbox/orders/{ORDER_ID}/status", json={"status": "CANCELLED"})
    assert moved.get_json()["lastUpdatedTime"] == stamp(NOW + timedelta(seconds=1))


def test_changes_to_an_older_order_are_stamped_backdated(amazon):
    """The rule only steps in when the backdated time would not be later: an order last
    updated an hour ago gets the backdated time, so it shows on the connector's next sync."""
    older = build_order("113-0000002-0000002", [("MUG-STONE-350", 1)], DEFAULT_CATALOG,
                        created=NOW - timedelta(hours=1), status="UNSHIPPED")
    amazon.post("/_sandbox/orders", json=older)
    moved = amazon.post("/_sandbox/orders/113-0000002-0000002/status",
                        json={"status": "SHIPPED"}).get_json()
    assert moved["lastUpdatedTime"] == stamp(NOW - timedelta(minutes=3))
