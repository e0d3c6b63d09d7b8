"""APScheduler wiring: which lifecycle step runs when. Jobs are thin; the lifecycle decides.

- ``sync``: every store whose own interval has passed: sync, import, cancel.
- ``shipments``: confirm new Commerce shipments to Amazon.
- ``completion``: complete shipped orders.
- ``retention``: remove buyer PII from orders final for 30 days.
- ``resyncs``: run integrators' resyncs no live process holds: still queued (say, the web
  process that accepted one stopped), or cut off when their process died.
- ``heartbeat``: tells ``/health/ready`` this scheduler is alive.

Every job runs at most one instance at a time, coalesces missed runs, and takes the store's
lease, so any number of scheduler processes can run side by side.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from sqlalchemy import select

from connector.models import OrderSettings, SchedulerHeartbeat, Store, SyncState
from connector.orders.context import Lifecycle
from connector.orders.resync import run_queued_resyncs
from connector.orders.retention import remove_expired_pii
from connector.orders.runner import CANCEL, COMPLETE, IMPORT, SHIPMENTS, SYNC, run_store

log = logging.getLogger("connector.jobs")

TICK_SECONDS = 30
HEARTBEAT_SECONDS = 30
JOB_DEFAULTS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


def due_stores(lc: Lifecycle) -> list[int]:
    """Active stores whose own sync interval has passed since their last run."""
    now = lc.clock()
    with lc.db.session() as session:
        rows = session.execute(
            select(Store.id, OrderSettings.sync_interval_minutes, SyncState.last_run_at)
            .join(OrderSettings, OrderSettings.store_id == Store.id)
            .join(SyncState, SyncState.store_id == Store.id)
            .where(Store.status == "Active").order_by(Store.id)).all()
    return [store_id for store_id, minutes, last_run in rows
            if last_run is None or now - last_run >= timedelta(minutes=minutes)]


def active_stores(lc: Lifecycle) -> list[int]:
    with lc.db.session() as session:
        return list(session.scalars(select(Store.id).where(Store.status == "Active")))


def _each(lc: Lifecycle, store_ids, steps) -> None:
    for store_id in store_ids:
        try:
            run_store(lc, store_id, steps)
        except Exception:  # one store's failure must not stop the others
            log.exception("store %s: run failed", store_id)


def sync_job(lc: Lifecycle) -> None:
    _each(lc, due_stores(lc), (SYNC, IMPORT, CANCEL))


def shipments_job(lc: Lifecycle) -> None:
    _each(lc, active_stores(lc), (SHIPMENTS,))


def completion_job(lc: Lifecycle) -> None:
    _each(lc, active_stores(lc), (COMPLETE,))


def retention_job(lc: Lifecycle) -> None:
    removed = remove_expired_pii(lc)
    if removed:
        log.info("retention: removed buyer data from %d order(s)", removed)


def resync_job(lc: Lifecycle, stopping=None) -> None:
    """``stopping()`` is true once the scheduler shuts down: a resync still waiting for its
    store is then left queued for another process instead of holding up the shutdown."""
    ran = run_queued_resyncs(lc, stop=stopping)
    if ran:
        log.info("resyncs: ran %d waiting request(s)", len(ran))


def heartbeat_job(lc: Lifecycle) -> None:
    with lc.db.session() as session:
        beat = session.get(SchedulerHeartbeat, lc.owner)
        if beat is None:
            session.add(SchedulerHeartbeat(owner=lc.owner, beat_at=lc.clock()))
        else:
            beat.beat_at = lc.clock()


def build_scheduler(lc: Lifecycle, *, tick_seconds: int = TICK_SECONDS) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    scheduler.add_job(heartbeat_job, "interval", seconds=HEARTBEAT_SECONDS, args=[lc],
                      id="heartbeat", next_run_time=lc.clock())
    scheduler.add_job(sync_job, "interval", seconds=tick_seconds, args=[lc], id="sync",
                      next_run_time=lc.clock())
    scheduler.add_job(resync_job, "interval", seconds=tick_seconds, id="resyncs",
                      args=[lc, lambda: scheduler.state == STATE_STOPPED],
                      next_run_time=lc.clock())
    scheduler.add_job(shipments_job, "interval", seconds=max(tick_seconds * 4, 1), args=[lc],
                      id="shipments")
    scheduler.add_job(completion_job, "interval", seconds=max(tick_seconds * 10, 1), args=[lc],
                      id="completion")
    scheduler.add_job(retention_job, "interval", hours=24, args=[lc], id="retention",
                      next_run_time=lc.clock() + timedelta(minutes=10))
    return scheduler
