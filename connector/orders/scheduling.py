"""What the scheduled jobs ask before they run: which stores are due, and that this process
is alive (its heartbeat feeds ``/health/ready``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from connector.domain import StoreStatus
from connector.models import OrderSettings, SchedulerHeartbeat, Store, SyncState
from connector.orders.notification_setup import notification_states
from connector.orders.services import Services


def due_stores(svc: Services) -> list[int]:
    """Active stores whose sync interval has passed since their last run: their own, or the
    relaxed one while their ORDER_CHANGE notifications flow (``notification_setup``)."""
    now = svc.clock()
    with svc.db.session() as session:
        rows = session.execute(
            select(Store.id, OrderSettings.sync_interval_minutes, SyncState.last_run_at)
            .join(OrderSettings, OrderSettings.store_id == Store.id)
            .join(SyncState, SyncState.store_id == Store.id)
            .where(Store.status == StoreStatus.ACTIVE).order_by(Store.id)).all()
        notified = notification_states(session, now, {r[0]: r[1] for r in rows})
    due = []
    for store_id, minutes, last_run in rows:
        if store_id in notified:
            minutes = notified[store_id].sync_interval_minutes
        if last_run is None or now - last_run >= timedelta(minutes=minutes):
            due.append(store_id)
    return due


def active_stores(svc: Services) -> list[int]:
    with svc.db.session() as session:
        return list(session.scalars(select(Store.id)
                                    .where(Store.status == StoreStatus.ACTIVE)
                                    .order_by(Store.id)))


def beat(svc: Services) -> None:
    """This scheduler process is alive."""
    with svc.db.session() as session:
        heartbeat = session.get(SchedulerHeartbeat, svc.owner)
        if heartbeat is None:
            session.add(SchedulerHeartbeat(owner=svc.owner, beat_at=svc.clock()))
        else:
            heartbeat.beat_at = svc.clock()
