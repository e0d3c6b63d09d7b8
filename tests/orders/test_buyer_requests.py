"""A buyer's cancellation request as a sync keeps it: noted once, cleared when Amazon no longer
reports it on an open order, counted while the order is open; and the merchant's own
cancellation, whose rules say when it can be asked for."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from connector.domain import FulfilledBy, OrderStatus
from connector.models import AmazonOrder, OrderNote, Store
from connector.orders.buyer_cancel import buyer_cancellation_counts, warehouse_comment
from connector.orders.records import record_order
from connector.orders.seller_cancel import CancellationRefused, request_cancellation
from connector.orders.services import Services
from tests.orders.factories import T0, make_order, make_store


def asking(order, reason="Ordered by mistake", requested=True):
    items = tuple(dataclasses.replace(i, buyer_cancel_requested=requested,
                                      buyer_cancel_reason=reason if requested else None)
                  for i in order.items)
    return dataclasses.replace(order, items=items)


@pytest.fixture
def db(app):
    return app.extensions["connector_db"]


def sync(db, order, minutes):
    with db.session() as s:
        store = s.scalar(select(Store))
        if store is None:
            store = make_store(s)
        when = T0 + timedelta(minutes=minutes)
        record_order(s, store, dataclasses.replace(order, last_updated=when), at=when)


def notes(db) -> list[str]:
    with db.session() as s:
        return [n.text for n in s.scalars(select(OrderNote).order_by(OrderNote.id))]


def test_a_request_is_noted_once_and_its_withdrawal_once(db):
    order = make_order()
    sync(db, order, 0)
    sync(db, asking(order, "Found it cheaper."), 1)
    sync(db, asking(order, "Found it cheaper."), 2)
    assert notes(db).count("Buyer asked to cancel on Amazon: Found it cheaper.") == 1
    with db.session() as s:
        assert buyer_cancellation_counts(s) == {1: 1}
    sync(db, order, 3)
    assert notes(db)[-1] == "The buyer's cancellation request is no longer on the order."
    with db.session() as s:
        assert buyer_cancellation_counts(s) == {}
        assert s.scalar(select(AmazonOrder)).buyer_cancel_reason is None


def test_a_canceled_order_keeps_its_request_quietly_and_is_not_counted(db):
    order = asking(make_order(), None)
    sync(db, order, 0)
    assert "Buyer asked to cancel on Amazon (no reason given)." in notes(db)
    sync(db, dataclasses.replace(make_order(), status=OrderStatus.CANCELED), 1)
    assert not any("no longer" in n for n in notes(db))
    with db.session() as s:
        assert s.scalar(select(AmazonOrder)).buyer_cancel_requested_at is not None
        assert buyer_cancellation_counts(s) == {}


def test_the_warehouse_comment_reads_well_whatever_the_buyer_wrote():
    assert warehouse_comment("Changed my mind.") == (
        "Buyer asked to cancel on Amazon: Changed my mind. Do not ship.")
    assert warehouse_comment("  ") == "Buyer asked to cancel on Amazon (no reason given). Do " \
                                      "not ship."


@pytest.mark.parametrize("status, fulfilled_by, message", [
    (OrderStatus.PENDING, FulfilledBy.MERCHANT, "this one is Pending"),
    (OrderStatus.SHIPPED, FulfilledBy.MERCHANT, "this one is Shipped"),
    (OrderStatus.CANCELED, FulfilledBy.MERCHANT, "canceled already"),
    (OrderStatus.UNSHIPPED, FulfilledBy.AMAZON, "cancel it in Seller Central"),
])
def test_only_an_unshipped_merchant_order_can_be_canceled(db, status, fulfilled_by, message):
    sync(db, make_order(status=status, fulfilled_by=fulfilled_by), 0)
    svc = Services(db=db, owner="test")
    with pytest.raises(CancellationRefused, match=message):
        request_cancellation(svc, 1, "111-0000001-0000001", "NoInventory", by="merchant")


def test_an_inactive_store_sends_no_cancellation_so_none_is_taken(db):
    sync(db, make_order(), 0)
    with db.session() as s:
        s.scalar(select(Store)).status = "Inactive"
    with pytest.raises(CancellationRefused, match="Inactive"):
        request_cancellation(Services(db=db, owner="test"), 1, "111-0000001-0000001",
                             "NoInventory", by="merchant")


def test_an_unknown_order_or_reason_is_not_taken(db):
    sync(db, make_order(), 0)
    svc = Services(db=db, owner="test")
    with pytest.raises(LookupError):
        request_cancellation(svc, 1, "111-9999999-0000001", "NoInventory", by="merchant")
    with pytest.raises(ValueError):
        request_cancellation(svc, 1, "111-0000001-0000001", "Whatever", by="merchant")
    with db.session() as s:
        assert s.scalar(select(AmazonOrder)).seller_cancel_state is None


def test_retention_removes_the_buyers_words_with_the_rest_of_their_data(db):
    from datetime import UTC, datetime

    from connector.orders.retention import remove_expired_pii

    sync(db, asking(make_order(), "Call me at +1 303 555 0147"), 0)
    sync(db, asking(make_order(status=OrderStatus.CANCELED), "Call me at +1 303 555 0147"), 1)
    later = datetime.now(UTC) + timedelta(days=31)
    assert remove_expired_pii(Services(db=db, owner="test", clock=lambda: later)) == 1
    with db.session() as s:
        row = s.scalar(select(AmazonOrder))
        assert row.buyer_cancel_reason is None and row.buyer_cancel_requested_at is not None
        assert "555 0147" not in str(row.order_data)
