"""Salable quantity after Amazon orders, with and without the companion module's
reservations (``POST /V1/orders`` alone places none)."""

from connector.models import OrderSettings
from tests.e2e.test_lifecycle import row


def salable(world, sku="MUG-1") -> float:
    r = world.http.get(f"{world.commerce_url}/rest/default/V1/inventory/"
                       f"get-product-salable-quantity/{sku}/1",
                       headers={"Authorization": "Bearer sandbox-token"})
    assert r.ok, r.text
    return float(r.json())


def test_with_the_module_salable_quantity_stays_right(world):
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).reservation_strategy = "module"
    start = salable(world)
    oid = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")
    report = world.run()
    assert report.reservations == 1
    assert salable(world) == start - 2
    assert row(world, oid).reservations_placed_at is not None
    world.merchant_ships(world.commerce_order_for(oid)["entity_id"])
    world.run()
    world.run()
    assert salable(world) == start - 2  # shipped: the stock left, the reservation is settled
    assert "POST /V1/amazon-orders/reservations" in str(world.commerce_calls())


def test_without_a_strategy_nothing_is_reserved_and_commerce_over_reports(world):
    start = salable(world)
    oid = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")
    report = world.run()
    assert report.reservations == 0
    assert salable(world) == start  # the order is not counted: the gap the module closes
    world.merchant_ships(world.commerce_order_for(oid)["entity_id"])
    world.run()
    assert salable(world) == start
    assert "amazon-orders/reservations" not in str(world.commerce_calls())


def test_a_failed_reservation_is_retried_next_run(world):
    start = salable(world)
    oid = world.place_order([("MUG-1", 3, "12.00")], status="UNSHIPPED")
    world.run()  # imported while the store had no strategy
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).reservation_strategy = "module"
    world.commerce_faults(error_rate=1.0)
    assert world.run().reservations == 0
    assert row(world, oid).latest_note.startswith("Stock reservations not placed yet")
    world.commerce_faults()
    assert world.run().reservations == 1
    assert salable(world) == start - 3
    assert world.run().reservations == 0  # placed once


def test_amazon_fulfilled_orders_reserve_nothing(world):
    from connector.models import Store

    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).reservation_strategy = "module"
    start = salable(world)
    oid = world.place_order([("MUG-1", 2, "12.00")], status="SHIPPED", fulfilled_by="AMAZON")
    assert world.run().reservations == 0  # the lifecycle never asks for an FBA order
    with world.db().session() as s:
        store = s.get(Store, world.store_id)
        s.expunge(store)
    with world.lifecycle.commerce_factory(store) as commerce:
        # Even when asked, the module refuses to hold stock Amazon shipped from its own.
        assert commerce.place_reservations(world.commerce_order_for(oid)["entity_id"]) == \
            "skipped"
    assert salable(world) == start
