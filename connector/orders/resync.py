"""Resync: an integrator asks for some orders again -- a list of Amazon order ids, or a window
of Amazon's last-update time -- and gets a report of what it did.

A resync is recorded (``ResyncRequest``) before it runs, so it outlives the process that
accepted it: it runs in whichever process claims it first -- the web process that accepted it,
``connector resync``, or any scheduler, which picks up every open resync no live process holds
(one left ``queued`` by a process that stopped, one whose process died mid-run). The claim
names its holder and expires unless renewed, like a store's lease: a live holder's resync never
runs twice at once; a dead holder's is taken over (at once when it ran on this host). Only the
holder writes to the request, so the report is the run's that finished it.

It runs under the store's lease, taken in the claim's name, so it never works on a store at the
same time as a scheduled run, even one of its own process: while one holds the store, the
resync stays ``queued`` and waits. Running it again is harmless: orders are recorded with
"newer wins" and the import is idempotent, so a second run (or one taken over) reports the
order as already imported instead of creating it twice. It does not move the sync watermark;
cancellations, shipment confirmations and completion follow on the next scheduled run as for
any other order.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from connector.amazon import NotFound
from connector.domain import ResyncState, StoreStatus
from connector.models import AmazonOrder, ResyncRequest, Store, SyncState
from connector.orders.coordination import RESYNC_CLAIM, Claims, renew, store_lease
from connector.orders.importer import import_orders, importable_now
from connector.orders.outcomes import classify, note_on_store
from connector.orders.records import record_order
from connector.orders.services import Services

log = logging.getLogger("connector.orders.resync")

QUEUED, RUNNING, DONE, FAILED = (ResyncState.QUEUED, ResyncState.RUNNING, ResyncState.DONE,
                                 ResyncState.FAILED)
OPEN = (QUEUED, RUNNING)
THROTTLED = "Amazon throttled the requests; try again in a few minutes."
#: What a resync reports, in this order. ``skipped``: fetched but not importable now (Pending,
#: canceled, placed before the store was connected, import disabled, read-only mode).
COUNTS = ("fetched", "created", "already_imported", "blocked", "failed", "skipped",
          "not_found")
MAX_ORDER_IDS = 50
#: How long a resync waits for a scheduled run to release the store before giving up.
LEASE_WAIT_SECONDS = 900.0
IMPORT_CHUNK = 10
#: A holder that stops renewing its claim for this long is taken to be dead.
CLAIM_TTL = timedelta(minutes=2)
CLAIM_RENEW_SECONDS = 30.0
#: Runs that may start and be cut off (their process ended) before the resync is given up.
MAX_ATTEMPTS = 3

Progress = Callable[[str, int, int | None], None]


class ResyncRefused(ValueError):
    """The store cannot be resynced now (it is Inactive); the message says why."""


class ClaimLost(RuntimeError):
    """Another process took the resync over (our claim expired): stop and write nothing."""


@dataclass
class Claim:
    """This process's hold on one resync. ``holder`` is the process's owner plus a nonce, so two
    threads of one process never share a claim, nor the store's lease taken in its name."""

    svc: Services
    resync_id: str
    holder: str
    ttl: timedelta = CLAIM_TTL
    renewed: float = field(default_factory=time.monotonic)

    def save(self, **values) -> None:
        """Write ``values`` and renew the claim, only while we hold it; else ``ClaimLost``."""
        values = {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}
        if not _claims(self.svc).renew(self.resync_id, self.holder, self.ttl, **values):
            raise ClaimLost(self.resync_id)
        self.renewed = time.monotonic()

    def keep(self) -> None:
        """Renew now and then while waiting, not on every poll."""
        if time.monotonic() - self.renewed >= CLAIM_RENEW_SECONDS:
            self.save()

    def finish(self, state: str, **values) -> None:
        self.save(state=state, finished_at=self.svc.clock(), claim_expires_at=None, **values)

    def give_back(self) -> None:
        """Leave the resync queued for another process (this one is stopping)."""
        if not _claims(self.svc).release(self.resync_id, self.holder):
            raise ClaimLost(self.resync_id)


def _claims(svc: Services) -> Claims:
    return Claims(svc.db, RESYNC_CLAIM, svc.clock)


def _inactive(store: Store) -> str:
    return f"Store {store.name!r} is Inactive; activate it to resync."


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def normalise_params(amazon_order_ids: Iterable[str] | None = None,
                     since: datetime | None = None, until: datetime | None = None) -> dict:
    """The request as stored: ids de-duplicated in their given order, or a window."""
    if amazon_order_ids:
        return {"amazon_order_ids": list(dict.fromkeys(amazon_order_ids))}
    return {"since": _iso(since), "until": _iso(until)}


def _open_store(session, store_id: int) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise LookupError(store_id)
    if store.status != StoreStatus.ACTIVE:
        raise ResyncRefused(_inactive(store))
    return store


def _add(session, svc: Services, store_id: int, params: dict, **claim) -> str:
    resync_id = str(uuid.uuid4())
    session.add(ResyncRequest(id=resync_id, store_id=store_id, params=params, state=QUEUED,
                              counts=dict.fromkeys(COUNTS, 0), created_at=svc.clock(), **claim))
    return resync_id


def request_resync(svc: Services, store_id: int, params: dict, *, reuse: bool = True
                   ) -> tuple[str, bool]:
    """Record a resync (``params`` from ``normalise_params``); returns ``(id, created)``.

    With ``reuse``, an identical request still queued or running is returned instead of a new
    one, so a client retrying its POST does not pile up work. Raises ``LookupError`` for an
    unknown store and ``ResyncRefused`` for an Inactive one.
    """
    with svc.db.session() as session:
        _open_store(session, store_id)
        if reuse:
            for row in session.scalars(select(ResyncRequest).where(
                    ResyncRequest.store_id == store_id, ResyncRequest.state.in_(OPEN))):
                if row.params == params:
                    return row.id, False
        return _add(session, svc, store_id, params), True


def request_and_claim(svc: Services, store_id: int, params: dict) -> Claim:
    """Record a resync already claimed here, for a caller that runs it at once (``connector
    resync``): no scheduler can take it in between. Raises as ``request_resync``."""
    holder = svc.holder()
    with svc.db.session() as session:
        _open_store(session, store_id)
        resync_id = _add(session, svc, store_id, params, claimed_by=holder,
                         claim_expires_at=svc.clock() + CLAIM_TTL)
    return Claim(svc, resync_id, holder)


def claim_resync(svc: Services, resync_id: str, ttl: timedelta = CLAIM_TTL) -> Claim | None:
    """Claim an open resync no live process holds (never claimed, given back, expired, or its
    process is gone), to run it here; ``None`` when it has ended or a live process holds it."""
    holder = svc.holder()
    if _claims(svc).acquire(resync_id, holder, ttl,
                            where=[ResyncRequest.state.in_(OPEN)]):
        return Claim(svc, resync_id, holder, ttl)
    return None


def claim_next(svc: Services, skip: Sequence[str] = ()) -> Claim | None:
    """The oldest open resync no live process holds, claimed; ``None`` when there is none."""
    claims = _claims(svc)
    with svc.db.session() as session:
        rows = session.execute(
            select(ResyncRequest.id, ResyncRequest.claimed_by, ResyncRequest.claim_expires_at)
            .where(ResyncRequest.state.in_(OPEN))
            .order_by(ResyncRequest.created_at, ResyncRequest.id)).all()
    for resync_id, holder, expires in rows:
        if resync_id not in skip and claims.is_free(holder, expires):
            claim = claim_resync(svc, resync_id)
            if claim is not None:
                return claim
    return None


def get_resync(svc: Services, resync_id: str) -> ResyncRequest | None:
    with svc.db.session() as session:
        return session.get(ResyncRequest, resync_id)


def _record(svc: Services, store_id: int, orders, row_ids: list[int]) -> None:
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        now = svc.clock()
        rows = [record_order(session, store, order, at=now).row for order in orders]
        session.flush()  # new rows get their ids
        row_ids.extend(row.id for row in rows)


def _fetch(svc: Services, store: Store, params: dict, amazon, counts: dict, save,
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
                _record(svc, store.id, [order], row_ids)
                counts["fetched"] += 1
            progress("fetch", done, len(ids))
            save()
        return row_ids
    since = datetime.fromisoformat(params["since"])
    until = datetime.fromisoformat(params["until"]) if params.get("until") else None
    for page in amazon.iter_orders_updated(list(store.marketplace_ids), since, until):
        _record(svc, store.id, page.orders, row_ids)
        counts["fetched"] += len(page.orders)
        if page.rejected:
            counts["failed"] += len(page.rejected)
            log.warning("resync for store %s: %d order(s) from Amazon could not be read",
                        store.id, len(page.rejected))
        progress("fetch", counts["fetched"], None)
        save()
    return row_ids


def _classify(svc: Services, store_id: int, row_ids: list[int], counts: dict) -> list[int]:
    """Count what needs no import; return the rows to import now."""
    wanted: list[int] = []
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        for row_id in dict.fromkeys(row_ids):
            row = session.get(AmazonOrder, row_id)
            if row.commerce_order_id is not None:
                counts["already_imported"] += 1
            elif importable_now(row, store.settings, store):
                wanted.append(row_id)
            else:
                counts["skipped"] += 1
    return wanted


def _import(svc: Services, store_id: int, commerce, holder: str, row_ids: list[int],
            counts: dict, save, progress: Progress) -> None:
    for start in range(0, len(row_ids), IMPORT_CHUNK):
        chunk = row_ids[start:start + IMPORT_CHUNK]
        imported = import_orders(svc, store_id, commerce, holder, chunk)
        for result, number in imported.counts.items():
            counts[result if result in counts else "skipped"] += number
        progress("import", start + len(chunk), len(row_ids))
        save()


def _work(claim: Claim, progress: Progress) -> None:
    svc = claim.svc
    with svc.db.session() as session:
        request = session.get(ResyncRequest, claim.resync_id)
        store = session.get(Store, request.store_id)
        params, store_id, attempts = dict(request.params), store.id, request.attempts
        import_enabled = store.settings.import_enabled
        session.expunge(store)
    if store.status != StoreStatus.ACTIVE:  # paused since it was asked for
        claim.finish(FAILED, error=_inactive(store))
        return
    if attempts >= MAX_ATTEMPTS:
        claim.finish(FAILED, error=f"The resync was cut off {attempts} times (its process "
                                   "stopped); it is not tried again.")
        return
    counts = dict.fromkeys(COUNTS, 0)
    claim.save(state=RUNNING, counts=counts, attempts=ResyncRequest.attempts + 1)

    def save() -> None:
        claim.save(counts=counts)
        # A long resync keeps the store to itself.
        renew(svc.db, store_id, claim.holder, clock=svc.clock)

    amazon, commerce = svc.amazon_for(store), svc.commerce_for(store)
    error = None
    try:
        row_ids = _fetch(svc, store, params, amazon, counts, save, progress)
        if import_enabled:
            wanted = _classify(svc, store_id, row_ids, counts)
            _import(svc, store_id, commerce, claim.holder, wanted, counts, save, progress)
        else:
            counts["skipped"] += len(set(row_ids))
    except Exception as failed:
        outcome = classify(failed)
        if outcome is None:
            raise
        error = THROTTLED if outcome.throttled else outcome.message
        with svc.db.session() as session:  # shown on /health/ready like a scheduled run's
            note_on_store(session.get(SyncState, store_id), outcome, svc.clock())
    finally:
        amazon.close()
        commerce.close()
    claim.finish(FAILED if error else DONE, counts=counts, error=error)


def _run(claim: Claim, progress: Progress, lease_wait: float, poll: float,
         sleep: Callable[[float], None], on_wait: Callable[[], None] | None,
         stop: Callable[[], bool] | None) -> None:
    with claim.svc.db.session() as session:
        store_id = session.get(ResyncRequest, claim.resync_id).store_id
    waited = 0.0
    while True:
        with store_lease(claim.svc.db, store_id, claim.holder, clock=claim.svc.clock) as held:
            if held:
                _work(claim, progress)
                return
        if stop is not None and stop():
            claim.give_back()
            return
        if waited == 0.0 and on_wait is not None:
            on_wait()
        if waited >= lease_wait:
            claim.finish(FAILED, error="The store stayed busy with another run; try again "
                                       "later.")
            return
        sleep(poll)
        waited += poll
        claim.keep()


def run_resync(svc: Services, resync_id: str, *, claim: Claim | None = None,
               progress: Progress | None = None, lease_wait: float = LEASE_WAIT_SECONDS,
               poll: float = 1.0, sleep: Callable[[float], None] = time.sleep,
               on_wait: Callable[[], None] | None = None,
               stop: Callable[[], bool] | None = None) -> ResyncRequest:
    """Run a recorded resync to the end (``done`` or ``failed``) and return it.

    Claims it first unless ``claim`` is given; when a live process holds it already, returns it
    as it is: that process runs it and reports. ``progress(stage, done, total)`` is told about
    each step (``fetch``, ``import``; ``total`` is ``None`` while a window's size is unknown);
    ``on_wait`` once if the store is busy; ``stop()`` turning true while it waits gives the
    resync back, still queued, to a process that stays. Never raises for a failure of Amazon,
    Commerce or the resync itself: the request says it.
    """
    claim = claim or claim_resync(svc, resync_id)
    if claim is None:
        return get_resync(svc, resync_id)
    try:
        _run(claim, progress or (lambda stage, done, total: None), lease_wait, poll, sleep,
             on_wait, stop)
    except ClaimLost:
        log.warning("resync %s: another process took it over; it reports the outcome",
                    resync_id)
    except Exception:  # a resync must end in a state the client can read, whatever happened
        log.exception("resync %s failed", resync_id)
        try:
            claim.finish(FAILED, error="The resync hit an unexpected error; it is logged.")
        except ClaimLost:
            pass
    return get_resync(svc, resync_id)


def run_queued_resyncs(svc: Services, *, stop: Callable[[], bool] | None = None,
                       lease_wait: float = LEASE_WAIT_SECONDS, poll: float = 1.0
                       ) -> list[str]:
    """Run, one after another, every open resync no live process holds: those still queued
    and those whose process died. Returns the ids it took up. The scheduler's job each tick."""
    ran: list[str] = []
    while not (stop is not None and stop()):
        claim = claim_next(svc, ran)
        if claim is None:
            break
        run_resync(svc, claim.resync_id, claim=claim, lease_wait=lease_wait, poll=poll,
                   stop=stop)
        ran.append(claim.resync_id)
    return ran


def describe_resync(row: ResyncRequest) -> dict:
    """A resync as reported to integrators."""
    return {"id": row.id, "store_id": row.store_id, "state": row.state,
            "params": dict(row.params), "counts": {k: int((row.counts or {}).get(k, 0))
                                                   for k in COUNTS},
            "error": row.error, "created_at": row.created_at, "finished_at": row.finished_at}
