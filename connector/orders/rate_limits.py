"""Amazon's rate limits kept between runs: its token buckets are per seller and application
(and region), so a run starts from what the last run of that seller and application left,
here or in another process, instead of a full bucket Amazon no longer has.

Times here are the real wall clock (not the lifecycle's): buckets refill in real seconds.
Saving is best effort: a run never fails because its buckets could not be kept. Two runs of
one seller and application at once (two of its stores in two processes) each start from the
last saved state and the last to end is kept; the client's own reaction to a 429 (stop, resume
next run) covers what that misses.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from connector.amazon import AmazonClient
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


def keep_rate_limits(db: Database, store: Store, amazon: AmazonClient) -> None:
    """Save ``amazon``'s buckets for the next run of this seller and application."""
    key = _key(store)
    states = amazon.rate_limits()
    if not all(key.values()) or not states:
        return
    now = utcnow()
    try:
        with db.session() as session:
            for operation, (tokens, rate) in states.items():
                session.merge(RateLimitBucket(**key, operation=operation, tokens=tokens,
                                              rate=rate, updated_at=now))
    except SQLAlchemyError:  # another process saved the same bucket first: its state stands
        log.info("store %s: rate limits not kept this time", store.id)
