"""Sending the merchant's cancellations, against a scripted Amazon: what Amazon's answers do to
the feed and its orders, and that a feed is never sent while it may be at Amazon already."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from connector.amazon import (
    AuthError,
    CancellationOutcome,
    Feed,
    InvalidInput,
    ProcessingReport,
    Throttled,
)
from connector.amazon.acknowledgement import MessageResult
from connector.domain import CancelReason, OrderStatus
from connector.models import AmazonOrder, CancellationFeed, Store
from connector.orders.cancel_feed import (
    CLAIM_TTL,
    FEED_CLAIM,
    LOOKUP_DELAY,
    send_cancellations,
)
from connector.orders.coordination import Claims
from connector.orders.records import record_order
from connector.orders.seller_cancel import request_cancellation
from connector.orders.services import Services
from tests.orders.factories import T0, make_order, make_store


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


class ScriptedAmazon:
    """Answers as told; records what it was asked."""

    def __init__(self):
        self.sent: list[tuple] = []
        self.raise_on_send: Exception | None = None
        self.listed: list[Feed] = []
        self.outcomes: dict[str, CancellationOutcome] = {}
        self.looked = 0

    def request_cancellations(self, seller_id, marketplaces, orders):
        self.sent.append((seller_id, list(marketplaces), list(orders)))
        if self.raise_on_send is not None:
            raise self.raise_on_send
        return f"F{len(self.sent)}"

    def cancellation_requests_since(self, marketplaces, since):
        self.looked += 1
        return [f for f in self.listed if f.created is None or f.created >= since]

    def cancellation_outcome(self, feed_id):
        return self.outcomes.get(feed_id, CancellationOutcome(feed_id, "IN_QUEUE", False))


@pytest.fixture
def world(app):
    db = app.extensions["connector_db"]
    clock = Clock()
    with db.session() as s:
        store = make_store(s)
        for n in (1, 2, 3):
            record_order(s, store, make_order(f"111-000000{n}-0000001"), at=T0)
    return Services(db=db, owner="test-process", clock=clock), store.id, clock


def states(svc) -> dict[str, tuple]:
    with svc.db.session() as s:
        return {r.amazon_order_id: (r.seller_cancel_state, r.seller_cancel_message)
                for r in s.scalars(select(AmazonOrder).order_by(AmazonOrder.id))}


def feed(svc) -> CancellationFeed:
    with svc.db.session() as s:
        found = s.scalars(select(CancellationFeed).order_by(CancellationFeed.id)).all()
        s.expunge_all()
        return found[-1]


def ask(svc, store_id, *numbers, reason="NoInventory"):
    for n in numbers:
        request_cancellation(svc, store_id, f"111-000000{n}-0000001", reason, by="merchant")
        svc.clock.now += timedelta(seconds=1)


def test_requests_go_out_together_in_message_order(world):
    svc, store_id, clock = world
    ask(svc, store_id, 2, 1)
    amazon = ScriptedAmazon()
    report = send_cancellations(svc, store_id, amazon)
    assert report.sent == 2
    [(seller, marketplaces, orders)] = amazon.sent
    assert (seller, marketplaces) == ("A1SELLER", ["ATVPDKIKX0DER"])
    assert [(o.order_id, o.reason, o.message_id, o.item_ids) for o in orders] == [
        ("111-0000002-0000001", CancelReason.NO_INVENTORY, 1, ("111-0000002-0000001-1",)),
        ("111-0000001-0000001", CancelReason.NO_INVENTORY, 2, ("111-0000001-0000001-1",))]
    assert feed(svc).state == "submitted" and feed(svc).feed_id == "F1"
    ask(svc, store_id, 3)  # asked after the feed left: the next feed takes it
    send_cancellations(svc, store_id, amazon)
    assert [o.order_id for o in amazon.sent[1][2]] == ["111-0000003-0000001"]


def test_a_report_refuses_one_order_and_accepts_the_other(world):
    svc, store_id, clock = world
    ask(svc, store_id, 1, 2)
    amazon = ScriptedAmazon()
    send_cancellations(svc, store_id, amazon)
    error = MessageResult(2, "111-0000002-0000001", "Error", "18028", "It shipped.")
    amazon.outcomes["F1"] = CancellationOutcome(
        "F1", "DONE", True, ProcessingReport("Complete", 2, 1, 1, 0, (error,)))
    report = send_cancellations(svc, store_id, amazon)
    assert (report.accepted, report.refused) == (1, 1)
    assert states(svc)["111-0000001-0000001"] == ("sent", None)
    assert states(svc)["111-0000002-0000001"] == ("refused", "It shipped.")
    assert feed(svc).state == "done" and feed(svc).summary["with_error"] == 1


def test_a_fatal_feed_fails_every_order_in_it(world):
    svc, store_id, clock = world
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    send_cancellations(svc, store_id, amazon)
    amazon.outcomes["F1"] = CancellationOutcome("F1", "FATAL", True)
    assert send_cancellations(svc, store_id, amazon).refused == 1
    state, message = states(svc)["111-0000001-0000001"]
    assert (state, message) == ("refused", "Amazon could not process feed F1 (FATAL).")
    assert feed(svc).state == "failed"


def test_amazon_refusing_the_feed_refuses_its_orders(world):
    svc, store_id, clock = world
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    amazon.raise_on_send = InvalidInput("createFeed rejected: InvalidInput: Invalid input",
                                        operation="createFeed", status=400)
    assert send_cancellations(svc, store_id, amazon).refused == 1
    state, message = states(svc)["111-0000001-0000001"]
    assert state == "refused" and message.startswith("Amazon refused the feed (createFeed")
    assert feed(svc).state == "failed"


@pytest.mark.parametrize("failure", [
    Throttled("createFeed throttled", operation="createFeed"),
    AuthError("createFeed not authorised", operation="createFeed", status=403)])
def test_when_amazon_created_nothing_the_feed_is_simply_sent_again(world, failure):
    svc, store_id, clock = world
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    amazon.raise_on_send = failure
    held_back = send_cancellations(svc, store_id, amazon).stopped_by  # the run goes on
    assert held_back is not None and held_back.source == "amazon"
    assert feed(svc).state == "prepared"
    assert states(svc)["111-0000001-0000001"][0] == "requested"
    with svc.db.session() as s:
        assert s.scalar(select(AmazonOrder.latest_note).where(AmazonOrder.id == 1)) == (
            f"Cancellation not sent to Amazon yet: {held_back.message} Will retry.")
    amazon.raise_on_send = None
    send_cancellations(svc, store_id, amazon)  # no look needed: nothing reached Amazon
    assert amazon.looked == 0 and len(amazon.sent) == 2
    assert states(svc)["111-0000001-0000001"][0] == "sent"


def test_an_unanswered_feed_waits_then_is_looked_for_before_any_resend(world):
    svc, store_id, clock = world
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    amazon.raise_on_send = TimeoutError("no answer")  # not Amazon's word: anything at all
    with pytest.raises(TimeoutError):
        send_cancellations(svc, store_id, amazon)
    assert (feed(svc).state, feed(svc).feed_id) == ("submitting", None)
    amazon.raise_on_send = None
    clock.now += LOOKUP_DELAY / 2
    send_cancellations(svc, store_id, amazon)  # too soon to trust Amazon's list
    assert (len(amazon.sent), amazon.looked) == (1, 0)
    clock.now += LOOKUP_DELAY
    amazon.listed = [Feed("OLD", "POST_ORDER_ACKNOWLEDGEMENT_DATA", "DONE",
                          created=T0 - timedelta(hours=1)),
                     Feed("F1", "POST_ORDER_ACKNOWLEDGEMENT_DATA", "IN_QUEUE", created=T0)]
    send_cancellations(svc, store_id, amazon)
    assert (len(amazon.sent), amazon.looked) == (1, 1)  # found: recorded, not sent again
    assert (feed(svc).state, feed(svc).feed_id) == ("submitted", "F1")
    assert states(svc)["111-0000001-0000001"][0] == "sent"


def test_an_unanswered_feed_amazon_never_got_is_sent_again(world):
    svc, store_id, clock = world
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    amazon.raise_on_send = TimeoutError("no answer")
    with pytest.raises(TimeoutError):
        send_cancellations(svc, store_id, amazon)
    amazon.raise_on_send = None
    clock.now += LOOKUP_DELAY
    send_cancellations(svc, store_id, amazon)
    assert (len(amazon.sent), amazon.looked) == (2, 1)
    assert feed(svc).feed_id == "F2" and feed(svc).attempts == 2


def prepared_after_a_throttle(svc, store_id) -> ScriptedAmazon:
    """Order 1's cancellation bound to a feed Amazon throttled (so nothing reached it)."""
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    amazon.raise_on_send = Throttled("slow down", operation="createFeed")
    assert send_cancellations(svc, store_id, amazon).stopped_by.throttled
    amazon.raise_on_send = None
    return amazon


def test_a_feed_another_process_holds_is_left_alone(world):
    svc, store_id, clock = world
    amazon = prepared_after_a_throttle(svc, store_id)
    claims = Claims(svc.db, FEED_CLAIM, clock)
    assert claims.acquire(feed(svc).id, "another-host:1:abc", CLAIM_TTL)
    send_cancellations(svc, store_id, amazon)
    assert len(amazon.sent) == 1 and feed(svc).state == "prepared"
    clock.now += CLAIM_TTL + timedelta(seconds=1)  # its holder never came back
    send_cancellations(svc, store_id, amazon)
    assert len(amazon.sent) == 2 and feed(svc).state == "submitted"


def test_read_only_mode_prepares_and_withholds(world):
    svc, store_id, clock = world
    svc.read_only = True
    ask(svc, store_id, 1)
    amazon = ScriptedAmazon()
    assert send_cancellations(svc, store_id, amazon).withheld == 1
    assert amazon.sent == [] and feed(svc).state == "prepared"
    assert svc.withheld[-1]["amazon_order_ids"] == ["111-0000001-0000001"]


def test_orders_amazon_canceled_before_the_feed_left_are_not_sent(world):
    svc, store_id, clock = world
    amazon = prepared_after_a_throttle(svc, store_id)
    with svc.db.session() as s:  # a sync saw Amazon cancel it meanwhile
        store = s.get(Store, store_id)
        record_order(s, store, make_order("111-0000001-0000001", status=OrderStatus.CANCELED,
                                          updated=T0 + timedelta(minutes=5)), at=clock.now)
    assert states(svc)["111-0000001-0000001"][0] == "confirmed"
    send_cancellations(svc, store_id, amazon)
    assert len(amazon.sent) == 1 and feed(svc).state == "done"
