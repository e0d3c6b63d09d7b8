"""A Magento client nobody here wrote, against the Commerce sandbox over HTTP.

pymagento (Bixoto's client, used against real Magento 2 shops) makes the calls the connector
and merchants' own tools make: product searches page by page in the ``default`` scope
(``/rest/V1/...``) and the ``all`` scope (``/rest/all/V1/...``), orders by field, by entity id
and by increment id, what a missing order or product raises, invoice and ship. pymagento asks
for ``/V1/products/`` with a trailing slash and trims answers with ``fields=``, as real shops
allow. Where it and the sandbox disagree, the sandbox is the one that is not Magento.
"""

from __future__ import annotations

import copy

import pytest
from magento import Magento, MagentoException
from magento.queries import make_field_value_query

from connector.sandbox.commerce import create_commerce_sandbox

PRODUCTS = [{"sku": f"MUG-{n}", "qty": n, "price": 10 + n} for n in range(1, 6)]
NO_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
TRACK = {"carrier_code": "ups", "title": "UPS", "track_number": "1Z999"}


@pytest.fixture
def server(live_server):
    return live_server(create_commerce_sandbox(products=PRODUCTS))


@pytest.fixture(params=["default", "all"])
def magento(request, server):
    client = Magento(token="sandbox-token", base_url=server.url, scope=request.param,
                     batch_page_size=2)
    yield client
    client.close()


def save(magento: Magento, order_body: dict, number: int) -> dict:
    entity = copy.deepcopy(order_body["entity"])
    entity["increment_id"] = f"AMZ-{number}"
    entity["ext_order_id"] = f"205-{number:07d}-0000001"
    return magento.save_order(entity)


def test_products_are_searched_page_by_page_in_either_scope(magento):
    assert [p["sku"] for p in magento.get_products()] == [p["sku"] for p in PRODUCTS]
    expensive = magento.get_products(query=make_field_value_query("price", 13, "gt"))
    assert [p["sku"] for p in expensive] == ["MUG-4", "MUG-5"]
    assert magento.get_product_by_query(make_field_value_query("sku", "MUG-3"))["price"] == 13
    assert list(magento.get_products(fields="sku,price", limit=3)) == [
        {"sku": "MUG-1", "price": 11}, {"sku": "MUG-2", "price": 12},
        {"sku": "MUG-3", "price": 13}]


def test_orders_are_found_by_field_by_entity_id_and_by_increment_id(magento, order_body):
    first, second = save(magento, order_body, 1), save(magento, order_body, 2)
    assert magento.get_order(second["entity_id"])["increment_id"] == "AMZ-2"
    assert magento.get_order_by_increment_id("AMZ-1")["entity_id"] == first["entity_id"]
    assert set(magento.get_orders_by_increment_ids(["AMZ-1", "AMZ-2"])) == {"AMZ-1", "AMZ-2"}
    pending = magento.get_orders(status="pending")
    assert [o["entity_id"] for o in pending] == [first["entity_id"], second["entity_id"]]
    by_amazon_id = magento.get_orders(
        query=make_field_value_query("ext_order_id", "205-0000002-0000001"))
    assert [o["increment_id"] for o in by_amazon_id] == ["AMZ-2"]
    assert magento.get_total_orders_count() == 2
    assert [o["increment_id"] for o in magento.get_last_orders(1)] == ["AMZ-2"]


def test_what_is_missing_is_none_or_magentos_404(magento):
    with pytest.raises(MagentoException) as caught:
        magento.get_order(404404)
    assert caught.value.response.status_code == 404
    assert str(caught.value) == NO_ENTITY
    assert magento.get_order(404404, none_on_404=True) is None
    assert magento.get_order_by_increment_id("AMZ-404") is None
    assert magento.get_product("MUG-404") is None
    assert magento.get_product_stock_item("MUG-404", none_on_404=True) is None


def test_an_invoiced_and_shipped_order_is_complete(magento, order_body):
    order_id = save(magento, order_body, 1)["entity_id"]
    invoice_id = magento.create_order_invoice(order_id)
    assert [i["entity_id"] for i in magento.get_order_invoices(order_id)] == [invoice_id]
    assert magento.get_order(order_id)["state"] == "processing"
    with pytest.raises(MagentoException, match="does not allow an invoice"):
        magento.create_order_invoice(order_id)
    shipment_id = magento.ship_order(order_id, {"tracks": [TRACK]})
    [shipment] = magento.get_order_shipments(order_id)
    assert shipment["entity_id"] == shipment_id
    assert shipment["tracks"][0]["track_number"] == "1Z999"
    assert magento.get_order(order_id)["state"] == "complete"


def test_store_views_websites_and_configs(magento):
    assert [v["code"] for v in magento.get_store_views()] == ["admin", "default"]
    assert [w["code"] for w in magento.get_websites()] == ["admin", "base"]
    assert magento.get_store_configs()[0]["base_currency_code"] == "USD"
