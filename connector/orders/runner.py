"""One run for one store: sync, import, cancel, confirm shipments, complete.

The cancel step sends the merchant's cancellations to Amazon and settles Amazon's answers
(whether or not orders are imported; Amazon's trouble there holds them back without ending the
run), then, with import enabled, cancels in Commerce what Amazon canceled and tells the
warehouse of buyers' cancellation requests.

Runs under the store's lease, so several scheduler processes never work on one store at once.
What a failure means is the outcome policy's to say (``outcomes.classify``): a throttled run
ends cleanly and the next one resumes; any other failure is recorded on the store's sync state
for the health endpoint and the dashboard.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from connector import metrics
from connector.domain import StoreStatus
from connector.logs import log_context
from connector.models import AmazonOrder, Store, SyncState
from connector.orders.blockers import record_commerce_website
from connector.orders.buyer_cancel import tell_warehouse
from connector.orders.cancel_feed import FeedReport, send_cancellations
from connector.orders.coordination import store_lease
from connector.orders.fulfilment import (
    cancel_canceled_orders,
    complete_shipped_orders,
    confirm_shipments,
    record_amazon_shipments,
)
from connector.orders.importer import import_orders
from connector.orders.outcomes import ImportOutcome, Outcome, classify, note_on_store
from connector.orders.pending_holds import hold_pending_stock, release_pending_holds
from connector.orders.rate_limits import keep_rate_limits
from connector.orders.reservations import place_missing_reservations
from connector.orders.services import Services
from connector.orders.sync import SyncReport, sync_store

log = logging.getLogger("connector.orders.run")

SYNC, IMPORT, CANCEL, SHIPMENTS, COMPLETE = "sync", "import", "cancel", "shipments", "complete"
ALL_STEPS = (SYNC, IMPORT, CANCEL, SHIPMENTS, COMPLETE)
#: The cancel step's Commerce side only (what Amazon canceled, what buyers asked): a
#: notification's run leaves the merchant's cancellation feed to the scheduled runs.
CANCEL_IN_COMMERCE = "cancel_in_commerce"


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
    cancellations: FeedReport = field(default_factory=FeedReport)  # the merchant's, to Amazon
    held_for_buyer: int = 0  # Commerce orders put on hold: the buyer asked to cancel
    throttled: bool = False
    stopped: bool = False  # the process began shutting down: the rest waits for the next run
    error: str | None = None
    outcome: Outcome | None = None  # the failure that ended the run early, if any


def _record(svc: Services, store_id: int, report: RunReport, synced: bool = True) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        state = session.get(SyncState, store_id)
        if synced:  # only a sync counts for the store's sync interval and its last good sync
            state.last_run_at = now
        if report.outcome is not None:
            note_on_store(state, report.outcome, now)
        if report.error is None:
            if synced:
                state.last_success_at = now
            state.last_error = None
        else:
            state.last_error, state.last_error_at = report.error, now


def _steps(svc: Services, store: Store, steps, report: RunReport, amazon, commerce,
           holder: str) -> None:
    store_id, settings = store.id, store.settings
    import_enabled = settings.import_enabled

    def wanted(step: str) -> bool:
        """A step to run now: asked for, and the process is not shutting down (each step
        leaves its orders in a state the next run picks up, so stopping between them is
        safe)."""
        if svc.stopping.is_set():
            report.stopped = True
        return step in steps and not report.stopped

    if wanted(SYNC):
        report.sync = sync_store(svc, store_id, amazon)
    if wanted(IMPORT):
        if not store.commerce_website:
            record_commerce_website(svc, store_id, commerce)
        # Holds before the import and releases after the orders' own reservations, so a
        # Pending order's stock is never free in between.
        report.stock_held = hold_pending_stock(svc, store_id, commerce)
        if import_enabled:
            report.imports = import_orders(svc, store_id, commerce, holder).counts
            report.reservations = place_missing_reservations(svc, store_id, commerce)
        report.holds_released = release_pending_holds(svc, store_id, commerce)
    if wanted(CANCEL):
        report.cancellations = send_cancellations(svc, store_id, amazon)
        if report.cancellations.stopped_by is not None:  # kept for health; the run goes on
            report.outcome = report.cancellations.stopped_by
            report.throttled = report.outcome.throttled
    if not import_enabled:  # disabled: orders are synced and listed, nothing more
        return
    if wanted(CANCEL) or wanted(CANCEL_IN_COMMERCE):
        report.canceled = cancel_canceled_orders(svc, store_id, commerce)
        report.held_for_buyer = tell_warehouse(svc, store_id, commerce)
    if wanted(SHIPMENTS):
        carriers = dict(settings.carrier_mapping or {})
        report.shipments_confirmed = confirm_shipments(svc, store_id, amazon, commerce,
                                                       carriers)
        # After the confirmations: what Commerce shipped is counted first.
        report.shipments_recorded = record_amazon_shipments(svc, store_id, commerce)
    if wanted(COMPLETE):
        report.completed = complete_shipped_orders(svc, store_id, commerce)


def _count(report: RunReport, seconds: float) -> None:
    """The run in the metrics: its time, its outcome, what it did per store."""
    store = str(report.store_id)
    metrics.STORE_RUN_SECONDS.observe(seconds)
    outcome = ("error" if report.error else "throttled" if report.throttled
               else "stopped" if report.stopped else "ok")
    metrics.STORE_RUNS.labels(outcome).inc()
    for result, number in report.imports.items():
        metrics.IMPORTS.labels(store, result).inc(number)
    if report.shipments_confirmed:
        metrics.CONFIRMATIONS.labels(store).inc(report.shipments_confirmed)
    if report.completed:
        metrics.COMPLETIONS.labels(store).inc(report.completed)


def run_store(svc: Services, store_id: int, steps=ALL_STEPS) -> RunReport:
    """Run ``steps`` (all by default, in lifecycle order) for one store, under its lease."""
    report = RunReport(store_id)
    if svc.stopping.is_set():  # shutting down: no new run starts
        report.stopped = True
        return report
    holder = svc.holder()
    with log_context(store_id=store_id, run_id=holder), \
            store_lease(svc.db, store_id, holder, clock=svc.clock) as held:
        if not held:
            return report
        with svc.db.session() as session:
            store = session.get(Store, store_id)
            if store is None or store.status != StoreStatus.ACTIVE:
                return report
            _ = store.settings  # loaded before the session ends: the steps read it
            session.expunge_all()
        report.ran = True
        started = time.perf_counter()
        amazon, commerce = svc.amazon_for(store), svc.commerce_for(store)
        try:
            _steps(svc, store, steps, report, amazon, commerce, holder)
        except Exception as failed:
            outcome = classify(failed)
            if outcome is None:
                raise
            report.outcome = outcome
            if outcome.throttled:
                report.throttled = True
                log.info("store %s: Amazon throttled %s; the next run resumes", store_id,
                         outcome.detail)
            else:
                report.error = outcome.message
                log.warning("store %s: run stopped (%s); the next run resumes", store_id,
                            outcome.kind)
        finally:
            keep_rate_limits(svc.db, store, amazon)
            amazon.close()
            commerce.close()
        if report.stopped:
            log.info("store %s: run stopped for shutdown; the next run resumes", store_id)
        _count(report, time.perf_counter() - started)
        _record(svc, store_id, report,
                synced=SYNC in steps and not (report.stopped and report.sync is None))
    return report


def retry_orders(svc: Services, store_id: int, row_ids: list[int]) -> ImportOutcome:
    """Retry blocked orders at once (after a SKU match or an address fix). When a scheduled
    run holds the store, they are queued for its next run instead; when Commerce or the
    database stops the retry, ``stopped_by`` says so and the next sync tries again."""
    holder = svc.holder()
    with store_lease(svc.db, store_id, holder, clock=svc.clock) as held:
        if not held:
            with svc.db.session() as session:
                for row in session.query(AmazonOrder).filter(AmazonOrder.id.in_(row_ids)):
                    row.next_attempt_at = None
            return ImportOutcome({"queued": len(row_ids)})
        with svc.db.session() as session:
            store = session.get(Store, store_id)
            session.expunge(store)
        commerce = svc.commerce_for(store)
        try:
            return import_orders(svc, store_id, commerce, holder, row_ids)
        except Exception as failed:
            outcome = classify(failed)
            if outcome is None:
                raise
            with svc.db.session() as session:
                note_on_store(session.get(SyncState, store_id), outcome, svc.clock())
            log.warning("store %s: retry stopped (%s)", store_id, outcome.message)
            return ImportOutcome(stopped_by=outcome)
        finally:
            commerce.close()
