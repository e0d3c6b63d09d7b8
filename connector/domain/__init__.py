"""The internal order model and every status the product speaks of: plain data, no I/O.

Both SP-API adapters return ``Order``; the mappings read it; the lifecycle stores it. This
package imports nothing else of the service (nor Flask, SQLAlchemy or requests), so the pure
mappings can depend on it and stay pure.
"""

from connector.domain.order import Address, Buyer, Money, Order, OrderItem
from connector.domain.statuses import (
    CANCEL_REASON_LABELS,
    BlockReason,
    CancelReason,
    CommerceState,
    FeedState,
    FulfilledBy,
    GridStatus,
    OrderStatus,
    ResyncState,
    SellerCancelState,
    StoreStatus,
    cancel_reason_label,
)

__all__ = [
    "CANCEL_REASON_LABELS",
    "Address",
    "BlockReason",
    "Buyer",
    "CancelReason",
    "CommerceState",
    "FeedState",
    "FulfilledBy",
    "GridStatus",
    "Money",
    "Order",
    "OrderItem",
    "OrderStatus",
    "ResyncState",
    "SellerCancelState",
    "StoreStatus",
    "cancel_reason_label",
]
