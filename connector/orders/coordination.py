"""Who works on what: one claim primitive for every kind of work that must not run twice.

Four kinds of work are claimed, each in its own row:

- a **store run** (``STORE_LEASE``, the store's ``sync_state`` row): one runner per store,
  across threads and processes; re-entrant for its holder, renewed by a thread while the run
  works, and backed on PostgreSQL by a session advisory lock, so even a run that outlives its
  lease (a long stall) cannot overlap another;
- a **resync** (``RESYNC_CLAIM``, its ``resync_requests`` row): the process running it, and only
  it, writes its report;
- an **import** (``IMPORT_CLAIM``, the order's ``amazon_orders`` row): claimed before any call
  that could create a Commerce order, so two imports of one order never overlap;
- a **cancellation feed** (``cancel_feed.FEED_CLAIM``, its ``cancellation_feeds`` row): claimed
  before any call that could send it to Amazon.

``Claims`` does the same four things for each: **acquire** (one conditional UPDATE, so of
racing processes exactly one wins, on SQLite and PostgreSQL alike), **renew**, **release**, and
**take over** from a holder that is gone: a claim whose time ran out is free, and one whose
holder ran on this host and no longer exists (holders are named ``host:pid:nonce``) is taken at
once. A crash on another host frees its claims when they expire.

Every time comes from the caller's clock (the lifecycle's), never the wall clock directly.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, text, update
from sqlalchemy.exc import DBAPIError

from connector import metrics
from connector.db import Database
from connector.models import AmazonOrder, ResyncRequest, SyncState, utcnow

log = logging.getLogger("connector.orders.coordination")

Clock = Callable[[], datetime]

#: How long a store lease lasts unless renewed (its renewer renews every quarter of it).
DEFAULT_TTL = timedelta(minutes=2)
# Advisory locks are database-wide, not per schema: the key hashes the schema with the store
# id, so deployments (or test runs) in other schemas of one database never block each other.
ADVISORY_KEY = "SELECT hashtextextended('amazon-orders:' || current_schema() || ':' || :id, 0)"


def process_owner() -> str:
    """A name for this process that a person can trace back: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_holder(owner: str) -> str:
    """The holder's name for one piece of work of a process (``owner:nonce``). Claims are
    re-entrant for their holder where they allow it, so every run takes its own name: two jobs
    of one process (the sync and the shipments job, say) must not share a store any more than
    two processes."""
    return f"{owner}:{uuid.uuid4().hex[:6]}"


def owner_is_gone(owner: str | None) -> bool:
    """True when ``owner`` names a process of this host that no longer runs (a zombie, killed
    but not yet reaped, counts as gone). A process of another host, or one this check cannot
    see, is taken to be alive: its claim then frees the work when it expires."""
    host, _, rest = (owner or "").partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but belongs to someone else
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@dataclass(frozen=True)
class ClaimSlot:
    """Where one kind of claim is kept: the row's key, who holds it, and until when."""

    kind: str
    key: Any  # the mapped key column, e.g. ``SyncState.store_id``
    holder: Any
    expires: Any
    #: Whether the holder may acquire again what it holds (a store run within a resync).
    reentrant: bool = False

    @property
    def table(self):
        return self.key.class_


STORE_LEASE = ClaimSlot("store", SyncState.store_id, SyncState.lease_owner,
                        SyncState.lease_expires_at, reentrant=True)
RESYNC_CLAIM = ClaimSlot("resync", ResyncRequest.id, ResyncRequest.claimed_by,
                         ResyncRequest.claim_expires_at)
IMPORT_CLAIM = ClaimSlot("import", AmazonOrder.id, AmazonOrder.import_claimed_by,
                         AmazonOrder.import_claim_expires_at)

#: Called in the taking-over transaction with (session, key, the gone holder).
TakeoverHook = Callable[[Any, Any, str], None]


class Claims:
    """Acquire, renew, release and take over claims of one ``ClaimSlot``."""

    def __init__(self, db: Database, slot: ClaimSlot, clock: Clock = utcnow,
                 on_takeover: TakeoverHook | None = None):
        self.db, self.slot, self.clock, self.on_takeover = db, slot, clock, on_takeover

    def _update(self, key, *conditions):
        return (update(self.slot.table).where(self.slot.key == key, *conditions)
                .execution_options(synchronize_session=False))

    def acquire(self, key, holder: str, ttl: timedelta, *, where: Sequence = ()) -> bool:
        """Claim ``key`` for ``holder`` until ``ttl`` from now, if it is free (never held,
        released, expired, or held by a process that is gone) and ``where`` holds."""
        slot, now = self.slot, self.clock()
        free = [slot.holder.is_(None), slot.expires < now]
        if slot.reentrant:
            free.append(slot.holder == holder)
        values = {slot.holder.key: holder, slot.expires.key: now + ttl}
        with self.db.session() as session:
            if session.execute(self._update(key, or_(*free), *where).values(values)
                               ).rowcount == 1:
                return True
            current = session.scalar(select(slot.holder).where(slot.key == key, *where))
            if current is None or current == holder or not owner_is_gone(current):
                return False
            if session.execute(self._update(key, slot.holder == current, *where)
                               .values(values)).rowcount != 1:
                return False
            if self.on_takeover is not None:
                self.on_takeover(session, key, current)
        metrics.LEASE_TAKEOVERS.labels(slot.kind).inc()
        log.warning("%s %s: taken over from %s, which no longer runs", slot.kind, key, current)
        return True

    def renew(self, key, holder: str, ttl: timedelta, **values) -> bool:
        """Extend ``holder``'s claim (and write ``values`` with it); ``False`` means the claim
        was lost (expired and taken), so the holder must stop working."""
        slot = self.slot
        result = None
        with self.db.session() as session:
            result = session.execute(self._update(key, slot.holder == holder).values(
                {slot.expires.key: self.clock() + ttl, **values}))
        return result.rowcount == 1

    def release(self, key, holder: str | None = None, **values) -> bool:
        """Free the claim (``holder``'s only, when given), writing ``values`` with it."""
        slot = self.slot
        conditions = [] if holder is None else [slot.holder == holder]
        with self.db.session() as session:
            result = session.execute(self._update(key, *conditions).values(
                {slot.holder.key: None, slot.expires.key: None, **values}))
        return result.rowcount == 1

    def holder_of(self, key) -> str | None:
        with self.db.session() as session:
            return session.scalar(select(self.slot.holder).where(self.slot.key == key))

    def is_free(self, holder: str | None, expires: datetime | None) -> bool:
        """Whether a claim read as (``holder``, ``expires``) may be acquired by someone else."""
        return (holder is None or (expires is not None and expires < self.clock())
                or owner_is_gone(holder))


# -- store runs ------------------------------------------------------------------------------

def _free_import_claims(session, store_id, gone: str) -> None:
    """Only the lease holder claims imports, so the process that is gone left its claims on
    this store's orders: free them now instead of when they expire."""
    session.execute(update(AmazonOrder)
                    .where(AmazonOrder.store_id == store_id,
                           AmazonOrder.import_claimed_by.is_not(None))
                    .values(import_claimed_by=None, import_claim_expires_at=None)
                    .execution_options(synchronize_session=False))


def store_leases(db: Database, clock: Clock = utcnow) -> Claims:
    return Claims(db, STORE_LEASE, clock, on_takeover=_free_import_claims)


def try_acquire(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL,
                clock: Clock = utcnow) -> bool:
    return store_leases(db, clock).acquire(store_id, owner, ttl)


def renew(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL,
          clock: Clock = utcnow) -> bool:
    """Extend our lease; ``False`` means it was lost (expired and taken), so stop working."""
    return store_leases(db, clock).renew(store_id, owner, ttl)


def release(db: Database, store_id: int, owner: str) -> None:
    store_leases(db).release(store_id, owner)


@contextmanager
def _advisory_lock(db: Database, store_id: int) -> Iterator[bool]:
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as conn:
        key = conn.execute(text(ADVISORY_KEY), {"id": str(store_id)}).scalar()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        conn.commit()
        try:
            yield bool(got)
        finally:
            if got:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    conn.commit()
                except DBAPIError:  # the connection died; the server dropped the lock with it
                    log.warning("store %s: the advisory lock's connection was lost", store_id)


@contextmanager
def store_lease(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL,
                clock: Clock = utcnow) -> Iterator[bool]:
    """``with store_lease(...) as held:`` -- work on the store only when ``held`` is true."""
    leases = store_leases(db, clock)
    with _advisory_lock(db, store_id) as locked:
        if not locked or not leases.acquire(store_id, owner, ttl):
            yield False
            return
        keeper = Renewer(leases, store_id, owner, ttl)
        try:
            yield True
        finally:
            keeper.stop()
            leases.release(store_id, owner)


class Renewer(threading.Thread):
    """Renews a held claim every quarter of its TTL until stopped."""

    def __init__(self, claims: Claims, key, holder: str, ttl: timedelta):
        super().__init__(name=f"{claims.slot.kind}-lease-{key}", daemon=True)
        self.claims, self.key, self.holder, self.ttl = claims, key, holder, ttl
        self._stop_event = threading.Event()
        self.start()

    def run(self) -> None:
        every = max(self.ttl.total_seconds() / 4, 0.05)
        while not self._stop_event.wait(every):
            try:
                if not self.claims.renew(self.key, self.holder, self.ttl):
                    log.warning("%s %s: claim lost by %s", self.claims.slot.kind, self.key,
                                self.holder)
            except Exception:  # the database is away: try again on the next beat
                log.warning("%s %s: could not renew the claim", self.claims.slot.kind,
                            self.key, exc_info=True)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
