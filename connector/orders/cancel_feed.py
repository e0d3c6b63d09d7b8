"""Sending the merchant's cancellations to Amazon: one feed per store and run, never twice.

Each run of a store (under its lease), ``send_cancellations``:

1. settles the feeds Amazon is processing: once done, an order Amazon refused (the processing
   report names its message) is ``refused`` with Amazon's words, and the others stay ``sent``
   until a sync shows them Canceled (``records``); a feed Amazon could not process (FATAL,
   CANCELLED) refuses all of its orders;
2. resumes the feed a previous run left unsent or unanswered, if any;
3. otherwise binds every order whose cancellation is ``requested`` to a new feed (so the
   cancellations asked for within one interval go out together: createFeed allows about one
   call every two minutes) and sends it.

Sending is "must not run twice" work, made safe as imports are. The feed's row is claimed
(``FEED_CLAIM``) before any call; it is marked ``submitting``, with the time, before the call
that creates the feed; and a feed left ``submitting`` (a crash before its record, a lost
answer) is looked for among the feeds Amazon received since then before it is sent again. A
new feed may take Amazon a moment to list, so the look waits ``LOOKUP_DELAY`` after the
attempt. A feed Amazon lists that the store's records do not know is taken to be this one (the
store's seller account could send one from elsewhere in those minutes; that is the price of
never sending twice). In read-only mode a feed is prepared and withheld.

Amazon's trouble (throttling, a failure, the app not allowed to send feeds) holds the
cancellations back to a later run, with a note on their orders once; it never stops the run, so
the store's shipments and completions go on. Amazon refusing the feed itself (400) refuses its
orders: sending it again would be refused again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from connector.amazon import (
    AmazonClient,
    AmazonError,
    AuthError,
    Cancellation,
    CancellationOutcome,
    InvalidInput,
    Throttled,
)
from connector.domain import CancelReason, FeedState, SellerCancelState, cancel_reason_label
from connector.models import AmazonOrder, CancellationFeed, Store
from connector.orders.coordination import Claims, ClaimSlot
from connector.orders.outcomes import Outcome, classify
from connector.orders.records import add_note, note_once
from connector.orders.services import Services

log = logging.getLogger("connector.orders.cancel_feed")

FEED_CLAIM = ClaimSlot("cancellation feed", CancellationFeed.id, CancellationFeed.claimed_by,
                       CancellationFeed.claim_expires_at)
#: How long sending one feed may hold it (a slow upload, Amazon's rate limit).
CLAIM_TTL = timedelta(minutes=10)
#: How long after an unanswered attempt Amazon's list of feeds is trusted to show it.
LOOKUP_DELAY = timedelta(minutes=2)
#: Amazon's clock may differ from ours: the look starts this much before the attempt.
CLOCK_SKEW = timedelta(minutes=5)
#: Orders per feed (more wait for the next run); createFeed names at most 25 marketplaces.
MAX_ORDERS, MAX_MARKETPLACES = 1000, 25
UNSENT = (FeedState.PREPARED, FeedState.SUBMITTING)


@dataclass
class FeedReport:
    """What one run did: orders sent in a feed, refused and accepted by Amazon, withheld; and
    the Amazon trouble that held the feeds back, if any (the run itself goes on)."""

    sent: int = 0
    refused: int = 0
    accepted: int = 0
    withheld: int = 0
    stopped_by: Outcome | None = None


def send_cancellations(svc: Services, store_id: int, amazon: AmazonClient) -> FeedReport:
    """Settle the store's feeds at Amazon, then send its waiting cancellations (see above).

    When Amazon is throttling, failing or not letting the app send feeds, the cancellations
    wait for a later run (their orders say so once) and ``stopped_by`` says why: the store's
    shipments and completions in the same run must not wait for a cancellation."""
    report = FeedReport()
    try:
        for feed_row_id in _feed_ids(svc, store_id, (FeedState.SUBMITTED,)):
            _settle(svc, feed_row_id, amazon, report)
        unsent = _feed_ids(svc, store_id, UNSENT)
        feed_row_id = unsent[0] if unsent else _new_feed(svc, store_id)
        if feed_row_id is not None:
            _send(svc, store_id, feed_row_id, amazon, report)
    except AmazonError as trouble:
        report.stopped_by = classify(trouble)
        log.warning("store %s: cancellations held back (%s)", store_id,
                    report.stopped_by.message)
        _note_waiting(svc, store_id, report.stopped_by)
    return report


def _note_waiting(svc: Services, store_id: int, outcome: Outcome) -> None:
    """Tell each order whose cancellation could not go out why, once."""
    with svc.db.session() as session:
        for row in session.scalars(select(AmazonOrder).where(
                AmazonOrder.store_id == store_id,
                AmazonOrder.seller_cancel_state == SellerCancelState.REQUESTED)):
            note_once(session, row, f"Cancellation not sent to Amazon yet: {outcome.message} "
                                    "Will retry.", svc.clock())


def _feed_ids(svc: Services, store_id: int, states) -> list[int]:
    with svc.db.session() as session:
        return list(session.scalars(select(CancellationFeed.id).where(
            CancellationFeed.store_id == store_id, CancellationFeed.state.in_(states))
            .order_by(CancellationFeed.id)))


def _orders_of(session, feed_row_id: int, state: SellerCancelState, *,
               items: bool = False) -> list[AmazonOrder]:
    """The feed's orders in ``state``, in message order (with their items, in one more query,
    when the document is to be written)."""
    query = select(AmazonOrder).where(
        AmazonOrder.seller_cancel_feed_id == feed_row_id,
        AmazonOrder.seller_cancel_state == state).order_by(AmazonOrder.seller_cancel_message_id)
    if items:
        query = query.options(selectinload(AmazonOrder.items))
    return list(session.scalars(query))


def _refuse(session, row: AmazonOrder, message: str, at, *, failed: bool = False) -> None:
    """The cancellation ended without canceling: Amazon refused it (its words in
    ``message``), or the feed ``failed``. The merchant can act again."""
    row.seller_cancel_state = SellerCancelState.REFUSED
    row.seller_cancel_message = message[:2000]
    add_note(session, row, (f"The cancellation failed: {message} Cancel the order again, or in "
                            "Seller Central.") if failed else
             f"Amazon refused the cancellation: {message}", at)


# -- 1. what Amazon made of the feeds it has -------------------------------------------------

def _settle(svc: Services, feed_row_id: int, amazon: AmazonClient, report: FeedReport) -> None:
    with svc.db.session() as session:
        feed_id = session.get(CancellationFeed, feed_row_id).feed_id
    outcome = amazon.cancellation_outcome(feed_id)
    now = svc.clock()
    with svc.db.session() as session:
        feed = session.get(CancellationFeed, feed_row_id)
        feed.processing_status = outcome.status
        if not outcome.finished:
            return
        feed.state = FeedState.FAILED if outcome.failed else FeedState.DONE
        feed.finished_at = now
        if outcome.report is not None:
            r = outcome.report
            feed.summary = {"processed": r.processed, "successful": r.successful,
                            "with_error": r.with_error, "with_warning": r.with_warning}
        for row in _orders_of(session, feed_row_id, SellerCancelState.SENT):
            refusal = _refusal(outcome, row)
            if refusal:
                _refuse(session, row, refusal, now, failed=outcome.failed)
                report.refused += 1
            else:
                add_note(session, row, f"Amazon accepted the cancellation (feed {feed_id}); the "
                                       "order shows Canceled after a later sync.", now)
                report.accepted += 1


def _refusal(outcome: CancellationOutcome, row: AmazonOrder) -> str | None:
    error = (outcome.report.error_for(row.seller_cancel_message_id or 0, row.amazon_order_id)
             if outcome.report is not None else None)
    if error is not None:
        return error.description
    if outcome.failed:
        return f"Amazon could not process feed {outcome.submission_id} ({outcome.status})."
    return None


# -- 2 and 3. a feed to send -----------------------------------------------------------------

def _new_feed(svc: Services, store_id: int) -> int | None:
    """Bind the store's requested cancellations to a new feed; its row id, or None."""
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        rows = list(session.scalars(select(AmazonOrder).where(
            AmazonOrder.store_id == store_id,
            AmazonOrder.seller_cancel_state == SellerCancelState.REQUESTED,
            AmazonOrder.seller_cancel_feed_id.is_(None))
            .order_by(AmazonOrder.seller_cancel_requested_at, AmazonOrder.id).limit(MAX_ORDERS)))
        if not rows:
            return None
        marketplaces: list[str] = []
        batch = []
        for row in rows:
            marketplace = row.marketplace_id or store.marketplace_ids[0]
            if marketplace not in marketplaces:
                if len(marketplaces) == MAX_MARKETPLACES:
                    continue  # the next feed takes it
                marketplaces.append(marketplace)
            batch.append(row)
        feed = CancellationFeed(store_id=store_id, state=FeedState.PREPARED,
                                marketplace_ids=marketplaces, orders=len(batch), attempts=0,
                                created_at=svc.clock())
        session.add(feed)
        session.flush()
        for number, row in enumerate(batch, start=1):
            row.seller_cancel_feed_id, row.seller_cancel_message_id = feed.id, number
        return feed.id


def _send(svc: Services, store_id: int, feed_row_id: int, amazon: AmazonClient,
          report: FeedReport) -> None:
    claims = Claims(svc.db, FEED_CLAIM, svc.clock)
    holder = svc.holder()
    if not claims.acquire(feed_row_id, holder, CLAIM_TTL,
                          where=[CancellationFeed.state.in_(UNSENT)]):
        return  # another process is sending it right now
    try:
        _send_claimed(svc, store_id, feed_row_id, amazon, report)
    finally:
        claims.release(feed_row_id, holder)


def _send_claimed(svc: Services, store_id: int, feed_row_id: int, amazon: AmazonClient,
                  report: FeedReport) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        feed = session.get(CancellationFeed, feed_row_id)
        seller_id = session.get(Store, store_id).seller_id
        rows = _orders_of(session, feed_row_id, SellerCancelState.REQUESTED, items=True)
        if not rows:  # every order of it was canceled or refused meanwhile
            feed.state, feed.finished_at = FeedState.DONE, now
            return
        state, attempted, marketplaces = feed.state, feed.attempted_at, list(feed.marketplace_ids)
        orders = [Cancellation(r.amazon_order_id, CancelReason(r.seller_cancel_reason),
                               tuple(item.order_item_id for item in r.items),
                               r.seller_cancel_message_id) for r in rows]
    if state == FeedState.SUBMITTING:
        if now < attempted + LOOKUP_DELAY:
            return  # too soon to trust Amazon's list; the next run looks
        found = _look(svc, store_id, amazon, marketplaces, attempted)
        if found is not None:
            log.warning("store %s: cancellation feed %s reached Amazon although its answer was "
                        "lost; recorded, not sent again", store_id, found)
            _record_sent(svc, feed_row_id, found, report)
            return
    if svc.read_only:
        svc.withhold("request_cancellations", feed=feed_row_id,
                     amazon_order_ids=[o.order_id for o in orders])
        report.withheld += len(orders)
        return
    with svc.db.session() as session:
        feed = session.get(CancellationFeed, feed_row_id)
        feed.state, feed.attempted_at = FeedState.SUBMITTING, now
        feed.attempts += 1
    try:
        feed_id = amazon.request_cancellations(seller_id, marketplaces, orders)
    except (Throttled, AuthError):  # Amazon created nothing: send it again, no look needed
        _back_to(svc, feed_row_id, FeedState.PREPARED)
        raise
    except InvalidInput as refused:
        _fail(svc, feed_row_id, f"Amazon refused the feed ({refused.message}).", report)
        return
    # Anything else (no answer, Amazon's 5xx, a crash) leaves it submitting: looked for first.
    _record_sent(svc, feed_row_id, feed_id, report)


def _look(svc: Services, store_id: int, amazon: AmazonClient, marketplaces: list[str],
          attempted) -> str | None:
    """The id of a feed Amazon received since the attempt that the store does not know."""
    since = attempted - CLOCK_SKEW
    with svc.db.session() as session:
        known = set(session.scalars(select(CancellationFeed.feed_id).where(
            CancellationFeed.store_id == store_id, CancellationFeed.feed_id.is_not(None))))
    found = [f for f in amazon.cancellation_requests_since(marketplaces, since)
             if f.feed_id not in known and (f.created is None or f.created >= since)]
    found.sort(key=lambda f: (f.created is None, f.created))
    return found[0].feed_id if found else None


def _record_sent(svc: Services, feed_row_id: int, feed_id: str, report: FeedReport) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        feed = session.get(CancellationFeed, feed_row_id)
        feed.state, feed.feed_id, feed.submitted_at = FeedState.SUBMITTED, feed_id, now
        feed.error = None
        for row in _orders_of(session, feed_row_id, SellerCancelState.REQUESTED):
            row.seller_cancel_state = SellerCancelState.SENT
            add_note(session, row, f"Cancellation sent to Amazon in feed {feed_id} "
                                   f"({cancel_reason_label(row.seller_cancel_reason)}).", now)
            report.sent += 1


def _back_to(svc: Services, feed_row_id: int, state: FeedState) -> None:
    with svc.db.session() as session:
        session.get(CancellationFeed, feed_row_id).state = state


def _fail(svc: Services, feed_row_id: int, message: str, report: FeedReport) -> None:
    now = svc.clock()
    with svc.db.session() as session:
        feed = session.get(CancellationFeed, feed_row_id)
        feed.state, feed.error, feed.finished_at = FeedState.FAILED, message, now
        for row in _orders_of(session, feed_row_id, SellerCancelState.REQUESTED):
            _refuse(session, row, message, now, failed=True)
            report.refused += 1
