"""One runner per store: a lease row, taken with one conditional UPDATE.

The UPDATE succeeds for exactly one process when several race (the database serialises the
row), on SQLite and PostgreSQL alike. On PostgreSQL a session advisory lock is taken as well,
so even a run that outlives its lease (a long stall) cannot overlap another.

A crashed process must not keep a store for long: the lease is short (``DEFAULT_TTL``) and a
thread renews it while the run works; and a lease whose owner ran on this host and no longer
exists (the owner is ``host:pid:nonce``) is taken over at once, with the import claims that
process left on the store's orders (only the lease holder takes claims). A crash on another
host frees the store when the lease expires.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, select, text, update
from sqlalchemy.exc import DBAPIError

from connector.db import Database
from connector.models import AmazonOrder, SyncState, utcnow

log = logging.getLogger("connector.jobs.leases")

DEFAULT_TTL = timedelta(minutes=2)
# Advisory locks are database-wide, not per schema: the key hashes the schema with the store
# id, so deployments (or test runs) in other schemas of one database never block each other.
ADVISORY_KEY = "SELECT hashtextextended('amazon-orders:' || current_schema() || ':' || :id, 0)"


def process_owner() -> str:
    """A name for this process that a person can trace back: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_holder(owner: str) -> str:
    """The lease holder's name for one run of a process (``owner:nonce``). The lease is
    re-entrant for its holder, so every run takes its own name: two jobs of one process (the
    sync and the shipments job, say) must not share a store any more than two processes."""
    return f"{owner}:{uuid.uuid4().hex[:6]}"


def owner_is_gone(owner: str | None) -> bool:
    """True when ``owner`` names a process of this host that no longer runs (a zombie, killed
    but not yet reaped, counts as gone). A process of another host, or one this check cannot
    see, is taken to be alive: its lease then frees the store when it expires."""
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


def try_acquire(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL) -> bool:
    now = utcnow()
    with db.session() as session:
        result = session.execute(
            update(SyncState)
            .where(SyncState.store_id == store_id)
            .where(or_(SyncState.lease_owner.is_(None), SyncState.lease_expires_at < now,
                       SyncState.lease_owner == owner))
            .values(lease_owner=owner, lease_expires_at=now + ttl)
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            return True
        holder = session.scalar(select(SyncState.lease_owner)
                                .where(SyncState.store_id == store_id))
        if not owner_is_gone(holder):
            return False
        result = session.execute(
            update(SyncState)
            .where(SyncState.store_id == store_id, SyncState.lease_owner == holder)
            .values(lease_owner=owner, lease_expires_at=now + ttl)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            return False
        session.execute(update(AmazonOrder)
                        .where(AmazonOrder.store_id == store_id,
                               AmazonOrder.import_claimed_at.is_not(None))
                        .values(import_claimed_at=None)
                        .execution_options(synchronize_session=False))
        log.warning("store %s: took over the lease of %s, which no longer runs", store_id,
                    holder)
        return True


def renew(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL) -> bool:
    """Extend our lease; ``False`` means it was lost (expired and taken), so stop working."""
    with db.session() as session:
        result = session.execute(
            update(SyncState)
            .where(SyncState.store_id == store_id, SyncState.lease_owner == owner)
            .values(lease_expires_at=utcnow() + ttl)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def release(db: Database, store_id: int, owner: str) -> None:
    with db.session() as session:
        session.execute(
            update(SyncState)
            .where(SyncState.store_id == store_id, SyncState.lease_owner == owner)
            .values(lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False))


@contextmanager
def _advisory_lock(db: Database, store_id: int):
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
def store_lease(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL):
    """``with store_lease(...) as held:`` -- work on the store only when ``held`` is true."""
    with _advisory_lock(db, store_id) as locked:
        if not locked or not try_acquire(db, store_id, owner, ttl):
            yield False
            return
        keeper = _Renewer(db, store_id, owner, ttl)
        try:
            yield True
        finally:
            keeper.stop()
            release(db, store_id, owner)


class _Renewer(threading.Thread):
    """Renews a held lease every quarter of its TTL until stopped."""

    def __init__(self, db: Database, store_id: int, owner: str, ttl: timedelta):
        super().__init__(name=f"lease-{store_id}", daemon=True)
        self.db, self.store_id, self.owner, self.ttl = db, store_id, owner, ttl
        self._stop_event = threading.Event()
        self.start()

    def run(self) -> None:
        every = max(self.ttl.total_seconds() / 4, 0.05)
        while not self._stop_event.wait(every):
            try:
                if not renew(self.db, self.store_id, self.owner, self.ttl):
                    log.warning("store %s: lease lost by %s", self.store_id, self.owner)
            except Exception:  # the database is away: try again on the next beat
                log.warning("store %s: could not renew the lease", self.store_id,
                            exc_info=True)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
