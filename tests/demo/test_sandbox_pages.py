"""The sandboxes' pages confirm what they did, and the Commerce one does what a merchant
fixing a blocker in the demo needs: enable a product, add stock, open an order at the admin
URL the connector links to."""

from __future__ import annotations

import copy
from html import unescape

from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.commerce import create_commerce_sandbox
from tests.commerce.conftest import ORDER_BODY


def follow(client, answer) -> str:
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return unescape(client.get(answer.headers["Location"]).get_data(as_text=True))


def test_the_amazon_page_confirms_an_order_placed_and_moved():
    client = create_amazon_sandbox(samples=False).test_client()
    page = follow(client, client.post("/_page/orders", data={
        "sku": "MUG-STONE-350", "quantity": "1", "fulfilled_by": "MERCHANT"}))
    order_id = client.get("/_sandbox/orders").get_json()["orders"][0]["orderId"]
    assert f"Order {order_id} placed (Pending)." in page
    page = follow(client, client.post(f"/_page/orders/{order_id}/status",
                                      data={"status": "UNSHIPPED"}))
    assert f"Order {order_id} is now Unshipped." in page


def commerce():
    return create_commerce_sandbox(products=[
        {"sku": "LAMP", "name": "Desk lamp", "price": 30, "qty": 5, "status": 2},
        {"sku": "PACK", "name": "Backpack", "price": 40, "qty": 0}])


def test_the_commerce_page_enables_a_product_and_adds_stock():
    client = commerce().test_client()
    page = client.get("/").get_data(as_text=True)
    assert 'value="enabled">Enable</button>' in page and "Add stock" in page
    page = follow(client, client.post("/_page/products/status",
                                      data={"sku": "LAMP", "status": "enabled"}))
    assert "Product LAMP is enabled." in page
    headers = {"Authorization": "Bearer sandbox-token"}
    assert client.get("/rest/V1/products/LAMP", headers=headers).get_json()["status"] == 1
    page = follow(client, client.post("/_page/products/stock", data={"sku": "PACK",
                                                                     "qty": "12"}))
    assert "Added 12 to PACK: 12 in stock." in page
    assert client.get("/rest/V1/inventory/get-product-salable-quantity/PACK/1",
                      headers=headers).get_json() == 12
    assert "Enter a quantity" in follow(client, client.post(
        "/_page/products/stock", data={"sku": "PACK", "qty": "-3"}))


def test_an_order_opens_at_the_admin_url_the_connector_links_to_and_ships_there():
    order_body = copy.deepcopy(ORDER_BODY)
    app = commerce()
    client = app.test_client()
    headers = {"Authorization": "Bearer sandbox-token"}
    app.extensions["commerce_sandbox"].reset()
    client.post("/_sandbox/products", json=[{"sku": item["sku"], "qty": 50}
                                            for item in order_body["entity"]["items"]])
    created = client.post("/rest/V1/orders", json=order_body, headers=headers).get_json()
    url = f"/admin/sales/order/view/order_id/{created['entity_id']}/"
    page = unescape(client.get(url).get_data(as_text=True))
    assert f"Order # {created['increment_id']}" in page and "Items ordered" in page
    page = follow(client, client.post(f"/_sandbox/orders/{created['entity_id']}/ship", data={
        "carrier_code": "ups", "track_number": "1Z999", "back": "order"}))
    assert f"created for order {created['entity_id']}." in page and "1Z999" in page
    assert client.get("/admin/sales/order/view/order_id/999/").status_code == 404
