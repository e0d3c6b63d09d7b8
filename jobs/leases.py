"""One runner per store: a lease row, taken with one conditional UPDATE.

The UPDATE succeeds for exactly one process when several race (the database serialises the
row), on SQLite and PostgreSQL alike. A lease expires, so a crashed process cannot hold a store
forever; a live one renews it while it works. On PostgreSQL a session advisory lock is taken as
well, so even a run that outlives its lease (a long stall) cannot overlap another.
"""

from __future__ import annotations

import os
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, text, update

from connector.db import Database
from connector.models import SyncState, utcnow

DEFAULT_TTL = timedelta(minutes=10)
# Advisory locks are database-wide, not per schema: the key hashes the schema with the store
# id, so deployments (or test runs) in other schemas of one database never block each other.
ADVISORY_KEY = "SELECT hashtextextended('amazon-orders:' || current_schema() || ':' || :id, 0)"


def process_owner() -> str:
    """A name for this process that a person can trace back: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


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
        return result.rowcount == 1


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
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()


@contextmanager
def store_lease(db: Database, store_id: int, owner: str, ttl: timedelta = DEFAULT_TTL):
    """``with store_lease(...) as held:`` -- work on the store only when ``held`` is true."""
    with _advisory_lock(db, store_id) as locked:
        if not locked or not try_acquire(db, store_id, owner, ttl):
            yield False
            return
        try:
            yield True
        finally:
            release(db, store_id, owner)
