"""What the pages, the API and the health endpoint read: every query they need, here, so views
only render. Each function takes a session from ``reading(services)``; rows stay usable while
it is open (a template may follow their relationships).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connector.domain import GridStatus, StoreStatus
from connector.models import (
    AmazonOrder,
    ConfirmedShipment,
    OrderNote,
    OrderSettings,
    SchedulerHeartbeat,
    SkuMatch,
    Store,
    SyncState,
)
from connector.orders.dashboard import revenue
from connector.orders.services import Services

RECENT_ORDERS = 10


@contextmanager
def reading(svc: Services) -> Iterator[Session]:
    """A session for reading (it commits what a caller changed through ``set_store_status``
    and friends, and nothing else writes through it)."""
    with svc.db.session() as session:
        yield session


# -- stores ----------------------------------------------------------------------------------

def find_store(session: Session, store_id: int) -> Store | None:
    return session.get(Store, store_id)


def stores_by_name(session: Session) -> list[Store]:
    return list(session.scalars(select(Store).order_by(Store.name)))


def stores_by_id(session: Session) -> list[Store]:
    return list(session.scalars(select(Store).order_by(Store.id)))


def sync_state(session: Session, store_id: int) -> SyncState | None:
    return session.get(SyncState, store_id)


def sync_states(session: Session) -> dict[int, SyncState]:
    return {state.store_id: state for state in session.scalars(select(SyncState))}


def set_store_status(session: Session, store: Store, status: StoreStatus) -> bool:
    """Activate or deactivate; ``False`` when it already was."""
    if store.status == status:
        return False
    store.status = status
    return True


def errors_by_store(session: Session) -> dict[int, int]:
    """Orders in Error, per store."""
    return dict(session.execute(select(AmazonOrder.store_id, func.count())
                                .where(AmazonOrder.status == GridStatus.ERROR)
                                .group_by(AmazonOrder.store_id)).all())


@dataclass(frozen=True)
class StoreSyncRow:
    store: Store
    state: SyncState | None
    interval_minutes: int | None


def store_sync_rows(session: Session) -> list[StoreSyncRow]:
    """Every store with its sync state and interval (for ``/health/ready``)."""
    rows = session.execute(
        select(Store, SyncState, OrderSettings.sync_interval_minutes)
        .join(SyncState, SyncState.store_id == Store.id, isouter=True)
        .join(OrderSettings, OrderSettings.store_id == Store.id, isouter=True)
        .order_by(Store.id)).all()
    return [StoreSyncRow(store, state, interval) for store, state, interval in rows]


def last_heartbeat(session: Session) -> datetime | None:
    """The newest heartbeat of any scheduler process."""
    return session.scalar(select(func.max(SchedulerHeartbeat.beat_at)))


# -- orders ----------------------------------------------------------------------------------

def recent_orders(session: Session, store_id: int) -> list[AmazonOrder]:
    """The 10 newest orders, by purchase date (index store_id, purchase_date, id)."""
    return list(session.scalars(
        select(AmazonOrder).where(AmazonOrder.store_id == store_id)
        .order_by(AmazonOrder.purchase_date.desc(), AmazonOrder.id.desc())
        .limit(RECENT_ORDERS)))


def find_order(session: Session, store_id: int, amazon_order_id: str) -> AmazonOrder | None:
    return session.scalar(select(AmazonOrder).where(
        AmazonOrder.store_id == store_id, AmazonOrder.amazon_order_id == amazon_order_id))


def order_or_lookup_error(session: Session, store_id: int, amazon_order_id: str
                          ) -> AmazonOrder:
    """The order, for an action on it; ``LookupError`` when the store has no such order."""
    row = find_order(session, store_id, amazon_order_id)
    if row is None:
        raise LookupError(f"no order {amazon_order_id} in store {store_id}")
    return row


def order_notes(session: Session, row: AmazonOrder) -> list[OrderNote]:
    """Newest first."""
    return list(session.scalars(select(OrderNote).where(OrderNote.order_id == row.id)
                                .order_by(OrderNote.id.desc())))


def confirmed_shipments(session: Session, row: AmazonOrder) -> list[ConfirmedShipment]:
    return list(session.scalars(select(ConfirmedShipment)
                                .where(ConfirmedShipment.order_id == row.id)
                                .order_by(ConfirmedShipment.id)))


def latest_currency(session: Session, store_id: int) -> str | None:
    """The currency of the store's newest order (for the grid's amount filters)."""
    return session.scalar(select(AmazonOrder.currency).where(AmazonOrder.store_id == store_id)
                          .order_by(AmazonOrder.purchase_date.desc(), AmazonOrder.id.desc())
                          .limit(1))


def sku_matches_of(session: Session, store_id: int) -> list[SkuMatch]:
    return list(session.scalars(select(SkuMatch).where(SkuMatch.store_id == store_id)
                                .order_by(SkuMatch.amazon_sku)))


# -- sales -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DaySales:
    day: date
    currency: str | None
    amount: object  # Decimal
    orders: int


def _day_of(dialect: str):
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", AmazonOrder.purchase_date))
    return func.date(AmazonOrder.purchase_date)  # SQLite keeps UTC text


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def daily_sales(session: Session, store_id: int, first: date, last: date) -> list[DaySales]:
    """Revenue and order count per day (UTC) and currency: orders with an amount (a Pending
    order has none yet), canceled and Error orders left out, as Adobe's "Amazon Store Sales
    Revenue" does."""
    day = _day_of(session.get_bind().dialect.name)
    rows = session.execute(
        select(day, AmazonOrder.currency, func.sum(AmazonOrder.order_total), func.count())
        .where(*revenue(store_id),
               AmazonOrder.purchase_date >= datetime.combine(first, time.min, tzinfo=UTC))
        .group_by(day, AmazonOrder.currency)).all()
    return [DaySales(_as_date(raw), currency, amount, count)
            for raw, currency, amount, count in rows if _as_date(raw) <= last]
