"""The admin-wide messages: raised while any store has orders that cannot be imported, and
while buyers' cancellation requests wait for the merchant. Both clear by themselves."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from connector.domain import GridStatus
from connector.models import AmazonOrder, Store
from connector.orders.buyer_cancel import buyer_cancellation_counts

TEMPLATE = ("Your Amazon store(s) has orders that cannot be imported into Commerce. "
            "See Recent Orders in the store dashboard(s): {stores}")


def stores_with_blocked_orders(session: Session) -> list[Store]:
    blocked = select(AmazonOrder.store_id).where(AmazonOrder.status == GridStatus.ERROR).distinct()
    return list(session.scalars(select(Store).where(Store.id.in_(blocked)).order_by(Store.name)))


def system_message(session: Session) -> str | None:
    """The message's exact text, or ``None`` when nothing is blocked (it clears by itself)."""
    stores = stores_with_blocked_orders(session)
    if not stores:
        return None
    return message_for(stores)


def message_for(stores: list[Store]) -> str:
    return TEMPLATE.format(stores=", ".join(store.name for store in stores))


def stores_with_buyer_requests(session: Session) -> list[tuple[Store, int]]:
    """Stores with orders whose buyer asked to cancel, and how many, by store name."""
    counts = buyer_cancellation_counts(session)
    if not counts:
        return []
    stores = session.scalars(select(Store).where(Store.id.in_(counts)).order_by(Store.name))
    return [(store, counts[store.id]) for store in stores]


def buyer_requests_message(stores: list[tuple[Store, int]]) -> str | None:
    """``N orders have a buyer's cancellation request.``, or ``None`` when none has."""
    total = sum(count for _, count in stores)
    if not total:
        return None
    return (f"{total} order{'s have' if total != 1 else ' has'} a buyer's cancellation "
            "request. Cancel them before they ship.")
