"""The admin pages inside the Commerce admin's iframe, in Chromium, against real sandboxes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from connector.models import AmazonOrder, OrderSettings
from connector.web.admin_token import mint
from tests.browser.conftest import SECRET, screenshot

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
BANNER = "Your Amazon store(s) has orders that cannot be imported into Commerce."


@pytest.fixture
def shop(app, world):
    """Orders in every state the pages show; the pages use the world's lifecycle."""
    app.extensions["connector_services"] = world.lifecycle
    buyers = ["Jane Doe", "Jack Black", "Ann Lee", "Jade Stone", "Bob Ray", XSS]
    for n, buyer in enumerate(buyers):
        world.place_order([("MUG-1", n + 1, "12.00")], buyer=buyer, status="UNSHIPPED")
        world.clock.advance(1)
    world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED", buyer="Imre Kovacs",
                      order_id="111-1000001-0000001")
    world.place_order([("AMZ-ONLY-SKU", 2, "9.99")], status="UNSHIPPED", buyer="Zed Blocked",
                      order_id="111-2000002-0000001")
    world.run()
    return world


def open_admin(page, host, live, user="merchant"):
    token = mint(SECRET, user)
    page.goto(f"{host.url('localhost')}/?src={live.url}/admin/?token={token}")
    return page.frame_locator("iframe#amazon-orders")


def test_a_merchant_works_through_the_pages_inside_the_commerce_admin(page, host, app, shop,
                                                                       live_server):
    live = live_server(app)
    frame = open_admin(page, host, live)

    # Stores, with the banner raised by the blocked order.
    frame.get_by_role("heading", name="Amazon Stores").wait_for()
    assert BANNER in frame.locator("#system-message").inner_text()
    screenshot(page, "01-stores")
    frame.get_by_role("link", name="View Store").click()

    # Dashboard: header, chart, Recent Orders; the untrusted buyer name is plain text.
    frame.get_by_role("heading", name="Recent Orders").wait_for()
    assert "Demo US" in frame.locator(".store-header").inner_text()
    assert frame.locator("svg.sales-chart rect.bar").count() == 7
    assert frame.get_by_text(XSS, exact=True).count() == 1
    screenshot(page, "02-dashboard")

    # Order settings: a bad value is refused next to its field, then a good save confirms.
    frame.get_by_role("link", name="Order settings").click()
    frame.locator("#sync_interval_minutes").fill("0")
    frame.locator("#customer_creation").select_option("create")
    frame.locator(".form-actions").get_by_role("button", name="Save order settings").click()
    assert "from 1 to 1440" in frame.locator("#error-sync_interval_minutes").inner_text()
    screenshot(page, "03-settings-error")
    frame.locator("#import_enabled").select_option("disabled")
    assert frame.locator("#sync_interval_minutes").is_disabled()  # greyed out
    frame.locator("#import_enabled").select_option("enabled")
    frame.locator("#order_status").select_option("custom")
    assert not frame.locator("#processing_status").is_disabled()
    frame.locator("#processing_status").select_option("fraud")
    frame.locator("#sync_interval_minutes").fill("10")
    # Pending Orders appears only once the companion module is chosen.
    assert frame.locator("#reserve_pending").is_hidden()
    frame.locator("#reservation_strategy").select_option("module")
    frame.locator("#reserve_pending").select_option("reserve")
    frame.locator(".form-actions").get_by_role("button", name="Save order settings").click()
    frame.get_by_text("You saved the order settings.").wait_for()
    with shop.db().session() as session:
        settings = session.get(OrderSettings, shop.store_id)
        assert (settings.sync_interval_minutes, settings.customer_creation,
                settings.processing_status, settings.reserve_pending) == (
                    10, "create", "fraud", True)
    screenshot(page, "04-settings-saved")

    # All Orders: filter (URL carries it), sort on the server, chips, clear.
    frame.get_by_role("link", name="Demo US", exact=True).click()
    frame.get_by_role("link", name="All Orders").click()
    frame.locator("input[name=buyer_name]").fill("ja")
    frame.locator("input[name=status][value=Unshipped]").check()
    frame.get_by_role("button", name="Apply filters").click()
    frame.locator(".chip", has_text="Buyer's Name: ja").wait_for()
    buyers = frame.locator("td.buyer").all_inner_texts()
    assert sorted(buyers) == ["Jack Black", "Jade Stone", "Jane Doe"]
    frame.locator("th a[data-sort=total]").click()
    frame.locator("th.sorted-desc a[data-sort=total]").wait_for()
    totals = frame.locator("td.amount").all_inner_texts()
    assert totals == sorted(totals, key=lambda t: float(t.strip("$").replace(",", "")),
                            reverse=True)
    frame.locator("th a[data-sort=buyer_name]").click()
    frame.locator("th.sorted-asc a[data-sort=buyer_name]").wait_for()
    assert frame.locator("td.buyer").all_inner_texts() == ["Jack Black", "Jade Stone",
                                                          "Jane Doe"]
    screenshot(page, "05-all-orders-filtered")
    frame.locator("input[name=total_min]").fill("ten")
    frame.get_by_role("button", name="Apply filters").click()
    assert "amount such as" in frame.locator(".field-error").inner_text()
    frame.get_by_role("link", name="Clear all filters").click()
    frame.get_by_text("8 records found").wait_for()

    # Order details: tabs, links to Commerce and Seller Central.
    frame.get_by_role("link", name="111-1000001-0000001").click()
    frame.get_by_role("heading", name="Amazon Order Details").wait_for()
    assert frame.locator("a.commerce-link").get_attribute("target") == "_top"
    assert "sellercentral.amazon.com" in frame.locator("a.seller-central-link").get_attribute(
        "href")
    screenshot(page, "06-order-details")
    frame.get_by_role("link", name="Order items").click()
    frame.get_by_role("cell", name="KETTLE-1", exact=True).wait_for()
    screenshot(page, "07-order-items")

    # SKU matching: the blocked order is imported at once; the banner goes.
    frame.locator(".breadcrumbs").get_by_role("link", name="Demo US", exact=True).click()
    frame.get_by_role("link", name="SKU matching").click()
    frame.get_by_label("Commerce SKU for AMZ-ONLY-SKU").fill("NOT-THERE")
    frame.get_by_role("button", name="Assign Catalog Product").click()
    frame.get_by_text('Commerce has no product with SKU "NOT-THERE".').wait_for()
    frame.get_by_label("Commerce SKU for AMZ-ONLY-SKU").fill("MUG-1")
    frame.get_by_role("button", name="Assign Catalog Product").click()
    frame.get_by_text("1 order imported into Commerce.").wait_for()
    assert frame.locator("#system-message").count() == 0
    screenshot(page, "08-sku-matched")
    with shop.db().session() as session:
        blocked = session.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == "111-2000002-0000001"))
        assert blocked.status == "Unshipped" and blocked.commerce_order_id is not None

    assert page.dialogs == []  # the buyer name never ran as markup


def test_a_site_that_is_not_the_commerce_admin_cannot_frame_the_pages(page, host, app,
                                                                       live_server):
    live = live_server(app)
    token = mint(SECRET, "merchant")
    # Same host page, reached as 127.0.0.1: another origin than the configured localhost one.
    page.goto(f"{host.url('127.0.0.1')}/?src={live.url}/admin/?token={token}")
    page.wait_for_load_state("load")  # waits for the iframe too
    inner = page.frames[1]
    assert inner.url.startswith("chrome-error://"), inner.url  # blocked by frame-ancestors
    assert "Amazon Stores" not in inner.content()
    # The configured origin frames them fine.
    frame = open_admin(page, host, live)
    frame.get_by_role("heading", name="Amazon Stores").wait_for()


def test_no_token_shows_open_from_commerce(page, host, app, live_server):
    live = live_server(app)
    page.goto(f"{host.url('localhost')}/?src={live.url}/admin/stores/1/orders")
    frame = page.frame_locator("iframe#amazon-orders")
    frame.get_by_role("heading", name="Open this page from the Commerce admin").wait_for()
