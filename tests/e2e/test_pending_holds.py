""""Pending Orders: Reserve Quantity": stock held for Amazon orders still Pending, through the
companion module's routes in the Commerce sandbox, over real HTTP."""

import dataclasses

import pytest

from connector.models import OrderSettings
from connector.orders.pending_holds import HELD_NOTE
from tests.e2e.test_lifecycle import notes, row
from tests.e2e.test_reservations import salable

HOLD = "POST /V1/amazon-orders/pending-holds"
RELEASE = "DELETE /V1/amazon-orders/pending-holds/:amazonOrderId"


def settings(world, **values) -> None:
    with world.db().session() as s:
        saved = s.get(OrderSettings, world.store_id)
        for name, value in values.items():
            setattr(saved, name, value)


@pytest.fixture
def holding(world):
    """A store with the companion module and Pending Orders: Reserve Quantity, and a lamp
    of which only two are left."""
    settings(world, reservation_strategy="module", reserve_pending=True)
    world.seed_products({"sku": "LAMP-1", "name": "Lamp", "price": 40, "qty": 2})
    return world


def calls(world, operation: str) -> int:
    return world.commerce_calls().get(operation, 0)


def test_the_last_units_are_held_while_pending_and_the_order_still_imports(holding):
    world = holding
    oid = world.place_order([("LAMP-1", 2, "40.00")], status="PENDING")
    report = world.run()
    assert report.stock_held == 1
    assert salable(world, "LAMP-1") == 0  # the storefront can no longer sell them
    assert world.commerce_order_for(oid) is None  # Pending: not imported yet
    assert row(world, oid).latest_note == HELD_NOTE
    assert world.run().stock_held == 0 and calls(world, HOLD) == 1  # held once

    world.amazon_moves(oid, "UNSHIPPED")
    report = world.run()
    # Salable is 0 because of its own hold: the order is imported, not blocked as unsalable.
    assert report.imports == {"created": 1}
    assert report.reservations == 1 and report.holds_released == 1
    assert salable(world, "LAMP-1") == 0  # the order's own reservation took over
    assert row(world, oid).stock_held_at is None
    assert row(world, oid).latest_note != HELD_NOTE.replace("reserved", "released")

    world.merchant_ships(world.commerce_order_for(oid)["entity_id"])
    world.run()
    assert salable(world, "LAMP-1") == 0  # shipped: the stock left, every hold is settled
    assert world.run().holds_released == 0 and calls(world, RELEASE) == 1


def test_a_canceled_pending_order_gives_its_quantity_back(holding):
    world = holding
    oid = world.place_order([("LAMP-1", 1, "40.00")], status="PENDING")
    world.run()
    assert salable(world, "LAMP-1") == 1
    world.amazon_moves(oid, "CANCELLED")
    assert world.run().holds_released == 1
    assert salable(world, "LAMP-1") == 2
    assert row(world, oid).latest_note == "Reserved quantity released: the order was canceled."
    assert world.commerce_order_for(oid) is None
    world.run()
    assert calls(world, HOLD) == 1 and calls(world, RELEASE) == 1


def test_turning_the_setting_off_releases_what_is_held(holding):
    world = holding
    oid = world.place_order([("LAMP-1", 2, "40.00"), ("MUG-1", 3, "12.00")])
    mugs = salable(world)
    world.run()
    assert (salable(world, "LAMP-1"), salable(world)) == (0, mugs - 3)
    settings(world, reserve_pending=False)
    assert world.run().holds_released == 1
    assert (salable(world, "LAMP-1"), salable(world)) == (2, mugs)
    assert "no longer reserve quantity" in row(world, oid).latest_note
    # Turned on again while the order is still Pending: held again.
    settings(world, reserve_pending=True)
    assert world.run().stock_held == 1
    assert salable(world, "LAMP-1") == 0


def test_without_the_setting_or_for_amazon_fulfilled_orders_nothing_is_held(world):
    settings(world, reservation_strategy="module")  # Do Not Reserve Quantity (the default)
    start = salable(world)
    world.clock.advance(-120)  # placed before the store was connected: never imported
    world.place_order([("MUG-1", 5, "12.00")], status="PENDING")
    world.clock.advance(120)
    world.place_order([("MUG-1", 2, "12.00")], status="PENDING")
    assert world.run().stock_held == 0
    settings(world, reserve_pending=True)
    world.place_order([("MUG-1", 4, "12.00")], status="PENDING", fulfilled_by="AMAZON")
    assert world.run().stock_held == 1  # only the merchant-fulfilled one imported later
    assert salable(world) == start - 2
    settings(world, reservation_strategy="cli-recipe", reserve_pending=True)
    assert world.run().holds_released == 1  # the module strategy is gone: so is the hold
    assert salable(world) == start


def test_a_failed_hold_or_release_is_tried_again(holding):
    world = holding
    oid = world.place_order([("LAMP-1", 1, "40.00")])
    world.commerce_faults(error_rate=1.0)
    assert world.run().stock_held == 0
    assert row(world, oid).latest_note.startswith(
        "Quantity not reserved yet for this Pending order")
    world.commerce_faults()
    assert world.run().stock_held == 1
    assert salable(world, "LAMP-1") == 1

    world.amazon_moves(oid, "CANCELLED")
    world.commerce_faults(error_rate=1.0)
    assert world.run().holds_released == 0
    assert row(world, oid).latest_note.startswith("Reserved quantity not released yet")
    world.commerce_faults()
    assert salable(world, "LAMP-1") == 1
    assert world.run().holds_released == 1
    assert salable(world, "LAMP-1") == 2


def test_a_release_commerce_refuses_is_noted_and_retried_while_the_hold_stays(holding):
    world = holding
    oid = world.place_order([("LAMP-1", 1, "40.00")])
    assert world.run().stock_held == 1
    # The merchant stops managing the lamp's stock: MSI will not write the release.
    world.seed_products({"sku": "LAMP-1", "name": "Lamp", "price": 40, "manage_stock": False})
    world.amazon_moves(oid, "CANCELLED")
    assert world.run().holds_released == 0
    refused = row(world, oid).latest_note
    assert refused.startswith("Reserved quantity not released yet")
    assert "no longer manages stock" in refused and refused.endswith("Will retry.")
    assert row(world, oid).stock_held_at is not None
    assert salable(world, "LAMP-1") == 1  # the hold stays while it cannot go

    assert world.run().holds_released == 0 and calls(world, RELEASE) == 2  # asked again
    assert notes(world, oid).count(refused) == 1  # told once

    world.seed_products({"sku": "LAMP-1", "name": "Lamp", "price": 40, "manage_stock": True})
    assert world.run().holds_released == 1
    assert salable(world, "LAMP-1") == 2
    assert row(world, oid).latest_note == "Reserved quantity released: the order was canceled."
    assert row(world, oid).stock_held_at is None


def test_a_pending_order_holds_the_product_whatever_the_letter_case_of_its_sku(holding):
    world = holding
    oid = world.place_order([("lamp-1", 2, "40.00")])
    assert world.run().stock_held == 1
    assert salable(world, "LAMP-1") == 0  # held as the catalog spells it
    assert row(world, oid).latest_note == HELD_NOTE
    world.amazon_moves(oid, "CANCELLED")
    assert world.run().holds_released == 1
    assert salable(world, "LAMP-1") == 2


def test_read_only_mode_withholds_the_hold(holding):
    world = holding
    world.lifecycle = dataclasses.replace(world.lifecycle, read_only=True, withheld=[])
    oid = world.place_order([("LAMP-1", 1, "40.00")])
    assert world.run().stock_held == 0
    assert {"call": "hold_pending_stock", "amazon_order_id": oid} in [
        {k: v for k, v in w.items() if k != "at"} for w in world.lifecycle.withheld]
    assert salable(world, "LAMP-1") == 2 and calls(world, HOLD) == 0
    assert row(world, oid).stock_held_at is None  # held for real once read-only ends


def test_no_hold_for_an_order_that_arrived_while_import_was_disabled(holding):
    world = holding
    settings(world, import_enabled=False)
    oid = world.place_order([("LAMP-1", 2, "40.00")], status="PENDING")
    world.run()
    settings(world, import_enabled=True)
    # Seller Central's order: holding its stock now would keep it held for good (it is
    # never imported, so no Commerce order ever takes the hold over).
    assert world.run().stock_held == 0 and calls(world, HOLD) == 0
    assert salable(world, "LAMP-1") == 2
    assert row(world, oid).arrived_import_disabled
