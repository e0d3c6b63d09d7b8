"""Stores, orders and system messages as an integrator reads them."""

from tests.api.conftest import AUTH, conform

STORES = "/api/v1/stores"
STORE = "/api/v1/stores/{store_id}"
ORDERS = "/api/v1/stores/{store_id}/orders"
ORDER = "/api/v1/stores/{store_id}/orders/{amazon_order_id}"
MESSAGES = "/api/v1/system-messages"
SECRETS = ("sandbox-secret", "Atzr|sandbox", "sandbox-token", "lwa_client_secret",
           "refresh_token", "commerce_credentials")


def test_no_stores_yet(api):
    assert api.get(STORES, STORES) == {"stores": []}
    assert api.get(MESSAGES, MESSAGES) == {"messages": []}


def test_stores_are_listed_with_their_sync_and_without_secrets(api, client, connected):
    world = connected
    world.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    world.run()
    body = api.get(STORES, STORES)
    [store] = body["stores"]
    assert store["id"] == world.store_id and store["name"] == "Demo US"
    assert store["orders_in_error"] == 1
    assert store["import_enabled"] is True
    assert store["sync"]["last_success_at"] is not None
    assert api.get(f"/api/v1/stores/{world.store_id}", STORE) == store
    text = client.get("/api/v1/stores", headers=AUTH).get_data(as_text=True)
    assert not [secret for secret in SECRETS if secret in text]


def test_unknown_stores_are_404(api, client):
    body = api.get("/api/v1/stores/99", STORE, expect=404)
    assert body["message"] == "No store with id 99."
    api.get("/api/v1/stores/99/orders", ORDERS, expect=404)
    api.get("/api/v1/stores/99/orders/113-0000001-0000001", ORDER, expect=404)
    # Not even a number: no such resource either, in the same JSON shape.
    response = client.get("/api/v1/stores/abc", headers=AUTH)
    assert response.status_code == 404 and response.get_json()["code"] == 404


def test_orders_are_filtered_sorted_and_paged_as_in_the_grid(api, connected):
    world = connected
    first = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED", buyer="Ann Able")
    world.clock.advance(1)
    second = world.place_order([("KETTLE-1", 1, "40.00")], buyer="Bob Baker")
    world.clock.advance(1)
    third = world.place_order([("OFF-1", 1, "20.00")], status="UNSHIPPED", buyer="Cy Crane")
    world.run()
    url = f"/api/v1/stores/{world.store_id}/orders"

    page = api.get(url, ORDERS)
    assert [o["amazon_order_id"] for o in page["orders"]] == [third, second, first]
    assert (page["total"], page["page"], page["pages"]) == (3, 1, 1)
    assert page["total_is_exact"] is True
    by_id = {o["amazon_order_id"]: o for o in page["orders"]}
    assert by_id[first]["status"] == "Unshipped"
    assert by_id[first]["total"] == {"amount": "12.96", "currency": "USD"}
    assert by_id[first]["commerce_increment_id"] is not None
    assert by_id[second]["status"] == "Pending"
    assert by_id[third]["status"] == "Error"

    assert [o["amazon_order_id"] for o in api.get(f"{url}?status=Error", ORDERS)["orders"]] \
        == [third]
    assert [o["amazon_order_id"] for o in api.get(
        f"{url}?status=Error&status=Pending", ORDERS)["orders"]] == [third, second]
    assert [o["amazon_order_id"] for o in api.get(f"{url}?buyer_name=cy", ORDERS)["orders"]] \
        == [third]
    assert [o["amazon_order_id"] for o in api.get(
        f"{url}?sort=order_number&dir=asc", ORDERS)["orders"]] == [first, second, third]
    paged = api.get(f"{url}?sort=purchase_date&dir=asc&per_page=1&page=2", ORDERS)
    assert [o["amazon_order_id"] for o in paged["orders"]] == [second]
    assert (paged["total"], paged["pages"], paged["per_page"]) == (3, 3, 1)


def test_a_huge_store_gets_a_capped_total_that_says_so(api, world, monkeypatch):
    import connector.orders.grid as grid
    import connector.web.api.views as views

    for n in range(3):
        world.place_order([("MUG-1", 1, "12.00")], buyer=f"Buyer {n}")
    world.run()
    monkeypatch.setattr(grid, "MAX_WINDOW", 2)  # stand-ins for 10,000 and 100,000
    monkeypatch.setattr(views, "PAGE_COUNT_LIMIT", 2)
    page = api.get(f"/api/v1/stores/{world.store_id}/orders", ORDERS)
    assert (page["total"], page["total_is_exact"]) == (2, False)


def test_bad_filters_are_422_with_the_field_named(api, connected):
    url = f"/api/v1/stores/{connected.store_id}/orders"
    body = api.get(f"{url}?purchased_from=yesterday&total_min=-3", ORDERS, expect=422)
    assert set(body["errors"]["query"]) == {"purchased_from", "total_min"}
    assert body["errors"]["query"]["purchased_from"] == ["Enter a date as yyyy-mm-dd."]
    assert api.get(f"{url}?status=Lost", ORDERS, expect=422)["errors"]["query"] == {
        "status": ["Unknown status 'Lost'."]}
    assert "sort" in api.get(f"{url}?sort=price", ORDERS, expect=422)["errors"]["query"]
    assert "per_page" in api.get(f"{url}?per_page=1000", ORDERS, expect=422)["errors"]["query"]
    assert "page" in api.get(f"{url}?page=x", ORDERS, expect=422)["errors"]["query"]
    assert "colour" in api.get(f"{url}?colour=red", ORDERS, expect=422)["errors"]["query"]


def test_an_order_comes_with_items_commerce_order_and_every_note(api, client, connected):
    world = connected
    oid = world.place_order([("MUG-1", 2, "12.00")])
    world.run()
    world.amazon_moves(oid, "UNSHIPPED")
    world.run()
    url = f"/api/v1/stores/{world.store_id}/orders/{oid}"
    order = api.get(url, ORDER)
    created = world.commerce_order_for(oid)
    assert order["status"] == "Unshipped"
    assert order["commerce_order"] == {"order_id": created["entity_id"],
                                       "increment_id": created["increment_id"],
                                       "state": "processing"}
    assert order["blocked"] is None
    assert [(i["seller_sku"], i["quantity_ordered"], i["unit_price"]) for i in order["items"]] \
        == [("MUG-1", 2, "12.00")]
    assert [n["text"] for n in order["notes"]] == [
        "Order received from Amazon with status Pending.", "Status updated to Unshipped.",
        f"Commerce order {created['increment_id']} created."]
    assert order["latest_note"] == order["notes"][-1]["text"]
    assert order["ship_to"] == {"city": "Denver", "state_or_region": "CO",
                                "postal_code": "80202", "country_code": "US"}
    text = client.get(url, headers=AUTH).get_data(as_text=True)
    for personal in ("1420 Maple Avenue", "+13035550147", "buyer1@marketplace.amazon.com"):
        assert personal not in text
    body = api.get(f"/api/v1/stores/{world.store_id}/orders/113-9999999-9999999", ORDER,
                   expect=404)
    assert "113-9999999-9999999" in body["message"]


def test_a_blocked_order_says_why_and_the_system_message_comes_and_goes(api, connected):
    world = connected
    oid = world.place_order([("OFF-1", 1, "20.00")], status="UNSHIPPED")
    world.run()
    order = api.get(f"/api/v1/stores/{world.store_id}/orders/{oid}", ORDER)
    assert order["status"] == "Error"
    assert order["blocked"] == {"reason": "disabled", "sku": "OFF-1"}
    assert order["latest_note"] == 'Cannot create sales order: Product "OFF-1" in order is ' \
                                   "disabled"
    assert api.get(MESSAGES, MESSAGES) == {"messages": [{
        "id": "blocked-orders",
        "text": "Your Amazon store(s) has orders that cannot be imported into Commerce. See "
                "Recent Orders in the store dashboard(s): Demo US",
        "stores": [{"id": world.store_id, "name": "Demo US"}]}]}

    world.amazon_moves(oid, "CANCELLED")
    world.run()
    assert api.get(MESSAGES, MESSAGES) == {"messages": []}


def test_wrong_methods_and_unknown_paths_answer_in_the_same_json_shape(client, spec):
    response = client.delete("/api/v1/stores", headers=AUTH)
    assert response.status_code == 405
    assert set(response.get_json()) == {"code", "status", "message"}
    response = client.get("/api/v1/nothing-here", headers=AUTH)
    assert response.status_code == 404
    assert response.get_json()["status"] == "Not Found"
    conform(spec, client.get("/api/v1/stores/5", headers=AUTH), STORE)
