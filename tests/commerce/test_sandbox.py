"""The client against the Commerce sandbox over real HTTP: the order lifecycle end to end."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote_plus

import pytest
import requests
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from connector.commerce import (
    CommerceAuthError,
    CommerceConflict,
    CommerceNetworkError,
    CommerceNotFound,
    CommerceTimeout,
    CommerceValidationError,
)
from connector.sandbox.commerce import create_commerce_sandbox
from tests.commerce.conftest import OAUTH

TOKEN = {"token": "sandbox-token"}
TRACK = {"carrier_code": "ups", "title": "UPS", "track_number": "1Z999"}


@pytest.fixture
def sandbox():
    return create_commerce_sandbox(hang_seconds=0.6, seed=1)


@pytest.fixture
def server(sandbox, live_server):
    return live_server(sandbox)


@pytest.fixture
def http():
    with requests.Session() as session:
        yield session


@pytest.fixture
def client(server, make_client):
    # Generous: a loaded CI machine can take a while; only the timeout test wants it short.
    return make_client(server.url, TOKEN, timeout=5, max_retries=2)


def faults(http, server, **settings):
    response = http.post(f"{server.url}/_sandbox/faults", json=settings)
    assert response.status_code == 200, response.text


def test_create_search_invoice_ship_complete(client, order_body, http, server):
    order_id = client.create_order(order_body)
    found = client.find_order_by_ext_id("205-0000001-0000001")
    assert found["entity_id"] == order_id and found["state"] == "new"
    assert found["grand_total"] == 34.47  # stored as sent, no recalculation
    address = found["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
    assert address["street"] == ["Hauptstr. 1", "2. OG"]
    assert "shipping_address" not in found

    client.invoice(order_id)
    assert client.get_order(order_id)["state"] == "processing"
    items = client.get_order(order_id)["items"]
    client.ship(order_id, {"items": [{"order_item_id": items[0]["item_id"], "qty": 1}],
                           "tracks": [TRACK]})
    order = client.get_order(order_id)
    assert (order["state"], order["status"]) == ("processing", "processing")  # partial
    client.ship(order_id, {"tracks": [dict(TRACK, track_number="1Z998")]})
    order = client.get_order(order_id)
    assert (order["state"], order["status"]) == ("complete", "complete")
    assert client.order_status(order_id) == "complete"
    shipments = list(client.search_shipments(order_id=order_id))
    assert [s["tracks"][0]["track_number"] for s in shipments] == ["1Z999", "1Z998"]
    assert [s["total_qty"] for s in shipments] == [1, 2]
    assert client.cancel(order_id) is False


def test_ship_only_is_processing_and_invoiced_order_cannot_be_canceled(client, order_body):
    order_id = client.create_order(order_body)
    client.ship(order_id, {"tracks": [TRACK]})
    assert client.get_order(order_id)["state"] == "processing"
    client.invoice(order_id)
    assert client.get_order(order_id)["state"] == "complete"

    order_body["entity"]["increment_id"] = "AMZ-2"
    second = client.create_order(order_body)
    client.invoice(second)
    assert client.cancel(second) is False
    assert client.get_order(second)["state"] == "processing"


def test_cancel_then_ship_is_refused_with_magentos_message(client, order_body):
    order_id = client.create_order(order_body)
    assert client.cancel(order_id) is True
    assert client.cancel(order_id) is False
    with pytest.raises(CommerceValidationError, match="A shipment cannot be created when an "
                                                      "order has a status of canceled"):
        client.ship(order_id, {"tracks": [TRACK]})


def test_increment_id_clash_is_a_conflict_and_absent_one_comes_from_the_sequence(
        client, order_body):
    client.create_order(order_body)
    with pytest.raises(CommerceConflict, match="Unique constraint violation found"):
        client.create_order(order_body)
    del order_body["entity"]["increment_id"]
    generated = client.get_order(client.create_order(order_body))["increment_id"]
    assert generated == "000000001"


def test_comment_keeps_the_status(client, order_body):
    order_id = client.create_order(order_body)
    assert client.add_comment(order_id, "Imported from Amazon", "pending") is True
    order = client.get_order(order_id)
    assert order["status_histories"][0]["comment"] == "Imported from Amazon"
    assert order["status"] == "pending"


def test_commit_then_drop_is_a_network_error_and_the_order_exists(client, order_body, http,
                                                                  server):
    faults(http, server, commit_then_drop_rate=1.0)
    with pytest.raises(CommerceNetworkError) as caught:
        client.create_order(order_body)
    assert caught.value.maybe_applied is True
    faults(http, server)
    found = client.find_order_by_increment_id("AMZ-205-0000001-0000001")
    assert found is not None and found["ext_order_id"] == "205-0000001-0000001"
    assert http.get(f"{server.url}/_sandbox/calls").json()["POST /V1/orders"] == 1


def test_the_create_answers_the_saved_order_as_magento_does(client, order_body):
    answer = client.create_order_returning(order_body)
    assert answer == client.get_order(answer["entity_id"])
    assert answer["increment_id"] == "AMZ-205-0000001-0000001" and answer["state"] == "new"


def test_timeout_is_a_network_error_and_not_applied(client, order_body, http, server,
                                                    make_client):
    impatient = make_client(server.url, TOKEN, timeout=0.3, max_retries=2)  # < hang_seconds
    faults(http, server, timeout_rate=1.0)
    with pytest.raises(CommerceTimeout):
        impatient.create_order(order_body)
    faults(http, server)
    assert client.find_order_by_increment_id("AMZ-205-0000001-0000001") is None


def test_503_on_get_is_retried(client, order_body, http, server, sleeps, sandbox):
    order_id = client.create_order(order_body)
    sb = sandbox.extensions["commerce_sandbox"]
    answers = iter(["error", None])
    sb.roll_fault = lambda operation: next(answers)  # one 503, then a normal answer
    assert client.get_order(order_id)["entity_id"] == order_id
    assert len(sleeps) == 1
    assert http.get(f"{server.url}/_sandbox/calls").json()["GET /V1/orders/{id}"] == 2


def test_wrong_token_gets_magentos_401(server, make_client, http):
    response = http.get(f"{server.url}/rest/V1/orders/1",
                        headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == {"message": "The consumer isn't authorized to access %resources.",
                               "parameters": {"resources": "Magento_Sales::actions_view"}}
    with pytest.raises(CommerceAuthError, match="Magento_Sales::actions_view"):
        make_client(server.url, {"token": "nope"}).get_order(1)


def test_oauth1_signed_calls_are_accepted_and_bad_signatures_refused(live_server, make_client):
    app = create_commerce_sandbox(**{f"oauth_{k}": v for k, v in OAUTH.items()})
    server = live_server(app)
    assert make_client(server.url, OAUTH).websites()[1]["code"] == "base"
    assert make_client(server.url, OAUTH).find_order_by_ext_id("1 (x)/y") is None
    with pytest.raises(CommerceAuthError):
        make_client(server.url, dict(OAUTH, consumer_secret="wrong")).websites()


def test_catalog_msi_and_reservations(client, order_body, http, server):
    seeded = http.post(f"{server.url}/_sandbox/products", json={"products": [
        {"sku": "MUG-RED", "qty": 5, "price": 9.99},
        {"sku": "TEA/50", "qty": 1, "status": "disabled"}]})
    assert seeded.status_code == 200
    assert client.get_product("MUG-RED")["status"] == 1
    assert client.get_product("TEA/50")["status"] == 2
    assert client.get_product("NOPE") is None
    stock = client.stock_id_for_website("base")
    assert client.is_salable("MUG-RED", 5, stock) is True
    order_id = client.create_order(order_body)
    assert client.salable_quantity("MUG-RED", stock) == 5  # POST /V1/orders reserves nothing
    assert client.place_reservations(order_id) == "placed"
    assert client.place_reservations(order_id) == "already_placed"
    assert client.salable_quantity("MUG-RED", stock) == 3
    assert client.is_salable("MUG-RED", 4, stock) is False
    client.invoice(order_id)
    client.ship(order_id, {"tracks": [TRACK]})
    assert client.stock_item("MUG-RED")["qty"] == 3  # the source was deducted
    assert client.salable_quantity("MUG-RED", stock) == 3


def test_pending_holds_reserve_and_release_without_an_order(client, http, server):
    http.post(f"{server.url}/_sandbox/products", json={"products": [
        {"sku": "LAMP-1", "qty": 3}, {"sku": "KIT", "qty": 9, "type_id": "bundle"}]})
    held = {"LAMP-1": 2, "KIT": 1, "GONE": 1}  # a bundle and an unknown SKU hold nothing
    assert client.hold_pending_stock("114-1", "default", held) == "held"
    assert client.hold_pending_stock("114-1", "default", held) == "already_held"
    assert client.salable_quantity("LAMP-1", 1) == 1
    assert client.salable_quantity("KIT", 1) == 9
    assert client.hold_pending_stock("114-2", "default", {"KIT": 1}) == "skipped"
    assert client.release_pending_stock("114-1") == "released"
    assert client.release_pending_stock("114-1") == "not_held"
    assert client.salable_quantity("LAMP-1", 1) == 3
    assert client.hold_pending_stock("114-1", "default", held) == "held"  # once more
    with pytest.raises(CommerceNotFound):
        client.hold_pending_stock("114-3", "nl_nl", held)
    with pytest.raises(CommerceValidationError):
        client.hold_pending_stock("114-3'--", "default", held)


def test_stores_statuses_and_customers(client):
    assert [s["code"] for s in client.store_views()] == ["admin", "default"]
    assert client.store_views()[1]["website_id"] == 1
    assert client.websites()[1] == {"id": 1, "code": "base", "name": "Main Website",
                                    "default_group_id": 1}
    assert client.store_configs()[0]["code"] == "default"
    custom = [s for s in client.order_statuses() if not s["is_default"]
              and s["state"] == "processing"]
    assert any(s["status"] == "shipped_on_amazon" for s in custom)
    customer = {"email": "Max@Example.com", "firstname": "Max", "lastname": "Muster"}
    created = client.create_customer(customer)
    assert created["id"] and created["website_id"] == 1
    assert client.find_customer_by_email("Max@Example.com")["id"] == created["id"]
    with pytest.raises(CommerceConflict):
        client.create_customer(customer)


def test_merchant_ships_from_the_page_under_a_prefix(sandbox, live_server, order_body,
                                                     make_client, http):
    from flask import Flask

    server = live_server(DispatcherMiddleware(Flask("root"), {"/sandbox/commerce": sandbox}))
    base = f"{server.url}/sandbox/commerce"
    order_body["entity"]["ext_order_id"] = "<script>alert(1)</script>"
    client = make_client(base, TOKEN)
    order_id = client.create_order(order_body)
    page = http.get(f"{base}/").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert f'action="/sandbox/commerce/_sandbox/orders/{order_id}/ship"' in page
    item_id = client.get_order(order_id)["items"][0]["item_id"]
    answer = http.post(f"{base}/_sandbox/orders/{order_id}/ship", allow_redirects=False,
                       data={"carrier_code": "dhl", "track_number": "JD0001",
                             f"qty_{item_id}": "2"})
    location = answer.headers["Location"]
    assert answer.status_code == 303 and location.split("?")[0].endswith("/sandbox/commerce/")
    assert "Shipment" in unquote_plus(location.split("done=")[1])  # the page confirms it
    [shipment] = client.search_shipments(order_id=order_id)
    assert shipment["tracks"][0]["title"] == "DHL" and shipment["total_qty"] == 2
    assert client.get_order(order_id)["state"] == "processing"  # one item left, no invoice


def test_the_ship_form_refuses_a_quantity_that_is_not_a_number(client, order_body, http, server):
    order_id = client.create_order(order_body)
    item_id = client.get_order(order_id)["items"][0]["item_id"]
    for qty in ("two", "nan"):
        answer = http.post(f"{server.url}/_sandbox/orders/{order_id}/ship",
                           data={"carrier_code": "dhl", "track_number": "JD0001",
                                 f"qty_{item_id}": qty})
        assert answer.status_code == 400
        assert answer.json() == {
            "errors": {"items": ["each item needs order_item_id and qty, as numbers"]}}
    assert list(client.search_shipments(order_id=order_id)) == []


def test_control_api_validates_faults_and_resets(client, order_body, http, server):
    bad = http.post(f"{server.url}/_sandbox/faults", json={"error_rate": 2})
    assert bad.status_code == 400
    bad = http.post(f"{server.url}/_sandbox/faults", json={"latency_ms": {"GET /V9/x": 5}})
    assert bad.status_code == 400
    good = http.post(f"{server.url}/_sandbox/faults",
                     json={"latency_ms": {"POST /V1/orders": 1}})
    assert good.json()["error_rate"] == 0.0
    client.create_order(order_body)
    assert len(http.get(f"{server.url}/_sandbox/orders").json()["orders"]) == 1
    assert http.post(f"{server.url}/_sandbox/reset").status_code == 200
    assert http.get(f"{server.url}/_sandbox/orders").json()["orders"] == []


def test_reset_goes_back_to_the_apps_own_products(live_server, make_client, order_body, http):
    app = create_commerce_sandbox(products=[{"sku": "MUG-RED", "qty": 5}])
    server = live_server(app)
    client = make_client(server.url, TOKEN)
    http.post(f"{server.url}/_sandbox/products", json=[{"sku": "LAMP-1", "qty": 1}])
    client.place_reservations(client.create_order(order_body))
    assert client.salable_quantity("MUG-RED", 1) == 3
    faults(http, server, error_rate=1.0)

    assert http.post(f"{server.url}/_sandbox/reset").status_code == 200
    assert http.get(f"{server.url}/_sandbox/calls").json() == {}
    assert client.salable_quantity("MUG-RED", 1) == 5  # no reservation, no fault
    assert client.get_product("LAMP-1") is None
    assert http.get(f"{server.url}/_sandbox/orders").json()["orders"] == []
    client.create_order(order_body)  # its increment id is free again
    app.extensions["commerce_sandbox"].reset()
    assert http.get(f"{server.url}/_sandbox/orders").json()["orders"] == []
    assert client.get_product("MUG-RED")["status"] == 1


def test_unknown_route_answers_like_magento(server, http):
    response = http.get(f"{server.url}/rest/V1/nothing-here",
                        headers={"Authorization": "Bearer sandbox-token"})
    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


def test_command_is_a_click_command():
    from click.testing import CliRunner

    from connector.sandbox.commerce import command

    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0 and "--token" in result.output and "8102" in result.output


@pytest.mark.parametrize("pool_size, discarded", [(4, True), (16, False)])
def test_sixteen_threads_keep_their_connections_with_a_pool_of_sixteen(
        server, http, make_client, caplog, pool_size, discarded):
    # Each call is held long enough for all sixteen to be out at once.
    faults(http, server, latency_ms={"GET /V1/store/websites": 500})
    shared = make_client(server.url, TOKEN, timeout=10, pool_size=pool_size)
    start = threading.Barrier(16)

    def call(_):
        start.wait()
        return shared.websites()

    with caplog.at_level(logging.WARNING, logger="urllib3.connectionpool"), \
            ThreadPoolExecutor(16) as threads:
        assert all(threads.map(call, range(16)))
    full = [r for r in caplog.records if "Connection pool is full" in r.getMessage()]
    assert bool(full) is discarded, [r.getMessage() for r in full]
