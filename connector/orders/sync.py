"""Sync: bring a store's changed Amazon orders into the local table.

The watermark is the upper bound of the last window whose every page was committed; each sync
overlaps the previous window by a few minutes, and a newer ``last_updated`` wins, so replays are
harmless. A throttled walk raises before the watermark moves: the next run reads the window
again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import InterfaceError, OperationalError, StatementError

from connector.amazon import AmazonClient
from connector.amazon.errors import InvalidOrderData
from connector.amazon.page import RejectedOrder
from connector.models import AmazonOrder, Store, SyncState
from connector.orders.records import known_rows, note_once, record_order
from connector.orders.services import Services

log = logging.getLogger("connector.orders.sync")

OVERLAP = timedelta(minutes=5)
# How far before the integration time the first sync looks (such orders are listed only).
FIRST_LOOKBACK = timedelta(days=1)


@dataclass
class SyncReport:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[str] = field(default_factory=list)
    pages: int = 0


def window_start(store: Store, state: SyncState) -> datetime:
    if state.watermark is None:
        return store.integration_time - FIRST_LOOKBACK
    return state.watermark - OVERLAP


def _note_rejected(session, store_id: int, rejected, report: SyncReport, now) -> None:
    """A bad order is isolated: its id (when known) gets a note, the others go on."""
    text = f"Amazon sent this order in a form the connector cannot read: {rejected.error}"
    report.rejected.append(f"{rejected.order_id or '(no id)'}: {rejected.error}")
    if not rejected.order_id:
        return
    row = session.query(AmazonOrder).filter_by(
        store_id=store_id, amazon_order_id=rejected.order_id).one_or_none()
    if row is not None:
        note_once(session, row, text, now)


def _unstorable(exc: BaseException) -> bool:
    """The database refused a value (too long, too large), as opposed to being unreachable."""
    if isinstance(exc, OperationalError | InterfaceError) or getattr(
            exc, "connection_invalidated", False):
        return False
    return isinstance(exc, StatementError | ValueError | ArithmeticError)


def _store(svc: Services, store_id: int, orders, rejected, report: SyncReport) -> None:
    done, now = SyncReport(), svc.clock()
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        known = known_rows(session, store_id, (o.order_id for o in orders))
        for order in orders:
            recorded = record_order(session, store, order, at=now, known=known)
            done.fetched += 1
            done.created += recorded.created
            done.updated += recorded.changed and not recorded.created
        for one in rejected:
            _note_rejected(session, store_id, one, done, now)
    report.fetched += done.fetched
    report.created += done.created
    report.updated += done.updated
    report.rejected.extend(done.rejected)


def _store_page(svc: Services, store_id: int, page, report: SyncReport) -> None:
    """A page is one transaction. If the database refuses one of its orders, the page is
    stored order by order and that order is isolated as unreadable, so it cannot hold back
    the store's sync (the watermark only moves once every page is stored)."""
    try:
        _store(svc, store_id, page.orders, page.rejected, report)
        return
    except Exception as exc:
        if not _unstorable(exc):
            raise
    refused = []
    for order in page.orders:
        try:
            _store(svc, store_id, [order], [], report)
        except Exception as exc:
            if not _unstorable(exc):
                raise
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            refused.append(RejectedOrder(order.order_id, InvalidOrderData(
                "order", f"cannot be stored: {reason}")))
    for one in [*page.rejected, *refused]:
        try:
            _store(svc, store_id, [], [one], report)
        except Exception as exc:  # even its id cannot be looked up (a NUL byte, say)
            if not _unstorable(exc):
                raise
            report.rejected.append(f"{one.order_id!r}: {one.error}")


def sync_store(svc: Services, store_id: int, amazon: AmazonClient) -> SyncReport:
    report = SyncReport()
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        state = session.get(SyncState, store_id)
        since = window_start(store, state)
        marketplaces = list(store.marketplace_ids)
    until = None
    for page in amazon.iter_orders_updated(marketplaces, since):
        _store_page(svc, store_id, page, report)
        report.pages += 1
        until = page.until
        if svc.stopping.is_set():  # shutting down: the watermark stays, the next run re-reads
            until = None
            break
    if until is not None:
        with svc.db.session() as session:
            state = session.get(SyncState, store_id)
            if state.watermark is None or until > state.watermark:
                state.watermark = until  # never backwards
    if report.rejected:
        log.warning("store %s: %d order(s) from Amazon could not be read", store_id,
                    len(report.rejected))
    return report
