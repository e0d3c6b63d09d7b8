"""A dashboard that tells the truth: revenue per currency from orders that have an amount,
lifetime sales and the change against the previous period, orders by status, Seller Central
links, and what Inventory reserved says on an order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from connector.models import AmazonOrder, OrderSettings
from tests.admin.conftest import add_order

NOW = datetime.now(UTC).replace(microsecond=0)


def pending_without_total(db, store_id, order_id, **fields):
    row_id = add_order(db, store_id, order_id, status="Pending", amazon_status="Pending",
                       purchased=NOW - timedelta(hours=1), **fields)
    with db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.order_total, row.currency = None, None


def test_pending_orders_and_two_currencies_give_one_true_headline_each(admin, db, store_id):
    for n in range(16):
        pending_without_total(db, store_id, f"111-{n:07d}-0000009")
    for n, total in enumerate(("100.00", "95.61", "200.00")):
        add_order(db, store_id, f"111-{n:07d}-0000001", total=total,
                  purchased=NOW - timedelta(days=n))
    add_order(db, store_id, "111-0000009-0000002", total="50.00", currency="CAD",
              purchased=NOW - timedelta(hours=3))
    add_order(db, store_id, "111-0000010-0000002", total="80.00",
              purchased=NOW - timedelta(days=10))  # the previous 7 days
    add_order(db, store_id, "111-0000011-0000002", total="1000.00",
              purchased=NOW - timedelta(days=100))  # lifetime only
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    headlines = re.findall(r'<p class="chart-total" data-currency="(\w+)"><strong>([^<]+)'
                           r'</strong>\s*<span class="muted">from (\d+) orders?', page)
    assert headlines == [("USD", "$395.61", "3"), ("CAD", "CA$50.00", "1")]
    assert "0.00 from 16" not in page and "from 19 orders" not in page
    assert "+394.5% against the previous 7 days" in page  # 395.61 against 80.00
    assert "Lifetime sales $1,475.61 from 5 orders" in page
    assert "Lifetime sales CA$50.00 from 1 order" in page
    # The chart plots one currency and says which; the other one is a click away.
    assert 'data-currency="USD"' in page and "Sales per day in USD, last 7 days" in page
    assert f'href="/admin/stores/{store_id}?days=7&amp;currency=CAD" class="">CAD</a>' in page
    bars = re.findall(r'class="bar"><title>[^:]+: ([^ ]+) \((\d+) orders\)', page)
    assert sum(int(n) for _, n in bars) == 3
    cad = admin.get(f"/admin/stores/{store_id}?currency=CAD").get_data(as_text=True)
    assert "Sales per day in CAD" in cad and "CA$50.00 (1 orders)" in cad


def test_orders_by_status_link_to_all_orders_filtered(admin, db, store_id):
    pending_without_total(db, store_id, "111-0000001-0000009")
    add_order(db, store_id, "111-0000002-0000001", status="Error")
    add_order(db, store_id, "111-0000003-0000001", status="Error")
    add_order(db, store_id, "111-0000004-0000001")
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    counts = re.findall(r'href="/admin/stores/\d+/orders\?status=(\w+)" class="status-count"'
                        r'.*?<span class="count">(\d+)</span>', page)
    assert dict(counts) == {"Pending": "1", "Unshipped": "1", "Error": "2"}
    assert re.search(r'Orders in Error</dt>\s*<dd><a href="/admin/stores/\d+/orders\?status='
                     r'Error">2</a>', page)
    filtered = admin.get(f"/admin/stores/{store_id}/orders?status=Error").get_data(
        as_text=True)
    assert "2 records found" in filtered


def test_seller_central_links_are_the_stores_marketplace(admin, store_id):
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    for href in ("https://sellercentral.amazon.com/orders-v3",
                 "https://sellercentral.amazon.com/notifications/preferences",
                 "https://sellercentral.amazon.com/sbr/ref=xx_shipset_dnav_xx"):
        assert f'href="{href}"' in page


def test_inventory_reserved_says_what_the_strategy_did(admin, db, store_id):
    add_order(db, store_id, "111-0000001-0000001", commerce_order_id=7,
              commerce_increment_id="000000007")
    url = f"/admin/stores/{store_id}/orders/111-0000001-0000001"

    def reserved():
        page = admin.get(url).get_data(as_text=True)
        return re.search(r'<dd class="inventory-reserved">([^<]+)</dd>', page).group(1)

    assert reserved() == "No: the store&#39;s reservation strategy is None (nothing is reserved)"
    with db.session() as session:
        session.get(OrderSettings, store_id).reservation_strategy = "module"
    assert reserved() == "Not yet: the companion module is asked again at the next sync"
    with db.session() as session:
        row = session.query(AmazonOrder).one()
        row.reservations_placed_at = NOW
    assert reserved() == "Yes: placed by the companion module"


def test_buyer_cancellation_requests_are_counted_and_link_to_those_orders(admin, db, store_id):
    for n in range(3):
        add_order(db, store_id, f"111-{n:07d}-0000003")
    with db.session() as session:
        for n in range(2):
            row = session.query(AmazonOrder).filter_by(amazon_order_id=f"111-{n:07d}-0000003").one()
            row.buyer_cancel_requested_at, row.buyer_cancel_reason = NOW, "Ordered by mistake"
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    assert re.search(r'Buyer cancellation requests</dt>\s*<dd><a href="/admin/stores/\d+/orders'
                     r'\?buyer_asked_to_cancel=1">2</a>', page)
