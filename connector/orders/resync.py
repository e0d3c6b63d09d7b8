"""Resync: an integrator asks for some orders again -- a list of Amazon order ids, or a window
of Amazon's last-update time -- and gets a report of what it did.

A resync is recorded (``ResyncRequest``), then run under the store's lease, so it never works
on a store at the same time as a scheduled run: while one holds the store, the resync stays
``queued`` and waits. Running it again is harmless: orders are recorded with "newer wins" and
the import is idempotent, so a second run reports the order as already imported instead of
creating it twice. It does not move the sync watermark; cancellations, shipment confirmations
and completion follow on the next scheduled run as for any other order.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select

from connector.amazon import AmazonError, NotFound, Throttled
from connector.commerce import CommerceError
from connector.models import AmazonOrder, ResyncRequest, Store, SyncState
from connector.orders import importer
from connector.orders.context import Lifecycle
from connector.orders.records import record_order
from connector.orders.runner import import_orders
from jobs.leases import renew, store_lease

log = logging.getLogger("connector.orders.resync")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: What a resync reports, in this order. ``skipped``: fetched but not importable now (Pending,
#: canceled, placed before the store was connected, import disabled, read-only mode).
COUNTS = ("fetched", "created", "already_imported", "blocked", "failed", "skipped",
          "not_found")
MAX_ORDER_IDS = 50
#: How long a resync waits for a scheduled run to release the store before giving up.
LEASE_WAIT_SECONDS = 900.0
IMPORT_CHUNK = 10

Progress = Callable[[str, int, int | None], None]


class ResyncRefused(ValueError):
    """The store cannot be resynced now (it is Inactive); the message says why."""


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def normalise_params(amazon_order_ids: Iterable[str] | None = None,
                     since: datetime | None = None, until: datetime | None = None) -> dict:
    """The request as stored: ids de-duplicated in their given order, or a window."""
    if amazon_order_ids:
        return {"amazon_order_ids": list(dict.fromkeys(amazon_order_ids))}
    return {"since": _iso(since), "until": _iso(until)}


def request_resync(lc: Lifecycle, store_id: int, params: dict, *, reuse: bool = True
                   ) -> tuple[str, bool]:
    """Record a resync (``params`` from ``normalise_params``); returns ``(id, created)``.

    With ``reuse``, an identical request still queued or running is returned instead of a new
    one, so a client retrying its POST does not pile up work. Raises ``LookupError`` for an
    unknown store and ``ResyncRefused`` for an Inactive one.
    """
    with lc.db.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise LookupError(store_id)
        if store.status != "Active":
            raise ResyncRefused(f"Store {store.name!r} is Inactive; activate it to resync.")
        if reuse:
            for row in session.scalars(select(ResyncRequest).where(
                    ResyncRequest.store_id == store_id,
                    ResyncRequest.state.in_((QUEUED, RUNNING)))):
                if row.params == params:
                    return row.id, False
        resync_id = str(uuid.uuid4())
        session.add(ResyncRequest(id=resync_id, store_id=store_id, params=params, state=QUEUED,
                                  counts=dict.fromkeys(COUNTS, 0), created_at=lc.clock()))
    return resync_id, True


def get_resync(lc: Lifecycle, resync_id: str) -> ResyncRequest | None:
    with lc.db.session() as session:
        return session.get(ResyncRequest, resync_id)


def _update(lc: Lifecycle, resync_id: str, **values) -> None:
    with lc.db.session() as session:
        row = session.get(ResyncRequest, resync_id)
        for key, value in values.items():
            setattr(row, key, dict(value) if isinstance(value, dict) else value)


def _record(lc: Lifecycle, store_id: int, orders, row_ids: list[int]) -> None:
    with lc.db.session() as session:
        store = session.get(Store, store_id)
        rows = [record_order(session, store, order).row for order in orders]
        session.flush()  # new rows get their ids
        row_ids.extend(row.id for row in rows)


def _fetch(lc: Lifecycle, store: Store, params: dict, amazon, counts: dict, save,
           progress: Progress) -> list[int]:
    """Ask Amazon for the orders and record them; returns their local row ids."""
    row_ids: list[int] = []
    ids = params.get("amazon_order_ids")
    if ids:
        for done, order_id in enumerate(ids, start=1):
            try:
                order = amazon.get_order(order_id)
            except NotFound:
                counts["not_found"] += 1
            else:
                _record(lc, store.id, [order], row_ids)
                counts["fetched"] += 1
            progress("fetch", done, len(ids))
            save()
        return row_ids
    since = datetime.fromisoformat(params["since"])
    until = datetime.fromisoformat(params["until"]) if params.get("until") else None
    for page in amazon.iter_orders_updated(list(store.marketplace_ids), since, until):
        _record(lc, store.id, page.orders, row_ids)
        counts["fetched"] += len(page.orders)
        if page.rejected:
            counts["failed"] += len(page.rejected)
            log.warning("resync for store %s: %d order(s) from Amazon could not be read",
                        store.id, len(page.rejected))
        progress("fetch", counts["fetched"], None)
        save()
    return row_ids


def _classify(lc: Lifecycle, store_id: int, row_ids: list[int], counts: dict) -> list[int]:
    """Count what needs no import; return the rows to import now."""
    wanted: list[int] = []
    with lc.db.session() as session:
        store = session.get(Store, store_id)
        for row_id in dict.fromkeys(row_ids):
            row = session.get(AmazonOrder, row_id)
            if row.commerce_order_id is not None:
                counts["already_imported"] += 1
            elif importer.importable_now(row, store.settings, store):
                wanted.append(row_id)
            else:
                counts["skipped"] += 1
    return wanted


def _import(lc: Lifecycle, store_id: int, commerce, row_ids: list[int], counts: dict, save,
            progress: Progress) -> None:
    for start in range(0, len(row_ids), IMPORT_CHUNK):
        chunk = row_ids[start:start + IMPORT_CHUNK]
        for outcome, number in import_orders(lc, store_id, commerce, chunk).items():
            counts[outcome if outcome in counts else "skipped"] += number
        progress("import", start + len(chunk), len(row_ids))
        save()


def _note_error(lc: Lifecycle, store_id: int, **values) -> None:
    """Failures show on ``/health/ready`` like those of scheduled runs."""
    with lc.db.session() as session:
        state = session.get(SyncState, store_id)
        if state is not None:
            for key, value in values.items():
                setattr(state, key, value)


def _work(lc: Lifecycle, resync_id: str, progress: Progress) -> None:
    with lc.db.session() as session:
        request = session.get(ResyncRequest, resync_id)
        store = session.get(Store, request.store_id)
        params, store_id = dict(request.params), store.id
        import_enabled = store.settings.import_enabled
        session.expunge(store)
    counts = dict.fromkeys(COUNTS, 0)
    _update(lc, resync_id, state=RUNNING, counts=counts)

    def save() -> None:
        _update(lc, resync_id, counts=counts)
        renew(lc.db, store_id, lc.owner)  # a long resync keeps the store to itself

    amazon, commerce = lc.amazon_factory(store), lc.commerce_factory(store)
    error = None
    try:
        row_ids = _fetch(lc, store, params, amazon, counts, save, progress)
        if import_enabled:
            wanted = _classify(lc, store_id, row_ids, counts)
            _import(lc, store_id, commerce, wanted, counts, save, progress)
        else:
            counts["skipped"] += len(set(row_ids))
    except Throttled as throttled:
        error = "Amazon throttled the requests; try again in a few minutes."
        _note_error(lc, store_id, throttled_at=lc.clock(), last_amazon_error=str(throttled))
    except AmazonError as failed:
        error = f"Amazon: {failed}"
        _note_error(lc, store_id, last_amazon_error=str(failed))
    except CommerceError as failed:
        error = f"Commerce: {failed}"
        _note_error(lc, store_id, last_commerce_error=str(failed))
    finally:
        amazon.close()
        commerce.close()
    _update(lc, resync_id, state=FAILED if error else DONE, counts=counts, error=error,
            finished_at=lc.clock())


def run_resync(lc: Lifecycle, resync_id: str, *, progress: Progress | None = None,
               lease_wait: float = LEASE_WAIT_SECONDS, poll: float = 1.0,
               sleep: Callable[[float], None] = time.sleep,
               on_wait: Callable[[], None] | None = None) -> ResyncRequest:
    """Run a recorded resync to the end (``done`` or ``failed``) and return it.

    ``progress(stage, done, total)`` is told about each step (``fetch``, ``import``; ``total``
    is ``None`` while a window's size is unknown); ``on_wait`` once if the store is busy.
    Never raises for a failure of Amazon, Commerce or the resync itself: the request says it.
    """
    progress = progress or (lambda stage, done, total: None)
    waited = 0.0
    try:
        with lc.db.session() as session:
            store_id = session.get(ResyncRequest, resync_id).store_id
        while True:
            with store_lease(lc.db, store_id, lc.owner) as held:
                if held:
                    _work(lc, resync_id, progress)
                    break
            if waited == 0.0 and on_wait is not None:
                on_wait()
            if waited >= lease_wait:
                _update(lc, resync_id, state=FAILED, finished_at=lc.clock(),
                        error="The store stayed busy with another run; try again later.")
                break
            sleep(poll)
            waited += poll
    except Exception:  # a resync must end in a state the client can read, whatever happened
        log.exception("resync %s failed", resync_id)
        _update(lc, resync_id, state=FAILED, finished_at=lc.clock(),
                error="The resync hit an unexpected error; it is logged.")
    return get_resync(lc, resync_id)


def describe_resync(row: ResyncRequest) -> dict:
    """A resync as reported to integrators."""
    return {"id": row.id, "store_id": row.store_id, "state": row.state,
            "params": dict(row.params), "counts": {k: int((row.counts or {}).get(k, 0))
                                                   for k in COUNTS},
            "error": row.error, "created_at": row.created_at, "finished_at": row.finished_at}
