"""Stores, the store dashboard (header, sales chart, Recent Orders), Activate / Deactivate
and the system message banner."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from connector.models import Store, SyncState
from tests.admin.conftest import add_order

BANNER = ("Your Amazon store(s) has orders that cannot be imported into Commerce. See Recent "
          "Orders in the store dashboard(s): Demo US")


def test_the_store_list_links_each_store_dashboard(admin, store_id):
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Demo US" in page and f'href="/admin/stores/{store_id}">View Store' in page


def test_the_dashboard_shows_the_header_chart_and_ten_newest_orders(admin, db, store_id):
    now = datetime.now(UTC).replace(microsecond=0)
    for n in range(12):
        add_order(db, store_id, f"111-{n:07d}-0000001", total="10.00",
                  purchased=now - timedelta(hours=n))
    add_order(db, store_id, "111-canceled-1", status="Canceled", total="500.00",
              purchased=now)
    add_order(db, store_id, "111-error-1", status="Error", total="700.00", purchased=now)
    add_order(db, store_id, "111-old-1", total="900.00", purchased=now - timedelta(days=20))
    with db.session() as session:
        state = session.get(SyncState, store_id)
        state.last_run_at = state.last_success_at = now - timedelta(minutes=4)
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    for label in ("Store Name", "Commerce Website", "Status", "Created", "Last Updated",
                  "Last Sync"):
        assert f"<dt>{label}</dt>" in page
    assert "Succeeded" in page
    assert f'href="/admin/stores/{store_id}/settings">Order settings' in page
    assert f'href="/admin/stores/{store_id}/orders">All Orders' in page
    # Last 7 days: the 12 orders only (canceled, error and older orders are left out).
    assert "<strong>$120.00</strong>" in page and "from 12 orders" in page
    assert page.count('class="bar"') == 7
    month = admin.get(f"/admin/stores/{store_id}?days=30").get_data(as_text=True)
    assert "<strong>$1,020.00</strong>" in month and month.count('class="bar"') == 30
    recent = page.split('id="recent-orders"')[1]
    numbers = re.findall(r'class="order-number"[^>]*>([^<]+)<', recent)
    assert len(numbers) == 10 and numbers[0] in ("111-0000000-0000001", "111-canceled-1",
                                                 "111-error-1")


def test_a_failed_last_sync_says_why(admin, db, store_id):
    with db.session() as session:
        state = session.get(SyncState, store_id)
        state.last_run_at = state.last_error_at = datetime.now(UTC)
        state.last_error = "Amazon: LWA refused the refresh token"
    page = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    assert "Failed: Amazon: LWA refused the refresh token" in page


def test_deactivate_and_activate(admin, db, store_id):
    url = f"/admin/stores/{store_id}"
    answer = admin.post(f"{url}/status", {"status": "Inactive"}, form_page=url)
    assert answer.status_code == 303
    page = admin.get(url).get_data(as_text=True)
    assert "order sync is paused" in page and ">Activate</button>" in page
    with db.session() as session:
        assert session.get(Store, store_id).status == "Inactive"
    admin.post(f"{url}/status", {"status": "Active"}, form_page=url)
    with db.session() as session:
        assert session.get(Store, store_id).status == "Active"


def test_the_system_message_shows_on_every_page_and_clears(admin, db, store_id):
    from connector.models import AmazonOrder

    row_id = add_order(db, store_id, "111-0000001-0000001", status="Error",
                       note='Cannot create sales order: Product "X" in order is not salable')
    pages = ["/admin/", f"/admin/stores/{store_id}", f"/admin/stores/{store_id}/orders",
             f"/admin/stores/{store_id}/settings", f"/admin/stores/{store_id}/sku-matching",
             f"/admin/stores/{store_id}/orders/111-0000001-0000001"]
    for path in pages:
        page = admin.get(path).get_data(as_text=True)
        assert BANNER in page, path
        assert f'href="/admin/stores/{store_id}#recent-orders"' in page
    with db.session() as session:
        session.get(AmazonOrder, row_id).status = "Unshipped"
    for path in pages:
        assert "system-message" not in admin.get(path).get_data(as_text=True), path
