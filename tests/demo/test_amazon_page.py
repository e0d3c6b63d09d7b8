"""The Amazon sandbox's page: place an order and move it along, as a buyer and Amazon would."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from connector.sandbox.amazon import create_amazon_sandbox

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def amazon():
    return create_amazon_sandbox(samples=False, backdate_minutes=3, now=lambda: NOW)


def orders(client) -> list[dict]:
    return client.get("/_sandbox/orders").get_json()["orders"]


def test_the_page_sells_the_catalogue_and_says_it_is_a_sandbox(amazon):
    page = amazon.test_client().get("/").get_data(as_text=True)
    assert 'class="badge">Sandbox<' in page
    assert "KETTLE-GOOSE-1L: Gooseneck kettle, 1 l" in page
    assert "3 minutes in the past" in page


def test_placing_and_moving_an_order_from_the_page(amazon):
    client = amazon.test_client()
    placed = client.post("/_page/orders", data={
        "sku": ["MUG-STONE-350", "TEA-EARLGREY-250", ""], "quantity": ["2", "1", "1"],
        "buyer": "Ada Lovelace", "fulfilled_by": "MERCHANT"})
    assert placed.status_code == 303 and placed.headers["Location"].startswith("/?done=")
    [order] = orders(client)
    assert re.fullmatch(r"113-\d{7}-\d{7}", order["orderId"])
    assert order["fulfillment"]["fulfillmentStatus"] == "PENDING"
    assert [(i["product"]["sellerSku"], i["quantityOrdered"]) for i in order["orderItems"]] \
        == [("MUG-STONE-350", 2), ("TEA-EARLGREY-250", 1)]
    # 2 x 14.00 + 9.99 = 37.99, plus 7.25 % tax per line (2.03 + 0.72)
    assert order["proceeds"]["grandTotal"] == {"amount": "40.74", "currencyCode": "USD"}
    # Stamped 3 minutes back, so a sync bounded at now - 2 minutes already sees it.
    assert order["lastUpdatedTime"] == (NOW - timedelta(minutes=3)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    page = client.get("/").get_data(as_text=True)
    assert order["orderId"] in page and ">Unshipped</button>" in page

    oid = order["orderId"]
    moved = client.post(f"/_page/orders/{oid}/status", data={"status": "UNSHIPPED"})
    assert moved.status_code == 303
    assert orders(client)[0]["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"
    assert client.post(f"/_page/orders/{oid}/status", data={"status": "CANCELLED"}
                       ).status_code == 303
    assert orders(client)[0]["fulfillment"]["fulfillmentStatus"] == "CANCELLED"


def test_the_page_refuses_what_amazon_would_not_do(amazon):
    client = amazon.test_client()
    refused = client.post("/_page/orders", data={"sku": "NOT-SOLD", "quantity": "1"})
    assert refused.status_code == 400 and "Unknown SKU" in refused.get_data(as_text=True)
    assert client.post("/_page/orders", data={"sku": "MUG-STONE-350", "quantity": "0"}
                       ).status_code == 400
    assert orders(client) == []
    client.post("/_page/orders", data={"sku": "MUG-STONE-350", "quantity": "1"})
    oid = orders(client)[0]["orderId"]
    client.post(f"/_page/orders/{oid}/status", data={"status": "CANCELLED"})
    again = client.post(f"/_page/orders/{oid}/status", data={"status": "UNSHIPPED"})
    assert again.status_code == 400
    assert "cannot move to UNSHIPPED" in again.get_data(as_text=True)
    assert client.post("/_page/orders/113-0000000-0000000/status",
                       data={"status": "UNSHIPPED"}).status_code == 404
