"""What an order walk yields: one page of parsed orders and the bound Amazon applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from connector.amazon.errors import InvalidOrderData
from connector.domain import Order


@dataclass(frozen=True)
class RejectedOrder:
    """An order Amazon returned that could not be parsed; the walk goes on without it."""

    order_id: str | None
    error: InvalidOrderData


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    #: The upper bound of the window, as Amazon echoed it (``lastUpdatedBefore``). Once the
    #: last page is handled, every order updated up to here has been seen.
    until: datetime
    has_more: bool
    rejected: list[RejectedOrder] = field(default_factory=list)
