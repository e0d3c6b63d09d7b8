"""No order lost or duplicated across faults; settings and modes change what is sent."""

import pytest

from connector.models import AmazonOrder, OrderSettings, SyncState
from tests.e2e.test_lifecycle import row
from tests.e2e.world import make_world


def test_commit_then_drop_never_makes_a_second_commerce_order(world):
    ids = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(5)]
    world.commerce_faults(commit_then_drop_rate=1.0)
    report = world.run()
    assert sum(report.imports.values()) == 5
    world.commerce_faults()
    for _ in range(3):
        world.run(minutes=10)
    for oid in ids:
        assert world.commerce_order_for(oid) is not None  # exactly one (asserted inside)
        assert row(world, oid).commerce_order_id is not None
    assert len(world.commerce_orders()) == 5


def test_commerce_down_backs_off_and_imports_later(world):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.commerce_faults(error_rate=1.0)
    report = world.run()
    assert report.error is not None or report.imports.get("failed") == 1
    world.commerce_faults()
    world.run(minutes=5)
    assert len(world.commerce_orders()) == 1
    assert row(world, oid).commerce_order_id is not None


def test_a_429_mid_sync_stops_cleanly_and_the_next_run_misses_nothing(world):
    for _ in range(3):
        world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    with world.db().session() as s:
        before = s.get(SyncState, world.store_id).watermark
    world.amazon_faults(throttle_rate=1.0)
    report = world.run()
    assert report.throttled and report.error is None
    with world.db().session() as s:
        state = s.get(SyncState, world.store_id)
        assert state.watermark == before  # not moved past orders it has not stored
        assert state.throttled_at is not None
    world.amazon_faults()
    world.run()
    assert len(world.commerce_orders()) == 3


def test_partial_shipments_are_confirmed_one_by_one(world):
    oid = world.place_order([("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00")],
                            status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    mug = next(i for i in created["items"] if i["sku"] == "MUG-1")
    world.merchant_ships(created["entity_id"], carrier="usps", track="9400100000000000000001",
                         items=[{"order_item_id": mug["item_id"], "qty": 2}])
    world.run()
    assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    world.run()
    assert row(world, oid).status == "PartiallyShipped"
    world.merchant_ships(created["entity_id"], carrier="fedex", track="771234567890")
    world.run()
    world.run()
    confirmations = world.amazon_calls()["shipment_confirmations"]
    assert [c["body"]["packageDetail"]["carrierCode"] for c in confirmations] == ["USPS",
                                                                                  "FedEx"]
    assert row(world, oid).status == "Completed"


def test_read_only_mode_sends_nothing_that_changes_state(app, live_server):
    world = make_world(app, live_server, read_only=True)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    assert row(world, oid).status == "Unshipped"  # still synced and listed
    assert world.commerce_orders() == []
    assert [c["call"] for c in world.lifecycle.withheld] == ["create_order"]
    calls = world.commerce_calls()
    assert not any(name.startswith(("POST", "PUT")) for name in calls), calls
    world.http.close()


def test_amazon_order_number_becomes_the_commerce_order_number(world):
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).order_number_source = "amazon"
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    assert world.commerce_order_for(oid)["increment_id"] == oid
    assert row(world, oid).commerce_increment_id == oid


def test_build_new_customer_account_creates_the_buyer_once(world):
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).customer_creation = "create"
    first = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    second = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    one, two = world.commerce_order_for(first), world.commerce_order_for(second)
    assert one["customer_is_guest"] in (0, False)
    assert one["customer_id"] == two["customer_id"] and one["customer_id"]


@pytest.mark.parametrize("api", ["v0"])
def test_the_v0_path_runs_the_same_lifecycle(app, live_server, api):
    world = make_world(app, live_server, amazon_api=api)
    oid = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    assert created is not None
    world.merchant_ships(created["entity_id"])
    world.run()
    world.run()
    assert row(world, oid).status == "Completed"
    with world.db().session() as s:
        assert s.query(AmazonOrder).count() == 1
    world.http.close()
