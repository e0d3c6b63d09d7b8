"""Orders changed on Amazon, told by its ORDER_CHANGE notifications: within seconds instead of
at the next sync.

A notification is a trigger: the consumer fetches the order with getOrder (0.5 per second,
burst 30, through the client's buckets) and runs the sync's own steps on it -- record (newer
wins), import, then the Commerce side of cancel -- under the store's lease, like any run. So a
message delivered twice, or after a newer one, changes nothing: the order as Amazon has it now
is what is recorded. Rules, in the order they apply to a message:

- Malformed (not the notification's schema): recorded with why, deleted, never retried.
- Already handled (its ``NotificationId`` is recorded): deleted.
- For a seller and marketplace no store has: dropped with a note in the log, deleted.
- Otherwise the order is fetched, recorded and imported; the message is deleted only after
  that is committed, and recorded as handled. A process that dies in between leaves the
  message in the queue: it comes back, and the import's binding row makes the second pass
  find the Commerce order instead of creating one.
- Amazon throttles, or the store's lease is busy: the message comes back a little later.
- No getOrder for an order already recorded as new as the change (a sync brought it, or an
  earlier message did). When messages come faster than getOrder's 0.5 per second and wait
  past two minutes, one searchOrders (the store's sync, a hundred orders a page, at most every
  three minutes) brings the backlog in instead.

Polling stays the safety net (``scheduling.due_stores``): what a lost message missed, the next
sync brings, with the watermark rules unchanged.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from connector.amazon import InvalidOrderData, NotFound, Throttled
from connector.domain import StoreStatus
from connector.models import NotificationMessage, NotificationSubscription, Store, SyncState
from connector.notifications import MalformedNotification, OrderChange, read_order_change
from connector.orders.coordination import store_lease
from connector.orders.outcomes import classify, note_on_store
from connector.orders.records import known_rows, note_once, record_order
from connector.orders.runner import CANCEL_IN_COMMERCE, IMPORT, RunReport, _steps
from connector.orders.services import Services
from connector.orders.sync import sync_store

log = logging.getLogger("connector.orders.notifications")

HANDLED, MALFORMED, DROPPED = "handled", "malformed", "dropped"
#: Seconds before a message comes back when its store is busy or Amazon throttled.
BUSY_RETRY, THROTTLED_RETRY = 10, 30
#: Seconds a message waits for its store's lease before it is put back in the queue.
LEASE_WAIT = 5.0
#: Amazon's search returns changes older than two minutes (with a margin); searchOrders
#: refills one call every three minutes.
SWEEP_AFTER, SWEEP_EVERY = timedelta(seconds=150), timedelta(minutes=3)
#: How long a handled NotificationId is kept: SQS keeps a message at most 14 days, so no
#: copy of it can arrive later.
REMEMBER = timedelta(days=15)
#: Seconds a queue that could not be read is left alone.
QUEUE_PAUSE = 60


@dataclass
class ConsumeReport:
    received: int = 0
    handled: int = 0
    duplicates: int = 0
    malformed: int = 0
    dropped: int = 0
    retried: int = 0  # left in the queue for later (store busy, Amazon throttled, failure)
    orders: dict[int, list[str]] = field(default_factory=dict)  # store -> orders fetched

    def add(self, other: ConsumeReport) -> None:
        for name in ("received", "handled", "duplicates", "malformed", "dropped", "retried"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for store_id, ids in other.orders.items():
            self.orders.setdefault(store_id, []).extend(ids)


def subscribed_queues(svc: Services) -> list[str]:
    with svc.db.session() as session:
        return list(session.scalars(select(NotificationSubscription.queue_arn).distinct()
                                    .order_by(NotificationSubscription.queue_arn)))


def consume_notifications(svc: Services, *, wait_seconds: float = 10,
                          max_messages: int = 10) -> ConsumeReport:
    """One long poll of each subscribed queue, and what its messages say done. A queue that
    cannot be reached (no AWS credentials, no such queue, SQS down) is noted in the log and
    left alone for ``QUEUE_PAUSE``; the polling sync carries on meanwhile."""
    report = ConsumeReport()
    for queue_arn in subscribed_queues(svc):
        paused = svc.queue_trouble.get(queue_arn)
        if paused is not None and time.monotonic() < paused:
            continue
        try:
            queue = svc.queue_for(queue_arn)
            messages = queue.receive(wait_seconds, max_messages)
        except Exception as exc:  # boto3's and the network's: the queue is out of reach
            svc.queues.pop(queue_arn, None)
            svc.queue_trouble[queue_arn] = time.monotonic() + QUEUE_PAUSE
            log.warning("notifications queue %s cannot be read (%s: %s); polling carries on, "
                        "next try in %ds", queue_arn, type(exc).__name__, exc, QUEUE_PAUSE)
            continue
        svc.queue_trouble.pop(queue_arn, None)
        report.add(handle_messages(svc, queue, messages))
    return report


def forget_old_notifications(svc: Services) -> int:
    """Drop the record of notifications older than any copy SQS could still deliver."""
    with svc.db.session() as session:
        result = session.execute(delete(NotificationMessage).where(
            NotificationMessage.received_at < svc.clock() - REMEMBER))
        return result.rowcount or 0


def _remember(svc: Services, notification_id: str, outcome: str, *, store_id=None,
              order_id=None, detail=None) -> None:
    with svc.db.session() as session:
        if session.get(NotificationMessage, notification_id) is None:
            session.add(NotificationMessage(
                notification_id=notification_id, store_id=store_id, amazon_order_id=order_id,
                outcome=outcome, detail=detail, received_at=svc.clock()))


def _handled_ids(svc: Services, ids) -> set[str]:
    ids = list(ids)
    if not ids:
        return set()
    with svc.db.session() as session:
        return set(session.scalars(select(NotificationMessage.notification_id).where(
            NotificationMessage.notification_id.in_(ids))))


def _route(svc: Services) -> dict[tuple[str, str], int]:
    """(seller id, marketplace id) -> store id, for the stores that exist."""
    with svc.db.session() as session:
        rows = session.execute(select(Store.id, Store.seller_id, Store.marketplace_ids)
                               .order_by(Store.id)).all()
    routes: dict[tuple[str, str], int] = {}
    for store_id, seller_id, marketplaces in rows:
        for marketplace in marketplaces or ():
            routes.setdefault((seller_id, marketplace), store_id)
    return routes


def handle_messages(svc: Services, queue, messages) -> ConsumeReport:
    report = ConsumeReport(received=len(messages))
    if not messages:
        return report
    readable, done = [], []
    for message in messages:
        try:
            readable.append((message, read_order_change(message.body)))
        except MalformedNotification as bad:
            key = bad.notification_id or f"sqs:{message.message_id}"
            _remember(svc, key, MALFORMED, detail=str(bad)[:2000])
            log.warning("notification %s is malformed (%s): recorded and deleted", key, bad)
            report.malformed += 1
            done.append(message)
    seen = _handled_ids(svc, (change.notification_id for _, change in readable))
    routes = _route(svc)
    by_store: dict[int, list] = defaultdict(list)
    for message, change in readable:
        if change.notification_id in seen:
            report.duplicates += 1
            done.append(message)
            continue
        store_id = routes.get((change.seller_id, change.marketplace_id))
        if store_id is None:
            log.info("notification %s is for seller %s in %s, which no store sells as: "
                     "dropped", change.notification_id, change.seller_id,
                     change.marketplace_id)
            _remember(svc, change.notification_id, DROPPED, order_id=change.order_id,
                      detail="no store for this seller and marketplace")
            report.dropped += 1
            done.append(message)
            continue
        seen.add(change.notification_id)  # a copy in the same batch is a duplicate too
        by_store[store_id].append((message, change))
    if done:
        queue.delete(done)
    for store_id, items in by_store.items():
        report.add(_for_store(svc, queue, store_id, items))
    return report


def _up_to_date(svc: Services, store_id: int, changes: list[OrderChange]) -> set[str]:
    """Orders whose recorded state is already as new as the change a message tells of (a
    sync brought it, or an earlier message): no getOrder for them."""
    with svc.db.session() as session:
        known = known_rows(session, store_id, [c.order_id for c in changes])
    newest: dict[str, datetime] = {}
    for change in changes:
        newest[change.order_id] = max(change.changed_at,
                                      newest.get(change.order_id, change.changed_at))
    return {order_id for order_id, moment in newest.items()
            if order_id in known and known[order_id].last_updated >= moment}


def _sweep_due(svc: Services, store_id: int, changes: list[OrderChange]) -> bool:
    """Messages come faster than getOrder's 0.5 per second and wait: once the oldest change
    waiting is one Amazon's search returns (older than two minutes), one searchOrders call
    (a hundred orders a page) brings the backlog in, at most once per its refill time."""
    now = svc.clock()
    if now - min(c.changed_at for c in changes) < SWEEP_AFTER:
        return False
    with svc.db.session() as session:
        state = session.get(SyncState, store_id)
        last = state.last_run_at if state is not None else None
    return last is None or now - last >= SWEEP_EVERY


def _sweep(svc: Services, store_id: int, amazon) -> None:
    """The store's sync, as a scheduled run does it (watermark rules and all)."""
    sync_store(svc, store_id, amazon)
    now = svc.clock()
    with svc.db.session() as session:
        state = session.get(SyncState, store_id)
        state.last_run_at = state.last_success_at = now


def _fetch(amazon, store_id: int, changes: list[OrderChange], skip: set[str] = frozenset()):
    """Each changed order once, as Amazon has it now (but those in ``skip``). Returns (orders,
    gone, unreadable, throttled): ids Amazon does not know, ids it sent unreadable, ids not
    fetched yet."""
    orders, gone, unreadable = [], [], []
    wanted = [order_id for order_id in dict.fromkeys(change.order_id for change in changes)
              if order_id not in skip]
    for n, order_id in enumerate(wanted):
        try:
            orders.append(amazon.get_order(order_id))
        except NotFound:
            gone.append(order_id)
        except InvalidOrderData as exc:
            unreadable.append((order_id, str(exc)))
        except Throttled:
            log.info("store %s: getOrder throttled; %d order(s) wait in the queue", store_id,
                     len(wanted) - n)
            return orders, gone, unreadable, set(wanted[n:])
    return orders, gone, unreadable, set()


def _record(svc: Services, store_id: int, orders, unreadable) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        known = known_rows(session, store_id, [o.order_id for o in orders])
        for order in orders:
            record_order(session, store, order, at=now, known=known)
        for order_id, error in unreadable:
            row = known_rows(session, store_id, [order_id]).get(order_id)
            if row is not None:
                note_once(session, row, "Amazon sent this order in a form the connector "
                                        f"cannot read: {error}", now)


def _note_flow(svc: Services, store_id: int, changes: list[OrderChange]) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        for change in changes:
            if session.get(NotificationMessage, change.notification_id) is None:
                session.add(NotificationMessage(
                    notification_id=change.notification_id, store_id=store_id,
                    amazon_order_id=change.order_id, outcome=HANDLED, received_at=now))
        subscription = session.get(NotificationSubscription, store_id)
        if subscription is not None and changes:
            latest = max(changes, key=lambda c: c.published_at)
            subscription.last_message_at = now
            subscription.last_lag_seconds = max(0.0,
                                                (now - latest.published_at).total_seconds())
            subscription.messages = (subscription.messages or 0) + len(changes)


def _for_store(svc: Services, queue, store_id: int, items) -> ConsumeReport:
    """Under the store's lease, waiting up to ``LEASE_WAIT`` seconds for a scheduled run to
    end (shipments and completion runs are short); after that the messages come back later."""
    holder = svc.holder()
    deadline = time.monotonic() + LEASE_WAIT
    while True:
        with store_lease(svc.db, store_id, holder, clock=svc.clock) as held:
            if held:
                return _work(svc, queue, store_id, items, holder)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    messages = [message for message, _ in items]
    queue.retry_later(messages, BUSY_RETRY)
    return ConsumeReport(retried=len(messages))


def _work(svc: Services, queue, store_id: int, items, holder: str) -> ConsumeReport:
    """The messages' orders fetched, recorded and imported; the messages deleted after."""
    report = ConsumeReport()
    messages = [message for message, _ in items]
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        active = store.status == StoreStatus.ACTIVE
        _ = store.settings
        session.expunge_all()
    if not active:  # paused: its sync picks the changes up once it is active again
        for _, change in items:
            _remember(svc, change.notification_id, DROPPED, store_id=store_id,
                      order_id=change.order_id, detail="store is Inactive")
        queue.delete(messages)
        report.dropped += len(messages)
        return report
    amazon, commerce = svc.amazon_for_notifications(store), svc.commerce_for(store)
    waiting: set[str] = set()
    try:
        changes = [c for _, c in items]
        if _sweep_due(svc, store_id, changes):
            _sweep(svc, store_id, amazon)
        orders, gone, unreadable, waiting = _fetch(amazon, store_id, changes,
                                                   _up_to_date(svc, store_id, changes))
        _record(svc, store_id, orders, unreadable)
        for order_id in gone:
            log.warning("store %s: notified order %s is unknown to Amazon", store_id,
                        order_id)
        run = RunReport(store_id, ran=True)
        _steps(svc, store, (IMPORT, CANCEL_IN_COMMERCE), run, amazon, commerce, holder)
        report.orders[store_id] = [o.order_id for o in orders]
    except Exception as failed:
        outcome = classify(failed)
        if outcome is None:
            raise
        with svc.db.session() as session:
            note_on_store(session.get(SyncState, store_id), outcome, svc.clock())
        log.warning("store %s: notified orders stopped (%s); they come back from the "
                    "queue", store_id, outcome.message)
        queue.retry_later(messages, THROTTLED_RETRY)
        report.retried += len(messages)
        return report
    finally:
        commerce.close()  # the Amazon client stays, with its token and buckets
    finished = [(m, c) for m, c in items if c.order_id not in waiting]
    later = [m for m, c in items if c.order_id in waiting]
    _note_flow(svc, store_id, [c for _, c in finished])
    if finished:
        queue.delete([m for m, _ in finished])
    if later:
        queue.retry_later(later, THROTTLED_RETRY)
    report.handled += len(finished)
    report.retried += len(later)
    return report
