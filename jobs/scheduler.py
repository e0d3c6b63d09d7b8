"""APScheduler wiring: which lifecycle step runs when. Jobs are thin; the lifecycle decides.

- ``sync``: every store whose own interval has passed: sync, import, cancel.
- ``shipments``: confirm new Commerce shipments to Amazon.
- ``completion``: complete shipped orders.
- ``retention``: remove buyer PII from orders final for 30 days.
- ``resyncs``: run integrators' resyncs no live process holds: still queued (say, the web
  process that accepted one stopped), or cut off when their process died.
- ``heartbeat``: tells ``/health/ready`` this scheduler is alive.

Every job runs at most one instance at a time, coalesces missed runs, and takes the store's
lease, so any number of scheduler processes can run side by side. The jobs only schedule: what
runs, and every rule of it, is the lifecycle's (``connector.orders``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from connector.orders import (
    CANCEL,
    COMPLETE,
    IMPORT,
    SHIPMENTS,
    SYNC,
    Services,
    active_stores,
    beat,
    due_stores,
    remove_expired_pii,
    run_queued_resyncs,
    run_store,
    services_for,
)

log = logging.getLogger("connector.jobs")

TICK_SECONDS = 30
HEARTBEAT_SECONDS = 30
JOB_DEFAULTS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


def _each(svc: Services, store_ids, steps) -> None:
    for store_id in store_ids:
        try:
            run_store(svc, store_id, steps)
        except Exception:  # one store's failure must not stop the others
            log.exception("store %s: run failed", store_id)


def sync_job(svc: Services) -> None:
    _each(svc, due_stores(svc), (SYNC, IMPORT, CANCEL))


def shipments_job(svc: Services) -> None:
    _each(svc, active_stores(svc), (SHIPMENTS,))


def completion_job(svc: Services) -> None:
    _each(svc, active_stores(svc), (COMPLETE,))


def retention_job(svc: Services) -> None:
    removed = remove_expired_pii(svc)
    if removed:
        log.info("retention: removed buyer data from %d order(s)", removed)


def resync_job(svc: Services, stopping=None) -> None:
    """``stopping()`` is true once the scheduler shuts down: a resync still waiting for its
    store is then left queued for another process instead of holding up the shutdown."""
    ran = run_queued_resyncs(svc, stop=stopping)
    if ran:
        log.info("resyncs: ran %d waiting request(s)", len(ran))


def heartbeat_job(svc: Services) -> None:
    beat(svc)


def build_scheduler(svc: Services, *, tick_seconds: int = TICK_SECONDS) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    scheduler.add_job(heartbeat_job, "interval", seconds=HEARTBEAT_SECONDS, args=[svc],
                      id="heartbeat", next_run_time=svc.clock())
    scheduler.add_job(sync_job, "interval", seconds=tick_seconds, args=[svc], id="sync",
                      next_run_time=svc.clock())
    scheduler.add_job(resync_job, "interval", seconds=tick_seconds, id="resyncs",
                      args=[svc, lambda: scheduler.state == STATE_STOPPED],
                      next_run_time=svc.clock())
    scheduler.add_job(shipments_job, "interval", seconds=max(tick_seconds * 4, 1), args=[svc],
                      id="shipments")
    scheduler.add_job(completion_job, "interval", seconds=max(tick_seconds * 10, 1), args=[svc],
                      id="completion")
    scheduler.add_job(retention_job, "interval", hours=24, args=[svc], id="retention",
                      next_run_time=svc.clock() + timedelta(minutes=10))
    return scheduler


def start(app, tick_seconds: int | None = None) -> BackgroundScheduler:
    """The app's scheduler, started."""
    scheduler = build_scheduler(services_for(app), tick_seconds=tick_seconds or TICK_SECONDS)
    scheduler.start()
    return scheduler
