"""The local copy of Amazon orders: newer wins, notes record every status change."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from connector.domain import GridStatus, OrderStatus
from connector.models import AmazonOrder, OrderNote
from connector.orders.messages import system_message
from connector.orders.records import record_order, set_status
from connector.orders.snapshot import dump_order, load_order
from tests.orders.factories import T0, make_order, make_store

COMPLETED, ERROR = GridStatus.COMPLETED, GridStatus.ERROR


def notes(session, row):
    return [n.text for n in session.scalars(
        select(OrderNote).where(OrderNote.order_id == row.id).order_by(OrderNote.id))]


def test_a_new_order_is_listed_with_its_status_and_a_note(app):
    with app.extensions["connector_db"].session() as s:
        store = make_store(s)
        rec = record_order(s, store, make_order(status=OrderStatus.PENDING), at=T0)
        s.flush()
        assert rec.created
        assert rec.row.status == "Pending" and rec.row.importable
        assert rec.row.order_total == Decimal("15.79")
        assert notes(s, rec.row) == ["Order received from Amazon with status Pending."]


def test_a_newer_change_updates_and_notes_the_status(app):
    with app.extensions["connector_db"].session() as s:
        store = make_store(s)
        record_order(s, store, make_order(status=OrderStatus.PENDING), at=T0)
        rec = record_order(s, store, make_order(status=OrderStatus.UNSHIPPED,
                                                updated=T0 + timedelta(minutes=5)), at=T0)
        s.flush()
        assert rec.changed and rec.row.status == "Unshipped"
        assert rec.row.latest_note == "Status updated to Unshipped."


def test_an_older_or_equal_change_changes_nothing(app):
    with app.extensions["connector_db"].session() as s:
        store = make_store(s)
        record_order(s, store, make_order(status=OrderStatus.SHIPPED,
                                          updated=T0 + timedelta(minutes=5)), at=T0)
        for when in (T0, T0 + timedelta(minutes=5)):
            rec = record_order(s, store, make_order(status=OrderStatus.UNSHIPPED, updated=when),
                               at=T0)
            assert not rec.changed
        s.flush()
        row = s.scalar(select(AmazonOrder))
        assert row.status == "Shipped"
        assert len(notes(s, row)) == 1


def test_orders_placed_before_the_integration_are_listed_but_not_importable(app):
    with app.extensions["connector_db"].session() as s:
        store = make_store(s, integration_time=T0 + timedelta(hours=1))
        rec = record_order(s, store, make_order(), at=T0)
        s.flush()
        assert not rec.row.importable
        assert "never imported" in rec.row.latest_note


def test_completed_stays_completed_until_amazon_cancels(app):
    with app.extensions["connector_db"].session() as s:
        store = make_store(s)
        row = record_order(s, store, make_order(status=OrderStatus.SHIPPED), at=T0).row
        set_status(s, row, COMPLETED, at=T0)
        record_order(s, store, make_order(status=OrderStatus.SHIPPED,
                                          updated=T0 + timedelta(minutes=1)), at=T0)
        assert row.status == COMPLETED
        record_order(s, store, make_order(status=OrderStatus.CANCELED,
                                          updated=T0 + timedelta(minutes=2)), at=T0)
        assert row.status == "Canceled"
        assert row.latest_note == "Status updated to Canceled."


def test_the_snapshot_round_trips_exactly():
    order = make_order(price="19.9999", qty=3)
    again = load_order(dump_order(order))
    assert again == order
    assert again.items[0].line_price.amount == Decimal("59.9997")


def test_the_system_message_names_stores_with_blocked_orders_and_clears(app):
    with app.extensions["connector_db"].session() as s:
        first, second = make_store(s, name="Alpha EU"), make_store(s, name="Beta US")
        a = record_order(s, first, make_order("1"), at=T0).row
        b = record_order(s, second, make_order("2"), at=T0).row
        s.flush()
        assert system_message(s) is None
        set_status(s, a, ERROR, 'Cannot create sales order: Product "SKU-1" in order is not '
                                'salable', at=T0)
        set_status(s, b, ERROR, "Cannot create sales order: x", at=T0)
        s.flush()
        assert system_message(s) == (
            "Your Amazon store(s) has orders that cannot be imported into Commerce. See Recent "
            "Orders in the store dashboard(s): Alpha EU, Beta US")
        set_status(s, a, "Unshipped", at=T0)
        set_status(s, b, "Unshipped", at=T0)
        s.flush()
        assert system_message(s) is None


def test_a_merchant_address_fix_survives_a_newer_version_from_amazon(app):
    from connector.orders import services_for
    from connector.orders.address import update_shipping_address

    lc = services_for(app)
    with lc.db.session() as s:
        store = make_store(s)
        store_id = store.id
        record_order(s, store, make_order("9", status=OrderStatus.UNSHIPPED), at=T0)
    update_shipping_address(lc, store_id, "9", {
        "line1": "2 Corrected Road", "city": "Seattle", "state_or_region": "WA",
        "postal_code": "98101", "country_code": "US"}, user="admin")
    with lc.db.session() as s:
        store = s.get(type(store), store_id)
        record_order(s, store, make_order("9", status=OrderStatus.SHIPPED,
                                          updated=T0 + timedelta(minutes=10)), at=T0)
    with lc.db.session() as s:
        row = s.scalar(select(AmazonOrder))
        assert row.status == "Shipped"  # Amazon's news is taken...
        assert row.shipping_address["line1"] == "2 Corrected Road"  # ...the fix is kept
        assert load_order(row.order_data).shipping_address.line1 == "2 Corrected Road"
