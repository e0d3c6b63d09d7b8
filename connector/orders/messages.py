"""The admin-wide message raised while any store has orders that cannot be imported."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from connector.domain import GridStatus
from connector.models import AmazonOrder, Store

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
