"""Cancellations on the admin pages: Cancel Order on Unshipped orders only, its confirm step
with a required reason, the buyer's request (badge, reason, filter chip, banner), and the Hold
setting."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from sqlalchemy import select

from connector.models import AmazonOrder, OrderSettings
from tests.admin.conftest import add_order
from tests.orders.factories import T0

OID = "111-0000001-0000001"


def details(admin, store_id, oid=OID, query="") -> str:
    return admin.get(f"/admin/stores/{store_id}/orders/{oid}{query}").get_data(as_text=True)


def asked(db, oid, reason="Ordered by mistake"):
    with db.session() as s:
        row = s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == oid))
        row.buyer_cancel_requested_at, row.buyer_cancel_reason = T0, reason


def state(db, oid=OID):
    with db.session() as s:
        row = s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == oid))
        return row.seller_cancel_state, row.seller_cancel_reason, row.latest_note


def reasons(page: str) -> list[tuple[str, str, bool]]:
    select_html = re.search(r'<select id="reason".*?</select>', page, re.S).group(0)
    return [(v, unescape(label), bool(sel)) for v, sel, label in
            re.findall(r'<option value="([^"]*)" ?(selected)?>([^<]+)</option>', select_html)]


def test_cancel_order_is_offered_on_unshipped_merchant_orders_only(admin, db, store_id):
    add_order(db, store_id, OID)
    add_order(db, store_id, "111-0000002-0000001", status="Shipped", amazon_status="Shipped")
    add_order(db, store_id, "111-0000003-0000001", status="Pending", amazon_status="Pending")
    add_order(db, store_id, "111-0000004-0000001", status="Error")  # blocked, still Unshipped
    for oid, offered in ((OID, True), ("111-0000002-0000001", False),
                         ("111-0000003-0000001", False), ("111-0000004-0000001", True)):
        page = details(admin, store_id, oid)
        assert ('id="cancel-order-button"' in page) is offered, oid
        assert ('<dialog id="cancel-order"' in page) is offered, oid


def test_the_confirm_step_needs_one_of_amazons_reasons(admin, db, store_id):
    add_order(db, store_id, OID)
    page = details(admin, store_id, query="?cancel=1")  # the button without JavaScript
    assert re.search(r'<dialog id="cancel-order"[^>]* open', page)
    options = reasons(page)
    assert options[0] == ("", "-- Please Select --", False)
    assert [label for _, label, _ in options[1:4]] == [
        "No inventory", "Shipping address undeliverable", "Customer exchange"]
    assert not any(selected for *_, selected in options)
    url = f"/admin/stores/{store_id}/orders/{OID}/cancel"
    missing = admin.post(url, {"reason": ""}, form_page=f"/admin/stores/{store_id}/orders/{OID}")
    assert missing.status_code == 400
    text = missing.get_data(as_text=True)
    assert 'id="error-reason"' in text and "Choose a reason for cancellation." in text
    assert re.search(r'<dialog id="cancel-order"[^>]* open', text)
    forged = admin.post(url, {"reason": "Whatever"},
                        form_page=f"/admin/stores/{store_id}/orders/{OID}")
    assert forged.status_code == 400 and "Choose one of Amazon&#39;s reasons" in \
        forged.get_data(as_text=True)
    assert state(db)[0] is None  # nothing half-saved

    done = admin.post(url, {"reason": "NoInventory"},
                      form_page=f"/admin/stores/{store_id}/orders/{OID}")
    assert done.status_code == 303
    after = details(admin, store_id)
    assert "You asked Amazon to cancel the order (No inventory)." in after
    assert 'id="cancel-order-button"' not in after  # under way: not offered again
    assert 'badge-requested">Cancellation requested<' in after
    assert "Cancellation requested: No inventory" in after
    assert state(db) == ("requested", "NoInventory",
                         "Cancellation requested by merchant (No inventory): it goes to Amazon "
                         "with the next sync.")
    again = admin.post(url, {"reason": "NoInventory"},
                       form_page=f"/admin/stores/{store_id}/orders/{OID}")
    assert again.status_code == 303
    assert "already requested" in details(admin, store_id)


def test_a_buyers_request_is_shown_and_preselects_buyer_canceled(admin, db, store_id):
    add_order(db, store_id, OID, buyer="Ann Lee")
    add_order(db, store_id, "111-0000002-0000001", buyer="Bob Ray",
              purchased=T0 - timedelta(hours=1))
    asked(db, OID, "Found it <cheaper>")
    page = details(admin, store_id)
    assert "Buyer asked to cancel</strong> on Amazon: <bdi>Found it &lt;cheaper&gt;</bdi>" in page
    assert [v for v, _, selected in reasons(page) if selected] == ["BuyerCanceled"]

    grid = admin.get(f"/admin/stores/{store_id}/orders").get_data(as_text=True)
    assert grid.count("badge-buyer-cancel") == 1
    dashboard = admin.get(f"/admin/stores/{store_id}").get_data(as_text=True)
    assert dashboard.count(">Buyer asked to cancel<") == 1
    assert "1 order has a buyer&#39;s cancellation request" in dashboard  # the banner
    banner = re.search(r'id="buyer-cancel-message".*?</div>', dashboard, re.S).group(0)
    link = unescape(re.search(r'href="([^"]+)"', banner).group(1))
    assert link == f"/admin/stores/{store_id}/orders?buyer_asked_to_cancel=1"

    filtered = admin.get(link).get_data(as_text=True)
    assert re.findall(r'class="order-number"[^>]*>([^<]+)<', filtered) == [OID]
    chips = dict(re.findall(r'<span class="chip">([^<]+?) <a href="([^"]+)"', filtered))
    assert unescape(chips["Buyer asked to cancel"]) == f"/admin/stores/{store_id}/orders"
    assert 'name="buyer_asked_to_cancel" value="1" checked' in filtered
    bad = admin.get(f"/admin/stores/{store_id}/orders?buyer_asked_to_cancel=2")
    assert bad.status_code == 200 and "Enter 1 to list only orders" in bad.get_data(True)


def test_a_refusal_is_shown_with_amazons_words(admin, db, store_id):
    add_order(db, store_id, OID, seller_cancel_state="refused",
              seller_cancel_reason="NoInventory",
              seller_cancel_message="Order 111-0000001-0000001 cannot be canceled: it has "
                                    "already shipped.")
    page = details(admin, store_id)
    assert ("Amazon refused the cancellation (No inventory): <bdi>Order 111-0000001-0000001 "
            "cannot be canceled: it has already shipped.</bdi>") in page
    assert 'id="cancel-order-button"' in page  # the merchant may act again


def test_the_hold_setting_is_on_by_default_and_can_be_turned_off(admin, db, store_id):
    url = f"/admin/stores/{store_id}/settings"
    page = admin.get(url).get_data(as_text=True)
    assert ">Hold orders the buyer asked to cancel</label>" in page
    assert '<option value="hold" selected>Hold</option>' in page
    answer = admin.post(url, {"hold_buyer_cancellations": "do_not_hold"})
    assert answer.status_code == 303
    with db.session() as s:
        assert s.get(OrderSettings, store_id).hold_buyer_cancellations is False
    wrong = admin.post(url, {"hold_buyer_cancellations": "sometimes"})
    assert wrong.status_code == 400 and "Choose Hold or Do Not Hold." in wrong.get_data(True)
