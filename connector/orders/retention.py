"""Retention: buyer PII (name, email, address, the words of a cancellation request) is removed
from orders that have been final for 30 days, as Amazon's Data Protection Policy asks. The order
stays listed, with its amounts and notes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import select

from connector.domain import GridStatus
from connector.models import AmazonOrder
from connector.orders.records import add_note
from connector.orders.services import Services
from connector.orders.snapshot import dump_order, load_order

RETENTION = timedelta(days=30)
FINAL = (GridStatus.COMPLETED, GridStatus.CANCELED)
BATCH = 500


def remove_expired_pii(svc: Services, retention: timedelta = RETENTION) -> int:
    """Strip buyer name, email and address from final orders untouched for ``retention``."""
    cutoff = svc.clock() - retention
    removed = 0
    while True:
        with svc.db.session() as session:
            rows = list(session.scalars(
                select(AmazonOrder).where(AmazonOrder.status.in_(FINAL),
                                          AmazonOrder.updated_at < cutoff,
                                          AmazonOrder.pii_removed_at.is_(None))
                .order_by(AmazonOrder.id).limit(BATCH)))
            for row in rows:
                order = load_order(row.order_data)
                anonymous = dataclasses.replace(
                    order, buyer=dataclasses.replace(order.buyer, name=None, email=None),
                    shipping_address=None,
                    items=tuple(dataclasses.replace(item, buyer_cancel_reason=None)
                                for item in order.items))  # the buyer's own words
                row.order_data = dump_order(anonymous)
                row.buyer_name = row.buyer_name_key = row.buyer_email = None
                row.buyer_cancel_reason = None
                row.shipping_address = None
                row.pii_removed_at = svc.clock()
                add_note(session, row, "Buyer's personal data removed (kept 30 days after the "
                                       "order was final).", svc.clock())
            removed += len(rows)
        if len(rows) < BATCH:
            return removed
