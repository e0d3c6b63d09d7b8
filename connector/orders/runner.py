"""One run for one store: sync, import, cancel, confirm shipments, complete.

Runs under the store's lease, so several scheduler processes never work on one store at once.
A ``Throttled`` answer ends the run cleanly (the next run resumes); any other failure is
recorded on the store's sync state for the health endpoint and the dashboard.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError

from connector.amazon import AmazonError, Throttled
from connector.commerce import CommerceError
from connector.models import AmazonOrder, Store, SyncState
from connector.orders import importer
from connector.orders.context import Lifecycle
from connector.orders.fulfilment import (
    cancel_canceled_orders,
    complete_shipped_orders,
    confirm_shipments,
    record_amazon_shipments,
)
from connector.orders.pending_holds import hold_pending_stock, release_pending_holds
from connector.orders.reservations import place_missing_reservations
from connector.orders.sync import SyncReport, sync_store
from jobs.leases import run_holder, store_lease

log = logging.getLogger("connector.orders.run")

SYNC, IMPORT, CANCEL, SHIPMENTS, COMPLETE = "sync", "import", "cancel", "shipments", "complete"
ALL_STEPS = (SYNC, IMPORT, CANCEL, SHIPMENTS, COMPLETE)


@dataclass
class RunReport:
    store_id: int
    ran: bool = False
    sync: SyncReport | None = None
    imports: dict[str, int] = field(default_factory=dict)
    reservations: int = 0
    stock_held: int = 0  # Pending orders whose quantity the module now holds
    holds_released: int = 0
    shipments_confirmed: int = 0
    shipments_recorded: int = 0  # made in Seller Central, recorded in Commerce
    completed: int = 0
    canceled: int = 0
    throttled: bool = False
    error: str | None = None


def _record(lc: Lifecycle, store_id: int, report: RunReport, synced: bool = True) -> None:
    now = lc.clock()
    with lc.db.session() as session:
        state = session.get(SyncState, store_id)
        if synced:  # only a sync counts for the store's sync interval and its last good sync
            state.last_run_at = now
        if report.throttled:
            state.throttled_at = now
        if report.error is None:
            if synced:
                state.last_success_at = now
            state.last_error = None
        else:
            state.last_error, state.last_error_at = report.error, now


def import_orders(lc: Lifecycle, store_id: int, commerce, row_ids=None) -> dict[str, int]:
    """Import every order waiting for a Commerce order (or just ``row_ids``)."""
    with lc.db.session() as session:
        store = session.get(Store, store_id)
        view_code = store.settings.store_view_code or store.commerce_store_code
        ids = row_ids if row_ids is not None else importer.pending_imports(
            session, store_id, lc.clock())
    counts: dict[str, int] = {}
    if not ids:
        return counts
    try:
        view = importer.resolve_store_view(commerce, view_code)
    except importer.OrderBlocked as blocked:
        for row_id in ids:
            importer.block_order(lc, row_id, blocked)
        return {importer.BLOCKED: len(ids)}
    catalog = importer.Catalog(commerce)

    def one(row_id: int) -> str:
        return importer.import_order(lc, row_id, commerce, catalog, view)

    # Each import claims its own order, so orders run side by side safely; a bounded pool
    # keeps Commerce's load predictable.
    with ThreadPoolExecutor(max_workers=max(1, lc.import_concurrency),
                            thread_name_prefix=f"import-{store_id}") as pool:
        for outcome in pool.map(one, ids):
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def run_store(lc: Lifecycle, store_id: int, steps=ALL_STEPS) -> RunReport:
    """Run ``steps`` (all by default, in lifecycle order) for one store, under its lease."""
    report = RunReport(store_id)
    with store_lease(lc.db, store_id, run_holder(lc.owner)) as held:
        if not held:
            return report
        with lc.db.session() as session:
            store = session.get(Store, store_id)
            if store is None or store.status != "Active":
                return report
            import_enabled = store.settings.import_enabled
            carriers = dict(store.settings.carrier_mapping or {})
            session.expunge(store)
        report.ran = True
        amazon, commerce = lc.amazon_factory(store), lc.commerce_factory(store)
        try:
            if SYNC in steps:
                report.sync = sync_store(lc, store_id, amazon)
            if IMPORT in steps:
                # Holds before the import and releases after the orders' own reservations,
                # so a Pending order's stock is never free in between.
                report.stock_held = hold_pending_stock(lc, store_id, commerce)
                if import_enabled:
                    report.imports = import_orders(lc, store_id, commerce)
                    report.reservations = place_missing_reservations(lc, store_id, commerce)
                report.holds_released = release_pending_holds(lc, store_id, commerce)
            if import_enabled:  # disabled: orders are synced and listed, nothing more
                if CANCEL in steps:
                    report.canceled = cancel_canceled_orders(lc, store_id, commerce)
                if SHIPMENTS in steps:
                    report.shipments_confirmed = confirm_shipments(lc, store_id, amazon,
                                                                   commerce, carriers)
                    # After the confirmations: what Commerce shipped is counted first.
                    report.shipments_recorded = record_amazon_shipments(lc, store_id,
                                                                        commerce)
                if COMPLETE in steps:
                    report.completed = complete_shipped_orders(lc, store_id, commerce)
        except Throttled as throttled:
            report.throttled = True
            log.info("store %s: Amazon throttled %s; the next run resumes", store_id,
                     throttled)
            _note_error(lc, store_id, amazon_error=str(throttled))
        except AmazonError as failed:
            report.error = f"Amazon: {failed}"
            _note_error(lc, store_id, amazon_error=str(failed))
        except CommerceError as failed:
            report.error = f"Commerce: {failed}"
            _note_error(lc, store_id, commerce_error=str(failed))
        except DBAPIError as failed:  # the database connection was lost mid-run
            cause = failed.orig if failed.orig is not None else failed
            report.error = f"Database: {str(cause).strip().splitlines()[0]}"
            log.warning("store %s: run stopped by a database error; the next run resumes",
                        store_id)
        finally:
            amazon.close()
            commerce.close()
        _record(lc, store_id, report, synced=SYNC in steps)
    return report


def _note_error(lc: Lifecycle, store_id: int, *, amazon_error: str | None = None,
                commerce_error: str | None = None) -> None:
    with lc.db.session() as session:
        state = session.get(SyncState, store_id)
        if amazon_error:
            state.last_amazon_error = amazon_error
        if commerce_error:
            state.last_commerce_error = commerce_error


def retry_orders(lc: Lifecycle, store_id: int, row_ids: list[int]) -> dict[str, int]:
    """Retry blocked orders at once (after a SKU match or an address fix). When a scheduled
    run holds the store, they are queued for its next run instead."""
    with store_lease(lc.db, store_id, run_holder(lc.owner)) as held:
        if not held:
            with lc.db.session() as session:
                for row in session.query(AmazonOrder).filter(AmazonOrder.id.in_(row_ids)):
                    row.next_attempt_at = None
            return {"queued": len(row_ids)}
        with lc.db.session() as session:
            store = session.get(Store, store_id)
            session.expunge(store)
        commerce = lc.commerce_factory(store)
        try:
            return import_orders(lc, store_id, commerce, row_ids)
        finally:
            commerce.close()
