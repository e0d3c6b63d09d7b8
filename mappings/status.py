"""Amazon's order status -> the status the connector's grids show, and which statuses make an
order importable into Commerce. The statuses themselves are defined in
``connector.domain.statuses``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connector.domain.statuses import FulfilledBy, GridStatus

if TYPE_CHECKING:
    from connector.domain import Order

# Every status a grid can show, in the order of the All Orders status filter.
GRID_STATUSES = (GridStatus.ERROR, GridStatus.PENDING, GridStatus.SHIPPED, GridStatus.CANCELED,
                 GridStatus.COMPLETED, GridStatus.UNSHIPPED, GridStatus.PARTIALLY_SHIPPED,
                 GridStatus.PENDING_AVAILABILITY, GridStatus.UNFULFILLABLE,
                 GridStatus.INVOICE_UNCONFIRMED)

#: Amazon's other spellings (Orders v2026 and British English) -> the grid status; Amazon's v0
#: spelling is the grid status's own value.
_V2026_AND_VARIANTS = {
    "PENDING": GridStatus.PENDING, "PENDING_AVAILABILITY": GridStatus.PENDING_AVAILABILITY,
    "UNSHIPPED": GridStatus.UNSHIPPED, "PARTIALLY_SHIPPED": GridStatus.PARTIALLY_SHIPPED,
    "SHIPPED": GridStatus.SHIPPED, "Cancelled": GridStatus.CANCELED,
    "CANCELED": GridStatus.CANCELED, "CANCELLED": GridStatus.CANCELED,
    "UNFULFILLABLE": GridStatus.UNFULFILLABLE,
    "INVOICE_UNCONFIRMED": GridStatus.INVOICE_UNCONFIRMED,
}
_CONNECTORS_OWN = (GridStatus.ERROR, GridStatus.COMPLETED)

# Amazon's spellings in Orders v0 and v2026 -> the grid status.
AMAZON_TO_GRID = {**{s.value: s for s in GridStatus if s not in _CONNECTORS_OWN},
                  **_V2026_AND_VARIANTS}

# Grid labels, as the status filter shows them.
GRID_LABELS = {
    GridStatus.PENDING: "Pending", GridStatus.PENDING_AVAILABILITY: "Pending Availability",
    GridStatus.UNSHIPPED: "Unshipped", GridStatus.PARTIALLY_SHIPPED: "Partially Shipped",
    GridStatus.SHIPPED: "Shipped", GridStatus.CANCELED: "Canceled",
    GridStatus.UNFULFILLABLE: "Unfulfillable",
    GridStatus.INVOICE_UNCONFIRMED: "Invoice Unconfirmed", GridStatus.ERROR: "Error",
    GridStatus.COMPLETED: "Completed",
}

# When a Commerce order is created: merchant-fulfilled orders once Amazon has verified the
# payment (Unshipped) or later; Amazon-fulfilled orders only once Amazon shipped them.
IMPORTABLE_STATUSES = {
    FulfilledBy.MERCHANT: frozenset({GridStatus.UNSHIPPED, GridStatus.PARTIALLY_SHIPPED,
                                     GridStatus.SHIPPED}),
    FulfilledBy.AMAZON: frozenset({GridStatus.SHIPPED}),
}


def grid_status(amazon_status: str) -> GridStatus:
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
