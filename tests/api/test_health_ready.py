"""/health/ready per store: last good sync, orders in Error, last errors, throttling; never a
secret or a buyer's data."""

from tests.api.conftest import conform


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
    assert store["last_amazon_error"] is None and store["last_commerce_error"] is None
    assert store["throttled_recently"] is False
    text = response.get_data(as_text=True)
    for private in ("Zoe Private", "buyer1@marketplace.amazon.com", "1420 Maple", "Atzr|",
                    "sandbox-secret", "sandbox-token"):
        assert private not in text


def test_throttling_and_commerce_errors_show(client, connected):
    world = connected
    world.amazon_faults(throttle_rate=1)
    world.run()
    [store] = stores(client)
    assert store["throttled_recently"] is True and store["throttled_at"] is not None
    assert "QuotaExceeded" in store["last_amazon_error"]
    assert store["last_commerce_error"] is None

    world.amazon_faults()
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.commerce_faults(error_rate=1)
    world.run()
    [store] = stores(client)
    assert store["last_commerce_error"] is not None
    assert store["throttled_recently"] is True  # still within the hour

    world.clock.advance(61)
    [store] = stores(client)
    assert store["throttled_recently"] is False
    assert store["overdue"] is True  # its interval is 5 minutes; the last good sync is older
