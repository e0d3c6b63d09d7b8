"""APScheduler wiring: which lifecycle step runs when. Jobs are thin; the lifecycle decides.

- ``stores``: every tick, each active store runs, in one run under its lease, the steps it is
  due for: sync, import and cancel once its own interval has passed; shipment confirmations
  every 4 ticks; completion every 10 ticks. One run for all of them, because separate jobs of
  one process would compete for the store's lease: a store synced on every tick (interval 0)
  would starve its shipments and completion. Stores run side by side in a bounded pool
  (``CONNECTOR_STORE_CONCURRENCY``): Amazon's and Commerce's latency, not CPU, bounds a run, so
  a few hundred stores fit in one round only when they do not wait for each other.
- ``retention``: remove buyer PII from orders final for 30 days.
- ``resyncs``: run integrators' resyncs no live process holds: still queued (say, the web
  process that accepted one stopped), or cut off when their process died.
- ``heartbeat``: tells ``/health/ready`` this scheduler is alive.
- ``notifications``: long-polls the SQS queues Amazon sends ORDER_CHANGE notifications to,
  and brings each changed order in at once (under the store's lease, like a run).

Every job runs at most one instance at a time, coalesces missed runs, and takes the store's
lease, so any number of scheduler processes can run side by side. ``stop`` ends it cleanly: no
new work, running store runs stop at their next safe point and release their leases. The jobs
only schedule: what runs, and every rule of it, is the lifecycle's (``connector.orders``).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from connector.metrics import JOB_SECONDS
from connector.orders import (
    CANCEL,
    COMPLETE,
    IMPORT,
    SHIPMENTS,
    SYNC,
    Services,
    active_stores,
    beat,
    consume_notifications,
    due_stores,
    forget_old_notifications,
    remove_expired_pii,
    run_queued_resyncs,
    run_store,
    services_for,
)

log = logging.getLogger("connector.jobs")

TICK_SECONDS = 30
HEARTBEAT_SECONDS = 30
STORE_CONCURRENCY = 4
JOB_DEFAULTS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


SYNC_STEPS = (SYNC, IMPORT, CANCEL)
#: Every how many ticks a store's shipments are confirmed and its shipped orders completed.
SHIPMENTS_EVERY, COMPLETION_EVERY = 4, 10


def _run(svc: Services, store_id: int, steps) -> bool:
    """Whether the run took place (the store was free and active)."""
    try:
        return run_store(svc, store_id, steps).ran
    except Exception:  # one store's failure must not stop the others
        log.exception("store %s: run failed", store_id)
        return False


def sync_job(svc: Services) -> None:
    for store_id in due_stores(svc):
        _run(svc, store_id, SYNC_STEPS)


def shipments_job(svc: Services) -> None:
    for store_id in active_stores(svc):
        _run(svc, store_id, (SHIPMENTS,))


def completion_job(svc: Services) -> None:
    for store_id in active_stores(svc):
        _run(svc, store_id, (COMPLETE,))


class StoresJob:
    """The ``stores`` job: each active store's due steps in one run. Shipments and completion
    fall due per store (on this process's monotonic clock) and stay due until a run of them
    took place, so a busy store gets them on its next free moment."""

    def __init__(self, svc: Services, tick_seconds: float, *,
                 shipments_every: int = SHIPMENTS_EVERY, completion_every: int = COMPLETION_EVERY,
                 concurrency: int = STORE_CONCURRENCY):
        self.svc = svc
        self.concurrency = max(1, concurrency)
        self.every = {SHIPMENTS: tick_seconds * shipments_every,
                      COMPLETE: tick_seconds * completion_every}
        self._last: dict[tuple[int, str], float] = {}
        self._lock = threading.Lock()

    def _due(self, store_id: int, step: str, now: float) -> bool:
        last = self._last.get((store_id, step))
        return last is None or now - last >= self.every[step]

    def __call__(self) -> None:
        if self.svc.stopping.is_set():
            return
        now = time.monotonic()
        sync_due = set(due_stores(self.svc))
        work = []
        for store_id in active_stores(self.svc):
            steps = [*SYNC_STEPS] if store_id in sync_due else []
            steps += [step for step in (SHIPMENTS, COMPLETE) if self._due(store_id, step, now)]
            if steps:
                work.append((store_id, tuple(steps)))

        def one(item) -> None:
            store_id, steps = item
            if _run(self.svc, store_id, steps):
                with self._lock:
                    for step in steps:
                        if step in self.every:
                            self._last[(store_id, step)] = now

        if self.concurrency == 1 or len(work) <= 1:
            for item in work:
                one(item)
            return
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(work)),
                                thread_name_prefix="store") as pool:
            list(pool.map(one, work))


def retention_job(svc: Services) -> None:
    forget_old_notifications(svc)  # handled notifications, kept only while SQS could resend
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


#: Seconds one long poll of a notifications queue waits for a message (SQS allows up to 20;
#: short enough that a scheduler stops promptly).
NOTIFY_WAIT_SECONDS = 5


def notifications_job(svc: Services, wait_seconds: float = NOTIFY_WAIT_SECONDS) -> None:
    report = consume_notifications(svc, wait_seconds=wait_seconds)
    if report.received:
        log.info("notifications: %d message(s): %d handled, %d duplicate, %d malformed, "
                 "%d dropped, %d back in the queue", report.received, report.handled,
                 report.duplicates, report.malformed, report.dropped, report.retried)


def timed(name: str, job):
    """``job``, with the time of each round in ``connector_job_seconds{job=name}``."""
    def run(*args):
        with JOB_SECONDS.labels(name).time():
            return job(*args)
    run.__name__ = run.__qualname__ = f"{name}_job"  # the name the scheduler's log uses
    return run


class LongPollTicks(logging.Filter):
    """The notifications job is due every second so that one long poll follows the last; a
    tick that finds it still polling is how it is meant to run, not worth a warning a second."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith('Execution of job "notifications_job')
                    and "maximum number of running instances" in message)


_LONG_POLL_TICKS = LongPollTicks()


def build_scheduler(svc: Services, *, tick_seconds: int = TICK_SECONDS,
                    shipments_every: int = SHIPMENTS_EVERY,
                    completion_every: int = COMPLETION_EVERY,
                    store_concurrency: int = STORE_CONCURRENCY) -> BackgroundScheduler:
    """The jobs on APScheduler's own (wall) clock; what they do takes the lifecycle's clock."""
    now = datetime.now(UTC)
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    scheduler_log = logging.getLogger("apscheduler.scheduler")
    if _LONG_POLL_TICKS not in scheduler_log.filters:
        scheduler_log.addFilter(_LONG_POLL_TICKS)
    scheduler.add_job(timed("heartbeat", heartbeat_job), "interval",
                      seconds=HEARTBEAT_SECONDS, args=[svc], id="heartbeat", next_run_time=now)
    scheduler.add_job(timed("stores", StoresJob(svc, tick_seconds,
                                                shipments_every=shipments_every,
                                                completion_every=completion_every,
                                                concurrency=store_concurrency)), "interval",
                      seconds=tick_seconds,
                      id="stores", name="stores_job", next_run_time=now)
    scheduler.add_job(timed("resyncs", resync_job), "interval", seconds=tick_seconds,
                      id="resyncs", args=[svc, lambda: scheduler.state == STATE_STOPPED
                                          or svc.stopping.is_set()], next_run_time=now)
    # Back to back: each run is a long poll, so a message waits for none of the ticks.
    scheduler.add_job(timed("notifications", notifications_job), "interval", seconds=1,
                      args=[svc], id="notifications", next_run_time=now)
    scheduler.add_job(timed("retention", retention_job), "interval", hours=24, args=[svc],
                      id="retention", next_run_time=now + timedelta(minutes=10))
    return scheduler


def start(app, tick_seconds: int | None = None, **cadence) -> BackgroundScheduler:
    """The app's scheduler, started; ``cadence``: ``shipments_every``, ``completion_every``
    (ticks; the demo confirms and completes on every tick). Stores run
    ``CONNECTOR_STORE_CONCURRENCY`` at a time."""
    settings = app.extensions["connector_settings"]
    cadence.setdefault("store_concurrency", settings.store_concurrency)
    scheduler = build_scheduler(services_for(app), tick_seconds=tick_seconds or TICK_SECONDS,
                                **cadence)
    scheduler.start()
    return scheduler


def stop(scheduler: BackgroundScheduler | None, svc: Services, grace: float) -> bool:
    """Stop taking new work and let running jobs reach a safe point: store runs stop between
    steps, pages and orders and release their leases. Whether everything stopped within
    ``grace`` seconds."""
    svc.stopping.set()
    if scheduler is None:
        return True
    done = threading.Event()

    def wait() -> None:
        scheduler.shutdown(wait=True)
        done.set()

    threading.Thread(target=wait, name="scheduler-stop", daemon=True).start()
    return done.wait(grace)
