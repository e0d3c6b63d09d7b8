"""Amazon's order status -> the status the connector's grids show, and which statuses make an
order importable into Commerce."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connector.amazon.model import Order

PENDING = "Pending"
PENDING_AVAILABILITY = "PendingAvailability"
UNSHIPPED = "Unshipped"
PARTIALLY_SHIPPED = "PartiallyShipped"
SHIPPED = "Shipped"
CANCELED = "Canceled"
UNFULFILLABLE = "Unfulfillable"
INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"
# The connector's own: the order cannot be imported (a note says why); the Commerce order
# reached Complete.
ERROR = "Error"
COMPLETED = "Completed"

# Every status a grid can show, in the order of the All Orders status filter.
GRID_STATUSES = (ERROR, PENDING, SHIPPED, CANCELED, COMPLETED, UNSHIPPED, PARTIALLY_SHIPPED,
                 PENDING_AVAILABILITY, UNFULFILLABLE, INVOICE_UNCONFIRMED)

# Amazon's spellings in Orders v0 and v2026 -> the grid status.
AMAZON_TO_GRID = {
    "Pending": PENDING, "PENDING": PENDING,
    "PendingAvailability": PENDING_AVAILABILITY, "PENDING_AVAILABILITY": PENDING_AVAILABILITY,
    "Unshipped": UNSHIPPED, "UNSHIPPED": UNSHIPPED,
    "PartiallyShipped": PARTIALLY_SHIPPED, "PARTIALLY_SHIPPED": PARTIALLY_SHIPPED,
    "Shipped": SHIPPED, "SHIPPED": SHIPPED,
    "Canceled": CANCELED, "Cancelled": CANCELED, "CANCELED": CANCELED, "CANCELLED": CANCELED,
    "Unfulfillable": UNFULFILLABLE, "UNFULFILLABLE": UNFULFILLABLE,
    "InvoiceUnconfirmed": INVOICE_UNCONFIRMED, "INVOICE_UNCONFIRMED": INVOICE_UNCONFIRMED,
}

# Grid labels, as the status filter shows them.
GRID_LABELS = {
    PENDING: "Pending", PENDING_AVAILABILITY: "Pending Availability", UNSHIPPED: "Unshipped",
    PARTIALLY_SHIPPED: "Partially Shipped", SHIPPED: "Shipped", CANCELED: "Canceled",
    UNFULFILLABLE: "Unfulfillable", INVOICE_UNCONFIRMED: "Invoice Unconfirmed",
    ERROR: "Error", COMPLETED: "Completed",
}

# When a Commerce order is created: merchant-fulfilled orders once Amazon has verified the
# payment (Unshipped) or later; Amazon-fulfilled orders only once Amazon shipped them.
IMPORTABLE_STATUSES = {
    "MERCHANT": frozenset({UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED}),
    "AMAZON": frozenset({SHIPPED}),
}


def grid_status(amazon_status: str) -> str:
    """The grid status for Amazon's status (either API's spelling)."""
    try:
        return AMAZON_TO_GRID[str(amazon_status)]
    except KeyError:
        raise ValueError(f"unknown Amazon order status {amazon_status!r}") from None


def is_importable(status: str, fulfilled_by: str) -> bool:
    """Whether an order in this Amazon status gets a Commerce order."""
    allowed = IMPORTABLE_STATUSES.get(str(fulfilled_by), frozenset())
    return AMAZON_TO_GRID.get(str(status)) in allowed


def order_is_importable(order: Order) -> bool:
    return is_importable(order.status, order.fulfilled_by)
