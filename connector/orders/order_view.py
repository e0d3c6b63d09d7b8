"""What Amazon Order Details says about an order beyond Amazon's own fields: whether stock was
reserved for it under the store's strategy, what it can do next (fix the SKU, fix the address,
import it on request), in the merchant's words."""

from __future__ import annotations

from dataclasses import dataclass

from connector.domain import BlockReason, FulfilledBy, GridStatus
from connector.models import AmazonOrder, OrderSettings
from connector.order_settings import MODULE_STRATEGY
from connector.orders.actions import import_refusal
from connector.orders.address import address_editable
from connector.orders.importer import left_to_seller_central

#: Blocks the SKU matching page can fix (the SKU, or the product it is matched to).
SKU_BLOCKS = (BlockReason.NOT_IN_CATALOG, BlockReason.DISABLED, BlockReason.NOT_SALABLE)


def inventory_reserved(row: AmazonOrder, settings: OrderSettings | None) -> str:
    """What happened to Commerce stock for this order, under the store's reservation
    strategy (``none`` reserves nothing, whatever else is true)."""
    strategy = settings.reservation_strategy if settings else "none"
    if row.fulfilled_by == FulfilledBy.AMAZON:
        return "No: fulfilled by Amazon, Commerce stock is not used"
    if row.commerce_order_id is None:
        if row.stock_held_at is not None and row.stock_hold:
            return "Held while Pending by the companion module"
        return "No: the order is not in Commerce"
    if strategy == MODULE_STRATEGY:
        if row.reservations_placed_at is not None:
            return "Yes: placed by the companion module"
        return "Not yet: the companion module is asked again at the next sync"
    if strategy == "cli-recipe":
        return "Left to Magento's reservation commands run from cron"
    return "No: the store's reservation strategy is None (nothing is reserved)"


@dataclass(frozen=True)
class OrderActions:
    """What the details page offers for the order, and why not when it does not."""

    address_editable: bool
    #: The Amazon SKU to match (SKU matching can unblock the order).
    match_sku: str | None
    #: First seen while import was disabled and not asked for: Seller Central's.
    left_to_seller_central: bool
    #: The merchant may ask for the import now (import on, not imported, not canceled).
    can_request_import: bool
    #: Why not, for an order left to Seller Central.
    import_refusal: str | None


def order_actions(row: AmazonOrder, settings: OrderSettings | None) -> OrderActions:
    enabled = bool(settings and settings.import_enabled)
    blocked_sku = (row.blocked_sku if row.status == GridStatus.ERROR
                   and row.blocked_reason in SKU_BLOCKS else None)
    left = left_to_seller_central(row)
    refusal = import_refusal(row, enabled) if left else None
    return OrderActions(address_editable=address_editable(row, enabled),
                        match_sku=blocked_sku, left_to_seller_central=left,
                        can_request_import=left and refusal is None, import_refusal=refusal)
