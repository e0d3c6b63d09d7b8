"""/health/ready per store: last good sync, orders in Error, whether Amazon or Commerce
failed, throttling; never an error text, a secret or a buyer's data."""

from tests.api.conftest import AUTH, conform


def stores(client) -> list[dict]:
    body = client.get("/health/ready").get_json()
    return body["checks"]["stores"]["stores"]


def test_a_store_that_syncs_well(client, spec, connected):
    world = connected
    [store] = stores(client)
    assert store["last_good_sync_at"] is None and store["overdue"] is False
    world.place_order([("AMZ-ONLY-SKU", 2, "9.99")], status="UNSHIPPED", buyer="Zoe Private")
    world.run()
    response = client.get("/health/ready")
    assert response.status_code == 200
    conform(spec, response, "/health/ready")
    [store] = response.get_json()["checks"]["stores"]["stores"]
    assert store["name"] == "Demo US" and store["status"] == "Active"
    assert store["orders_in_error"] == 1
    assert store["last_good_sync_at"] is not None
    assert isinstance(store["last_good_sync_age_seconds"], int)
    assert store["amazon_error_seen"] is False and store["commerce_error_seen"] is False
    assert store["last_run_failed"] is False
    assert store["throttled_recently"] is False
    text = response.get_data(as_text=True)
    for private in ("Zoe Private", "buyer1@marketplace.amazon.com", "1420 Maple", "Atzr|",
                    "sandbox-secret", "sandbox-token"):
        assert private not in text


def sync_in_api(client) -> dict:
    [store] = client.get("/api/v1/stores", headers=AUTH).get_json()["stores"]
    return store["sync"]


def test_throttling_and_commerce_errors_show(client, connected):
    world = connected
    world.amazon_faults(throttle_rate=1)
    world.run()
    [store] = stores(client)
    assert store["throttled_recently"] is True and store["throttled_at"] is not None
    assert store["amazon_error_seen"] is True and store["commerce_error_seen"] is False
    assert "QuotaExceeded" not in client.get("/health/ready").get_data(as_text=True)
    assert "QuotaExceeded" in sync_in_api(client)["last_amazon_error"]  # behind the key

    world.amazon_faults()
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.commerce_faults(error_rate=1)
    world.run()
    [store] = stores(client)
    assert store["commerce_error_seen"] is True
    assert store["last_run_failed"] is True and isinstance(store["last_error_age_seconds"], int)
    assert "last_commerce_error" not in store
    assert sync_in_api(client)["last_commerce_error"] is not None
    assert store["throttled_recently"] is True  # still within the hour

    world.clock.advance(61)
    [store] = stores(client)
    assert store["throttled_recently"] is False
    assert store["overdue"] is True  # its interval is 5 minutes; the last good sync is older
