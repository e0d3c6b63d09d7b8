"""Amazon statuses in the grids, and which ones make an order importable."""

import pytest

from connector.domain import FulfilledBy, OrderStatus
from mappings import GRID_STATUSES, grid_status, is_importable, order_is_importable
from tests.mappings.builders import order


@pytest.mark.parametrize("amazon, grid", [
    ("Pending", "Pending"), ("PENDING", "Pending"), ("Unshipped", "Unshipped"),
    ("PARTIALLY_SHIPPED", "PartiallyShipped"), ("Shipped", "Shipped"),
    ("Canceled", "Canceled"), ("CANCELLED", "Canceled"),
    ("PendingAvailability", "PendingAvailability"), ("Unfulfillable", "Unfulfillable"),
    ("InvoiceUnconfirmed", "InvoiceUnconfirmed"),
])
def test_grid_status(amazon, grid):
    assert grid_status(amazon) == grid


def test_every_model_status_has_a_grid_status():
    assert {grid_status(s) for s in OrderStatus} | {"Error", "Completed"} == set(GRID_STATUSES)


def test_unknown_status_is_an_error():
    with pytest.raises(ValueError, match="Lost"):
        grid_status("Lost")


@pytest.mark.parametrize("status", list(OrderStatus))
def test_merchant_orders_import_once_unshipped(status):
    expected = status.value in {"Unshipped", "PartiallyShipped", "Shipped"}
    assert is_importable(status, FulfilledBy.MERCHANT) is expected


@pytest.mark.parametrize("status", list(OrderStatus))
def test_amazon_fulfilled_orders_import_only_when_shipped(status):
    assert is_importable(status, FulfilledBy.AMAZON) is (status.value == "Shipped")


def test_order_is_importable_reads_the_order():
    assert order_is_importable(order(status=OrderStatus.UNSHIPPED))
    assert not order_is_importable(order(status=OrderStatus.UNSHIPPED,
                                         fulfilled_by=FulfilledBy.AMAZON))
    assert is_importable("SHIPPED", "AMAZON")
