"""Amazon's rate limits kept between runs: its token buckets are per seller and application
(and region), so a run starts from what the last run of that seller and application left,
here or in another process, instead of a full bucket Amazon no longer has.

Times here are the real wall clock (not the lifecycle's): buckets refill in real seconds.
Saving is best effort: a run never fails because its buckets could not be kept. Two runs of
one seller and application at once (two of its stores, in one process or two) both start from
the last saved state, and both runs' calls reach the same Amazon bucket: the one that ends
last keeps what the other kept, refilled since, less its own calls, when that is lower than
what it saw itself. The client's own reaction to a 429 (stop, resume next run) covers the rest.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from connector.amazon import AmazonClient, BucketState
from connector.db import Database
from connector.models import RateLimitBucket, Store, utcnow

log = logging.getLogger("connector.orders.rate_limits")


def _key(store: Store) -> dict:
    return {"seller_id": store.seller_id, "application_id": store.lwa_client_id,
            "region": (store.region or "").upper()}


def restore_rate_limits(db: Database, store: Store, amazon: AmazonClient) -> None:
    """Start ``amazon``'s buckets where the last run of this seller and application left
    them (plus what refilled since)."""
    key = _key(store)
    if not all(key.values()):
        return  # a store not complete yet (being checked before it is saved)
    now = utcnow()
    try:
        with db.session() as session:
            rows = session.scalars(select(RateLimitBucket).filter_by(**key)).all()
            states = {row.operation: (row.tokens, row.rate,
                                      (now - row.updated_at).total_seconds()) for row in rows}
    except SQLAlchemyError:
        log.warning("store %s: rate limits not read; this run starts with full buckets",
                    store.id)
        return
    amazon.restore_rate_limits(states)


def keep_rate_limits(db: Database, store: Store, amazon: AmazonClient, *,
                     began: datetime | None = None) -> None:
    """Save ``amazon``'s buckets for the next run of this seller and application; ``began``:
    when the run read them (a bucket saved after that was saved by a run going on at the same
    time)."""
    key = _key(store)
    states = amazon.rate_limits()
    if not all(key.values()) or not states:
        return
    now = utcnow()
    try:
        with db.session() as session:
            rows = {row.operation: row for row in session.scalars(
                select(RateLimitBucket).filter_by(**key)
                .where(RateLimitBucket.operation.in_(list(states))).with_for_update())}
            for operation, state in states.items():
                row = rows.get(operation)
                if row is None:
                    session.add(RateLimitBucket(**key, operation=operation, tokens=state.tokens,
                                                rate=state.rate, updated_at=now))
                    continue
                tokens = state.tokens
                if began is not None and row.updated_at > began:
                    tokens = min(tokens, _with_theirs(row, state, now))
                row.tokens, row.rate, row.updated_at = tokens, state.rate, now
    except SQLAlchemyError:  # another process saved the same bucket first: its state stands
        log.info("store %s: rate limits not kept this time", store.id)


def _with_theirs(row: RateLimitBucket, ours: BucketState, now: datetime) -> float:
    """What Amazon's bucket holds when another run kept ``row`` during this one: its tokens,
    refilled since (up to the burst), less every token this run took."""
    refilled = row.tokens + max(0.0, (now - row.updated_at).total_seconds()) * row.rate
    return max(0.0, min(float(ours.burst), refilled) - ours.taken)
