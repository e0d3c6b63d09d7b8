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
from connector.domain import FulfilledBy, GridStatus
from connector.models import AmazonOrder, OrderSettings
from connector.order_settings import MODULE_STRATEGY
from connector.orders.records import note_once
from connector.orders.services import Services

MODULE = MODULE_STRATEGY  # the strategies and their wording: connector.order_settings


def place_missing_reservations(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    with svc.db.session() as session:
        strategy = session.get(OrderSettings, store_id).reservation_strategy
        if strategy != MODULE:
            return 0
        pending = session.execute(
            select(AmazonOrder.id, AmazonOrder.commerce_order_id)
            .where(AmazonOrder.store_id == store_id,
                   AmazonOrder.fulfilled_by == FulfilledBy.MERCHANT,
                   AmazonOrder.commerce_order_id.is_not(None),
                   AmazonOrder.reservations_placed_at.is_(None),
                   AmazonOrder.status != GridStatus.CANCELED)
            .order_by(AmazonOrder.id)).all()
    placed = 0
    for row_id, commerce_id in pending:
        if svc.read_only:
            svc.withhold("place_reservations", commerce_order_id=commerce_id)
            continue
        try:
            commerce.place_reservations(commerce_id)
        except CommerceError as failed:
            with svc.db.session() as session:
                note_once(session, session.get(AmazonOrder, row_id),
                          f"Stock reservations not placed yet: {failed}. Will retry.",
                          svc.clock())
            continue
        with svc.db.session() as session:
            session.get(AmazonOrder, row_id).reservations_placed_at = svc.clock()
        placed += 1
    return placed
