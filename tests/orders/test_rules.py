"""The lifecycle's core rules on their own, against an in-memory Commerce: what blocks an
import, how a passing failure backs off, when a Pending order's hold goes, and which orders
wait for a Commerce order."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from connector.domain import BlockReason, FulfilledBy, GridStatus, OrderStatus
from connector.models import AmazonOrder
from connector.orders.blockers import Catalog, StoreView, check_blockers
from connector.orders.importer import pending_imports, retry_delay
from connector.orders.outcomes import OrderBlocked
from connector.orders.pending_holds import _release_reason
from connector.orders.records import record_order
from tests.orders.commerce_double import InMemoryCommerce
from tests.orders.factories import T0, make_order, make_store

VIEW = StoreView(store_id=1, website_id=1, website_code="base", stock_id=1)


def blockers(order, commerce, matches=None, held=None, view=VIEW):
    return check_blockers(order, matches or {}, Catalog(commerce), view, held)


# -- check_blockers --------------------------------------------------------------------------

def test_an_unknown_sku_blocks_with_the_amazon_sku_to_match():
    with pytest.raises(OrderBlocked) as blocked:
        blockers(make_order(sku="AMZ-ONLY"), InMemoryCommerce({"MUG-1": {}}))
    assert blocked.value.reason == BlockReason.NOT_IN_CATALOG
    assert blocked.value.sku == "AMZ-ONLY"
    assert str(blocked.value) == ('Cannot create sales order: Product "AMZ-ONLY" in order is '
                                  "not in the Commerce catalog. Match the SKU or add the "
                                  "product.")


def test_a_matched_sku_is_looked_up_under_the_commerce_sku():
    commerce = InMemoryCommerce({"MUG-1": {}}, salable={"MUG-1": 5})
    found = blockers(make_order(sku="AMZ-ONLY"), commerce, matches={"AMZ-ONLY": "MUG-1"})
    assert found["AMZ-ONLY"].sku == "MUG-1"
    assert ("get_product", "AMZ-ONLY") not in commerce.calls


def test_a_disabled_product_blocks():
    with pytest.raises(OrderBlocked) as blocked:
        blockers(make_order(sku="LAMP"), InMemoryCommerce({"LAMP": {"status": 2}},
                                                          salable={"LAMP": 9}))
    assert blocked.value.reason == BlockReason.DISABLED
    assert str(blocked.value) == ('Cannot create sales order: Product "LAMP" in order is '
                                  "disabled")


def test_a_merchant_order_needs_the_whole_quantity_salable():
    commerce = InMemoryCommerce({"MUG-1": {}}, salable={"MUG-1": 2})
    assert blockers(make_order(sku="MUG-1", qty=2), commerce)["MUG-1"].sku == "MUG-1"
    with pytest.raises(OrderBlocked) as blocked:
        blockers(make_order(sku="MUG-1", qty=3), commerce)
    assert blocked.value.reason == BlockReason.NOT_SALABLE


def test_lines_of_one_sku_are_checked_together():
    order = make_order(sku="MUG-1", qty=2)
    twice = order.__class__(**{**order.__dict__, "items": order.items * 2})
    with pytest.raises(OrderBlocked):
        blockers(twice, InMemoryCommerce({"MUG-1": {}}, salable={"MUG-1": 3}))


def test_an_amazon_fulfilled_order_takes_no_stock_so_salability_is_not_asked():
    commerce = InMemoryCommerce({"MUG-1": {}}, salable={})
    blockers(make_order(sku="MUG-1", fulfilled_by=FulfilledBy.AMAZON), commerce)
    assert [c for c in commerce.calls if c[0] == "is_salable"] == []


def test_the_orders_own_pending_hold_counts_as_available():
    commerce = InMemoryCommerce({"MUG-1": {}}, salable={"MUG-1": 0})
    blockers(make_order(sku="MUG-1", qty=2), commerce, held={"MUG-1": 2})
    with pytest.raises(OrderBlocked):  # a hold of one leaves one to find
        blockers(make_order(sku="MUG-1", qty=2), commerce, held={"MUG-1": 1})


def test_without_msi_the_legacy_stock_decides():
    legacy = InMemoryCommerce({"MUG-1": {}}, msi=False,
                              stock={"MUG-1": {"qty": 1, "is_in_stock": True}})
    blockers(make_order(sku="MUG-1", qty=1), legacy)
    with pytest.raises(OrderBlocked):
        blockers(make_order(sku="MUG-1", qty=2), legacy)
    unmanaged = InMemoryCommerce({"MUG-1": {}}, msi=False, stock={"MUG-1": {
        "qty": 0, "is_in_stock": True, "manage_stock": False}})
    blockers(make_order(sku="MUG-1", qty=50), unmanaged)


def test_each_sku_is_asked_of_commerce_once_per_run():
    commerce = InMemoryCommerce({"MUG-1": {}}, salable={"MUG-1": 99})
    catalog = Catalog(commerce)
    for _ in range(3):
        check_blockers(make_order(sku="MUG-1"), {}, catalog, VIEW)
    assert commerce.calls.count(("get_product", "MUG-1")) == 1


# -- retry backoff ---------------------------------------------------------------------------

def test_passing_failures_back_off_doubling_up_to_an_hour():
    assert [retry_delay(n) for n in range(1, 9)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]
    assert retry_delay(500) == timedelta(hours=1)


# -- when a Pending order's hold goes --------------------------------------------------------

def settings(**overrides):
    values = {"import_enabled": True, "reserve_pending": True, "reservation_strategy": "module"}
    return SimpleNamespace(**{**values, **overrides})


def held_row(**overrides):
    values = {"status": GridStatus.PENDING, "commerce_order_id": None,
              "reservations_placed_at": None, "arrived_import_disabled": False,
              "import_requested_at": None}
    return SimpleNamespace(**{**values, **overrides})


def test_a_hold_stays_while_the_order_is_pending_and_holds_are_wanted():
    assert _release_reason(held_row(), settings()) is None


def test_a_canceled_order_releases_its_hold_with_a_note():
    assert _release_reason(held_row(status=GridStatus.CANCELED), settings()) == (
        "Reserved quantity released: the order was canceled.")


def test_the_commerce_order_takes_over_once_its_own_reservations_are_placed():
    imported = held_row(status=GridStatus.UNSHIPPED, commerce_order_id=7)
    assert _release_reason(imported, settings()) is None  # not yet: stock would be free
    placed = held_row(status=GridStatus.UNSHIPPED, commerce_order_id=7,
                      reservations_placed_at=T0)
    assert _release_reason(placed, settings()) == ""
    assert _release_reason(imported, settings(reservation_strategy="none")) == ""


@pytest.mark.parametrize("change", [{"reserve_pending": False}, {"import_enabled": False},
                                    {"reservation_strategy": "cli-recipe"}])
def test_turning_holds_off_releases_them_with_a_note(change):
    assert _release_reason(held_row(), settings(**change)) == (
        "Reserved quantity released: Pending orders no longer reserve quantity.")


# -- which orders wait for a Commerce order --------------------------------------------------

def test_pending_imports_are_the_importable_orders_whose_retry_time_has_come(app):
    db = app.extensions["connector_db"]
    with db.session() as s:
        store = make_store(s)
        early = make_store(s, name="Connected later", integration_time=T0 + timedelta(days=1))
        rows = {}
        for oid, status, purchased, by in [
                ("1-oldest", OrderStatus.UNSHIPPED, T0 - timedelta(hours=2),
                 FulfilledBy.MERCHANT),
                ("2-newer", OrderStatus.PARTIALLY_SHIPPED, T0 - timedelta(hours=1),
                 FulfilledBy.MERCHANT),
                ("3-pending", OrderStatus.PENDING, T0, FulfilledBy.MERCHANT),
                ("4-fba-unshipped", OrderStatus.UNSHIPPED, T0, FulfilledBy.AMAZON),
                ("5-fba-shipped", OrderStatus.SHIPPED, T0, FulfilledBy.AMAZON),
                ("6-canceled", OrderStatus.CANCELED, T0, FulfilledBy.MERCHANT),
                ("7-imported", OrderStatus.UNSHIPPED, T0, FulfilledBy.MERCHANT),
                ("8-backing-off", OrderStatus.UNSHIPPED, T0, FulfilledBy.MERCHANT),
                ("9-retry-due", OrderStatus.UNSHIPPED, T0, FulfilledBy.MERCHANT)]:
            rows[oid] = record_order(s, store, make_order(oid, status=status, purchased=purchased,
                                                          fulfilled_by=by), at=T0).row
        rows["before"] = record_order(s, early, make_order("0-before"), at=T0).row
        s.flush()
        rows["7-imported"].commerce_order_id = 70
        rows["8-backing-off"].next_attempt_at = T0 + timedelta(minutes=4)
        rows["9-retry-due"].next_attempt_at = T0 - timedelta(seconds=1)
        store_id, early_id = store.id, early.id
    with db.session() as s:
        waiting = [s.get(AmazonOrder, i).amazon_order_id
                   for i in pending_imports(s, store_id, T0)]
        assert waiting == ["1-oldest", "2-newer", "5-fba-shipped", "9-retry-due"]
        assert pending_imports(s, early_id, T0) == []  # placed before it was connected
        later = [s.get(AmazonOrder, i).amazon_order_id
                 for i in pending_imports(s, store_id, T0 + timedelta(minutes=5))]
        assert "8-backing-off" in later
