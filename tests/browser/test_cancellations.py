"""Cancellations in Chromium, inside the Commerce admin's iframe, against the real sandboxes:
a buyer's request shows on the dashboard, the banner and All Orders; Cancel Order opens its
confirm step (Buyer canceled chosen for such an order); Amazon and Commerce end Canceled."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_admin_in_iframe import open_admin

pytestmark = pytest.mark.browser


@pytest.fixture
def shop(app, world):
    app.extensions["connector_services"] = world.lifecycle
    plain = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED", buyer="Ann Lee",
                              order_id="111-3000001-0000001")
    asked = world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED", buyer="Bob Ray",
                              order_id="111-3000002-0000001")
    world.run()
    world.buyer_asks_to_cancel(asked, "Ordered by mistake")
    world.run()
    return world, plain, asked


def test_a_merchant_cancels_orders_from_the_details_page(page, host, app, shop, live_server):
    world, plain, asked = shop
    frame = open_admin(page, host, live_server(app))
    frame.get_by_role("link", name="View Store").click()

    # The buyer's request: the banner, and a badge in Recent Orders.
    frame.get_by_role("heading", name="Recent Orders").wait_for()
    banner = frame.locator("#buyer-cancel-message")
    assert "1 order has a buyer's cancellation request" in banner.inner_text()
    row = frame.locator("tr", has=frame.get_by_role("link", name=asked))
    assert row.locator(".badge-buyer-cancel").inner_text() == "Buyer asked to cancel"
    screenshot(page, "cancel-01-dashboard-buyer-request")

    # The banner's link is All Orders with the filter chip.
    banner.get_by_role("link", name="Demo US (1)").click()
    frame.locator(".chip", has_text="Buyer asked to cancel").wait_for()
    assert frame.locator("a.order-number").all_inner_texts() == [asked]
    screenshot(page, "cancel-02-all-orders-filtered")

    # One click: Cancel Order opens the confirm step with Buyer canceled chosen.
    frame.get_by_role("link", name=asked).click()
    frame.locator(".buyer-cancel-request").wait_for()
    assert "Ordered by mistake" in frame.locator(".buyer-cancel-request").inner_text()
    frame.get_by_role("link", name="Cancel Order").click()
    dialog = frame.locator("dialog#cancel-order")
    dialog.wait_for(state="visible")
    assert dialog.locator("select#reason").input_value() == "BuyerCanceled"
    screenshot(page, "cancel-03-confirm-buyer-canceled")
    dialog.get_by_role("button", name="Confirm").click()
    frame.get_by_text("You asked Amazon to cancel the order (Buyer canceled).").wait_for()
    assert frame.locator(".badge-requested").inner_text() == "Cancellation requested"
    assert frame.get_by_role("link", name="Cancel Order").count() == 0

    # The other order: no reason chosen is refused in place; then No inventory.
    frame.get_by_role("link", name="All Orders").click()
    frame.get_by_role("link", name=plain).click()
    frame.get_by_role("link", name="Cancel Order").click()
    assert dialog.locator("select#reason").input_value() == ""
    dialog.get_by_role("link", name="Back").click()
    dialog.wait_for(state="hidden")
    frame.get_by_role("link", name="Cancel Order").click()
    dialog.get_by_role("button", name="Confirm").click()
    frame.locator("#error-reason").wait_for()
    assert frame.locator("#error-reason").inner_text() == "Choose a reason for cancellation."
    screenshot(page, "cancel-04-reason-required")
    frame.locator("dialog#cancel-order select#reason").select_option(label="No inventory")
    frame.locator("dialog#cancel-order").get_by_role("button", name="Confirm").click()
    frame.get_by_text("You asked Amazon to cancel the order (No inventory).").wait_for()

    # One feed carries both; Amazon cancels them; the next syncs cancel the Commerce orders.
    report = world.run()
    assert report.cancellations.sent == 2
    world.run()
    world.run()
    assert world.amazon_calls()["calls"]["createFeed"] == 1
    for oid in (plain, asked):
        assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
        assert world.commerce_order_for(oid)["state"] == "canceled"
    frame.get_by_role("link", name="All Orders").click()  # the merchant comes back later
    frame.get_by_role("link", name=plain).click()
    frame.locator(".order-links .status-canceled").wait_for()
    assert "Canceled by Amazon at your request: No inventory" in frame.locator(
        "dd.cancellation").inner_text()
    assert frame.locator("#buyer-cancel-message").count() == 0
    screenshot(page, "cancel-05-canceled")
    assert page.dialogs == []
