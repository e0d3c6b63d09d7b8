"""Order text from Amazon is bounded and plain by the time it is stored and shown: control and
bidirectional characters removed, long text cut (with a note), and an order id that is not
Amazon's refused. Runs on PostgreSQL too, where a NUL byte used to make the order unstorable."""

from __future__ import annotations

import copy

from sqlalchemy import select

from connector.amazon.sanitize import TEXT_LIMIT
from connector.models import AmazonOrder, AmazonOrderItem

LONG_NAME = "Mallory " + "x" * 100_000


def stored(world, order_id: str) -> AmazonOrder | None:
    with world.db().session() as session:
        row = session.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == order_id))
        if row is not None:
            session.expunge(row)
        return row


def test_long_text_nul_bytes_and_bidi_overrides_are_cleaned_and_noted(world):
    oid = world.place_order([("MUG-1\u202e", 1, "12.00")], status="UNSHIPPED",
                            buyer="Eve\x00 " + LONG_NAME)
    report = world.run()
    assert report.error is None and report.sync.rejected == []
    row = stored(world, oid)
    assert row is not None and row.commerce_order_id is not None  # imported all the same
    assert len(row.buyer_name) == TEXT_LIMIT and "\x00" not in row.buyer_name
    assert row.buyer_name.startswith("Eve Mallory xxx")
    with world.db().session() as session:
        [sku] = session.scalars(select(AmazonOrderItem.seller_sku)
                                .where(AmazonOrderItem.order_id == row.id))
        notes = [n.text for n in session.get(AmazonOrder, row.id).notes]
    assert sku == "MUG-1"
    [note] = [n for n in notes if n.startswith("Some of the text Amazon sent was changed")]
    assert f"buyer.buyerName: cut to {TEXT_LIMIT} characters" in note
    assert "buyer.buyerName: control characters removed" in note
    assert "orderItems[0].product.sellerSku: control characters removed" in note
    assert world.commerce_order_for(oid)["items"][0]["sku"] == "MUG-1"
    world.amazon_moves(oid, "SHIPPED")
    world.run()  # a newer version of the order: the note is not repeated
    with world.db().session() as session:
        again = [n.text for n in session.get(AmazonOrder, row.id).notes]
    assert again.count(note) == 1


def test_an_order_id_that_is_not_amazons_is_refused_and_the_others_imported(world):
    good = world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED")
    bad = "../../admin/x?y=1#z"  # the control API refuses it, so it goes straight in
    book = world.amazon_book
    hostile = {**copy.deepcopy(book.get(good)), "orderId": bad}
    with book._lock:
        book._orders[bad] = hostile
    report = world.run()
    assert [r.split(": ", 1)[0] for r in report.sync.rejected] == [bad]
    assert "not an Amazon order id" in report.sync.rejected[0]
    assert stored(world, bad) is None and world.commerce_order_for(bad) is None
    assert stored(world, good).commerce_order_id is not None
