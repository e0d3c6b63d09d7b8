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
from connector.orders.notification_setup import notification_states
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
        *_notifications(session, now),
    ]


def _notifications(session: Session, now: datetime) -> list[Gauge]:
    """Stores with ORDER_CHANGE notifications: the last message's lag (Amazon sending it to
    its order committed here), the seconds since it came, and whether messages flow (1) or the
    sync's short interval is back in force (0)."""
    states = notification_states(session, now)
    lag, age, flowing = [], [], []
    for store_id, state in sorted(states.items()):
        label = (str(store_id),)
        if state.lag_seconds is not None:
            lag.append((label, float(state.lag_seconds)))
        if state.last_message_at is not None:
            age.append((label, max(0.0, (now - state.last_message_at).total_seconds())))
        flowing.append((label, 1.0 if state.healthy else 0.0))
    return [
        ("connector_store_notification_lag_seconds", "Seconds from Amazon sending the last "
         "ORDER_CHANGE notification to its order committed here.", ("store",), lag),
        ("connector_store_notification_age_seconds", "Seconds since the last ORDER_CHANGE "
         "notification arrived.", ("store",), age),
        ("connector_store_notifications_flowing", "1 while ORDER_CHANGE notifications flow "
         "(the sync relaxes), 0 when the store's own interval is back in force.", ("store",),
         flowing),
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
