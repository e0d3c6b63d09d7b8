"""The one internal Amazon order model.

Both SP-API adapters (Orders v2026-01-01 and v0) return these dataclasses, and the mappings
read them. Nothing outside ``connector.amazon`` sees raw SP-API JSON. Money is ``Decimal``
with its currency; times are aware UTC datetimes; PII that Amazon withheld is ``None``,
never an empty string that looks real.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from connector.domain.statuses import FulfilledBy, OrderStatus


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")


@dataclass(frozen=True)
class Address:
    """A delivery address. Every field may be ``None`` when Amazon withheld it."""

    name: str | None = None
    company: str | None = None
    line1: str | None = None
    line2: str | None = None
    line3: str | None = None
    city: str | None = None
    county: str | None = None
    district: str | None = None
    state_or_region: str | None = None
    municipality: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone: str | None = None
    address_type: str | None = None  # RESIDENTIAL | COMMERCIAL


@dataclass(frozen=True)
class Buyer:
    name: str | None = None
    email: str | None = None
    company: str | None = None
    purchase_order_number: str | None = None


@dataclass(frozen=True)
class OrderItem:
    order_item_id: str
    seller_sku: str | None
    asin: str | None
    title: str | None
    quantity_ordered: int
    quantity_shipped: int = 0
    condition: str | None = None
    # Price of one unit, and of the whole line (unit x quantity), before tax.
    unit_price: Money | None = None
    line_price: Money | None = None
    item_tax: Money | None = None
    shipping_price: Money | None = None
    shipping_tax: Money | None = None
    # Discounts are positive amounts taken off (Amazon reports them either sign).
    promotion_discount: Money | None = None
    promotion_discount_tax: Money | None = None
    shipping_discount: Money | None = None
    shipping_discount_tax: Money | None = None
    gift_wrap_price: Money | None = None
    gift_wrap_tax: Money | None = None
    promotion_ids: tuple[str, ...] = ()
    #: The buyer asked Amazon to cancel this item (v2026 ``cancellation.cancellationRequest``,
    #: v0 ``BuyerRequestedCancel``), and why, in the buyer's words when Amazon gives them.
    buyer_cancel_requested: bool = False
    buyer_cancel_reason: str | None = None


@dataclass(frozen=True)
class Order:
    order_id: str
    marketplace_id: str | None
    status: OrderStatus
    fulfilled_by: FulfilledBy
    purchase_date: datetime
    last_updated: datetime
    order_total: Money | None = None
    buyer: Buyer = field(default_factory=Buyer)
    shipping_address: Address | None = None
    ship_service_level: str | None = None
    latest_ship_date: datetime | None = None
    is_prime: bool = False
    is_business: bool = False
    is_premium: bool = False
    is_replacement: bool = False
    seller_order_id: str | None = None
    sales_channel: str | None = None
    items: tuple[OrderItem, ...] = ()
    #: What parsing changed in Amazon's text ("buyer.buyerName: cut to 255 characters"); the
    #: order is imported all the same, with a note.
    text_changes: tuple[str, ...] = ()

    @property
    def buyer_asked_to_cancel(self) -> bool:
        """Amazon reports a buyer's cancellation request on the items, not the order."""
        return any(item.buyer_cancel_requested for item in self.items)

    @property
    def buyer_cancel_reason(self) -> str | None:
        """The buyer's reason (the first item that gives one), or ``None``."""
        return next((item.buyer_cancel_reason for item in self.items
                     if item.buyer_cancel_requested and item.buyer_cancel_reason), None)

    @property
    def currency(self) -> str | None:
        if self.order_total is not None:
            return self.order_total.currency
        for item in self.items:
            if item.line_price is not None:
                return item.line_price.currency
        return None
