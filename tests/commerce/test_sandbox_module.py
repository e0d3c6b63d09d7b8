"""The companion module's routes in the Commerce sandbox, driven by the client over real HTTP:
the sandbox answers as the module and MSI do (``commerce-module/README.md``), so the
connector's end-to-end tests see what a shop with the module would do."""

from __future__ import annotations

import pytest
import requests

from connector.commerce import CommerceValidationError
from connector.sandbox.commerce import create_commerce_sandbox

TOKEN = {"token": "sandbox-token"}
STOCK = 1


@pytest.fixture
def sandbox():
    return create_commerce_sandbox(products=[
        {"sku": "MUG-RED", "qty": 10, "price": 9.99},
        {"sku": "EBOOK-1", "qty": 10, "price": 5, "type_id": "virtual"},
        {"sku": "LAMP-1", "qty": 3, "price": 40}])


@pytest.fixture
def server(sandbox, live_server):
    return live_server(sandbox)


@pytest.fixture
def client(server, make_client):
    return make_client(server.url, TOKEN, timeout=5, max_retries=0)


@pytest.fixture
def seed(server):
    def seed(*products):
        answer = requests.post(f"{server.url}/_sandbox/products", json=list(products))
        assert answer.status_code == 200, answer.text
    return seed


def ledger(sandbox) -> list[dict]:
    """The reservation rows, as MSI's ``inventory_reservation`` would hold them."""
    state = sandbox.extensions["commerce_sandbox"].state
    with state.lock:
        return [dict(r, metadata=dict(r["metadata"])) for r in state.reservations]


def with_items(order_body, *items) -> dict:
    order_body["entity"]["items"] = [
        {"name": item["sku"], "product_type": "simple", "price": 5, "base_price": 5,
         "is_virtual": 0, **item} for item in items]
    return order_body


def test_a_virtual_item_is_reserved_at_placement_and_released_by_its_invoice(
        client, order_body, sandbox, server):
    order_id = client.create_order(with_items(
        order_body, {"sku": "MUG-RED", "qty_ordered": 1},
        {"sku": "EBOOK-1", "product_type": "virtual", "is_virtual": 1, "qty_ordered": 2}))
    assert client.place_reservations(order_id) == "placed"
    assert client.salable_quantity("EBOOK-1", STOCK) == 8  # held from the start, as MSI does
    assert client.salable_quantity("MUG-RED", STOCK) == 9
    mug, ebook = (i["item_id"] for i in client.get_order(order_id)["items"])
    page = requests.get(f"{server.url}/").text
    assert f'name="qty_{mug}"' in page and f'name="qty_{ebook}"' not in page

    client.ship(order_id, {"tracks": [{"carrier_code": "ups", "title": "UPS",
                                       "track_number": "1Z1"}]})
    [shipment] = client.search_shipments(order_id=order_id)
    assert [i["sku"] for i in shipment["items"]] == ["MUG-RED"]  # nothing to ship of a virtual
    assert client.salable_quantity("EBOOK-1", STOCK) == 8

    client.invoice(order_id)
    assert client.stock_item("EBOOK-1")["qty"] == 8  # the invoice took it from the source
    assert client.salable_quantity("EBOOK-1", STOCK) == 8  # ... and released the hold
    assert client.get_order(order_id)["state"] == "complete"
    assert [(r["sku"], r["quantity"], r["metadata"]["event_type"]) for r in ledger(sandbox)
            if r["sku"] == "EBOOK-1"] == [("EBOOK-1", -2, "order_placed"),
                                          ("EBOOK-1", 2, "invoice_created")]


def test_virtual_items_invoiced_outside_commerce_hold_nothing_but_one_invoiced_in_it_does(
        client, order_body):
    outside = client.create_order(with_items(order_body, {
        "sku": "EBOOK-1", "product_type": "virtual", "is_virtual": 1, "qty_ordered": 2,
        "qty_invoiced": 2}))  # invoiced, with no invoice in Commerce: fulfilled elsewhere
    assert client.place_reservations(outside) == "skipped"
    assert client.salable_quantity("EBOOK-1", STOCK) == 10

    order_body["entity"]["increment_id"] = "AMZ-2"
    inside = client.create_order(with_items(order_body, {
        "sku": "EBOOK-1", "product_type": "virtual", "is_virtual": 1, "qty_ordered": 3}))
    client.invoice(inside)  # before the reservation: MSI already wrote the +3
    assert client.place_reservations(inside) == "placed"
    assert client.salable_quantity("EBOOK-1", STOCK) == 7
    assert client.place_reservations(inside) == "already_placed"


def test_an_item_is_reserved_under_its_products_sku_or_its_own_when_the_product_is_gone(
        client, order_body, sandbox):
    mug_id = client.get_product("MUG-RED")["id"]
    order_id = client.create_order(with_items(
        order_body, {"sku": "mug-red", "product_id": mug_id, "qty_ordered": 2},
        {"sku": "RETIRED-1", "product_id": 999, "qty_ordered": 1}))
    assert client.place_reservations(order_id) == "placed"
    assert client.salable_quantity("MUG-RED", STOCK) == 8
    assert sorted((r["sku"], r["quantity"]) for r in ledger(sandbox)) == [
        ("MUG-RED", -2), ("RETIRED-1", -1)]


def test_a_pending_hold_is_under_the_catalogs_spelling_and_carries_the_amazon_order_id(
        client, sandbox):
    assert client.hold_pending_stock(
        "114-0000000-0000001", "default", {"lamp-1": 1, "LAMP-1": 1, "NO-SUCH": 1}) == "held"
    assert client.salable_quantity("LAMP-1", STOCK) == 1
    [row] = ledger(sandbox)
    assert (row["sku"], row["quantity"]) == ("LAMP-1", -2)
    assert row["metadata"] == {
        "event_type": "amazon_pending_held", "object_type": "amazon_order",
        "object_id": "114-0000000-0000001", "object_increment_id": "114-0000000-0000001"}
    assert client.release_pending_stock("114-0000000-0000001") == "released"
    assert ledger(sandbox)[-1]["metadata"]["object_increment_id"] == "114-0000000-0000001"
    assert client.salable_quantity("LAMP-1", STOCK) == 3


def test_a_hold_refuses_the_admin_store_view_and_a_release_an_id_that_is_not_amazons(client):
    with pytest.raises(CommerceValidationError) as refused:
        client.hold_pending_stock("114-3", "admin", {"LAMP-1": 1})
    assert refused.value.message.endswith('The store view "admin" belongs to no website.')
    with pytest.raises(CommerceValidationError):
        client.release_pending_stock("114-3%")
    assert client.salable_quantity("LAMP-1", STOCK) == 3


def test_a_release_msi_would_not_write_is_refused_and_the_hold_stays(client, seed):
    assert client.hold_pending_stock("114-1", "default", {"LAMP-1": 2, "MUG-RED": 1}) == "held"
    seed({"sku": "LAMP-1", "price": 40, "manage_stock": False})
    assert client.stock_item("LAMP-1")["manage_stock"] is False

    with pytest.raises(CommerceValidationError) as refused:
        client.release_pending_stock("114-1")
    assert "114-1" in refused.value.message
    assert "no longer manages stock" in refused.value.message
    assert client.salable_quantity("LAMP-1", STOCK) == 1  # still held
    assert client.salable_quantity("MUG-RED", STOCK) == 10  # what MSI wrote is released
    with pytest.raises(CommerceValidationError):
        client.release_pending_stock("114-1")

    seed({"sku": "LAMP-1", "price": 40, "manage_stock": True})
    assert client.release_pending_stock("114-1") == "released"
    assert client.salable_quantity("LAMP-1", STOCK) == 3
    assert client.release_pending_stock("114-1") == "not_held"


def test_msi_writes_nothing_for_a_product_whose_stock_is_not_managed(
        client, seed, order_body, sandbox):
    seed({"sku": "LAMP-1", "qty": 0, "manage_stock": False})
    assert client.is_salable("LAMP-1", 5, STOCK) is True  # not managed: always salable
    assert client.hold_pending_stock("114-2", "default", {"LAMP-1": 1}) == "skipped"
    order_id = client.create_order(with_items(order_body, {"sku": "LAMP-1", "qty_ordered": 1}))
    assert client.place_reservations(order_id) == "placed"
    client.ship(order_id, {})
    assert ledger(sandbox) == []
    assert client.stock_item("LAMP-1")["qty"] == 0


def test_a_product_s_manage_stock_must_be_true_or_false(server):
    answer = requests.post(f"{server.url}/_sandbox/products",
                           json=[{"sku": "X-1", "manage_stock": "sometimes"}])
    assert answer.status_code == 400
    assert answer.json() == {"errors": {"0": {"manage_stock": ["Not a valid boolean."]}}}
