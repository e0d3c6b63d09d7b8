"""Stock reservations for imported merchant-fulfilled orders.

``POST /V1/orders`` places no MSI reservations, so without help Commerce over-reports salable
quantity once the order ships. With the store's strategy ``module``, the companion module's
endpoint places them the way Magento's own checkout does; it is idempotent, so a failed or
repeated call is safe and simply tried again next run. ``cli-recipe`` leaves it to Magento's
reservation commands run from cron; ``none`` does nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from connector.commerce import CommerceClient, CommerceError
from connector.models import AmazonOrder, OrderSettings
from connector.order_settings import MODULE_STRATEGY
from connector.orders.context import Lifecycle
from connector.orders.records import add_note

MODULE = MODULE_STRATEGY  # the strategies and their wording: connector.order_settings


def place_missing_reservations(lc: Lifecycle, store_id: int, commerce: CommerceClient) -> int:
    with lc.db.session() as session:
        strategy = session.get(OrderSettings, store_id).reservation_strategy
        if strategy != MODULE:
            return 0
        pending = session.execute(
            select(AmazonOrder.id, AmazonOrder.commerce_order_id, AmazonOrder.latest_note)
            .where(AmazonOrder.store_id == store_id, AmazonOrder.fulfilled_by == "MERCHANT",
                   AmazonOrder.commerce_order_id.is_not(None),
                   AmazonOrder.reservations_placed_at.is_(None),
                   AmazonOrder.status != "Canceled")
            .order_by(AmazonOrder.id)).all()
    placed = 0
    for row_id, commerce_id, latest_note in pending:
        if lc.read_only:
            lc.withhold("place_reservations", commerce_order_id=commerce_id)
            continue
        try:
            commerce.place_reservations(commerce_id)
        except CommerceError as failed:
            note = f"Stock reservations not placed yet: {failed}. Will retry."
            if latest_note != note:
                with lc.db.session() as session:
                    add_note(session, session.get(AmazonOrder, row_id), note)
            continue
        with lc.db.session() as session:
            session.get(AmazonOrder, row_id).reservations_placed_at = lc.clock()
        placed += 1
    return placed
