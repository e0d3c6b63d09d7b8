"""What monitoring reads per store, gathered from the lifecycle's own queries when ``/metrics``
is asked: one gauge per line below, so a new per-store figure is one line more."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connector.domain import StoreStatus
from connector.metrics import Gauge
from connector.models import AmazonOrder
from connector.orders.buyer_cancel import buyer_cancellation_counts
from connector.orders.queries import errors_by_store, store_sync_rows


def store_gauges(session: Session, now: datetime) -> list[Gauge]:
    rows = store_sync_rows(session)
    stores = [str(row.store.id) for row in rows]
    return [
        _sync_lag(rows, now),
        _per_store("connector_store_orders_in_error", "Orders in Error.", stores,
                   errors_by_store(session)),
        _per_store("connector_store_buyer_cancellation_requests", "Orders whose buyer asked "
                   "Amazon to cancel, not settled yet.", stores,
                   buyer_cancellation_counts(session)),
        _orders_by_status(session),
        # Notification lag per store (ORDER_CHANGE notifications) goes here, as one more line.
    ]


def _sync_lag(rows, now: datetime) -> Gauge:
    """Seconds since the last good sync (since the store was added, before its first one);
    active stores only, so a paused store never alerts."""
    samples = []
    for row in rows:
        if row.store.status != StoreStatus.ACTIVE:
            continue
        since = (row.state.last_success_at if row.state else None) or row.store.created_at
        samples.append(((str(row.store.id),), max(0.0, (now - since).total_seconds())))
    return ("connector_store_sync_lag_seconds", "Seconds since the store's last good sync.",
            ("store",), samples)


def _per_store(name: str, help_text: str, stores: list[str], counts: dict[int, int]) -> Gauge:
    return (name, help_text, ("store",),
            [((store,), float(counts.get(int(store), 0))) for store in stores])


def _orders_by_status(session: Session) -> Gauge:
    rows = session.execute(select(AmazonOrder.store_id, AmazonOrder.status, func.count())
                           .group_by(AmazonOrder.store_id, AmazonOrder.status)).all()
    return ("connector_store_orders", "Orders per store and status.", ("store", "status"),
            [((str(store), str(status)), float(count)) for store, status, count in rows])
