"""The pages a merchant relies on daily, in Chromium inside the Commerce admin's iframe:
the catalogue picker, changing and removing a match, Save Order that waits for a change, an
order that arrived while import was disabled and its explicit import, the dashboard with
Pending orders and two currencies, and the order items at 900 px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from connector.models import AmazonOrder, OrderSettings, SkuMatch
from connector.web.admin_token import mint
from tests.admin.conftest import add_order
from tests.browser.conftest import SECRET, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def shop(app, world):
    app.extensions["connector_services"] = world.lifecycle
    return world


def open_page(page, host, live, path="/admin/", width=1280):
    token = mint(SECRET, "merchant")
    page.goto(f"{host.url('localhost')}/?width={width}&src={live.url}/admin/?token={token}")
    frame = page.frame_locator("iframe#amazon-orders")
    frame.get_by_role("heading", name="Amazon Stores").wait_for()
    if path != "/admin/":
        page.frames[1].goto(f"{live.url}{path}")
    return frame


def row_of(world, order_id) -> AmazonOrder:
    with world.db().session() as session:
        return session.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == order_id))


def test_the_catalogue_picker_finds_and_assigns_as_the_merchant_types(page, host, app, shop,
                                                                      live_server):
    blocked = shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED",
                               order_id="111-4000001-0000001")
    shop.run()
    frame = open_page(page, host, live_server(app),
                      f"/admin/stores/{shop.store_id}/orders/{blocked}")
    frame.get_by_role("link", name="Match SKU AMZ-ONLY-SKU").click()
    frame.get_by_role("heading", name="Find the Commerce product for AMZ-ONLY-SKU").wait_for()
    frame.get_by_text("4 products found").wait_for()
    frame.get_by_label("Search the catalogue").press_sequentially("kett", delay=40)
    frame.get_by_text("1 product found for “kett”").wait_for()  # no submit: as typed
    assert frame.locator("table.catalogue-grid td.sku").all_inner_texts() == ["KETTLE-1"]
    frame.get_by_label("Search the catalogue").fill("")
    frame.get_by_label("Search the catalogue").press_sequentially("lamp", delay=40)
    frame.get_by_text("1 product found for “lamp”").wait_for()
    lamp = frame.locator("table.catalogue-grid tr", has_text="OFF-1")
    assert "Disabled" in lamp.inner_text() and lamp.get_by_role("button").count() == 0
    screenshot(page, "11-catalogue-picker")
    frame.get_by_label("Search the catalogue").fill("mug")
    frame.get_by_text("1 product found for “mug”").wait_for()
    frame.get_by_role("button", name="Assign MUG-1 to AMZ-ONLY-SKU").click()
    frame.get_by_text("1 order imported into Commerce.").wait_for()
    assert row_of(shop, blocked).status == "Unshipped"
    assert page.dialogs == []


def test_a_match_is_changed_and_removed_from_the_page(page, host, app, shop, live_server):
    blocked = shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    shop.run()
    with shop.db().session() as session:
        session.add(SkuMatch(store_id=shop.store_id, amazon_sku="AMZ-ONLY-SKU",
                             commerce_sku="EMPTY-1"))
    frame = open_page(page, host, live_server(app),
                      f"/admin/stores/{shop.store_id}/sku-matching")
    field = frame.get_by_label("Commerce SKU matched to AMZ-ONLY-SKU")
    assert field.input_value() == "EMPTY-1"
    field.fill("OFF-1")
    frame.locator("table.matched-grid").get_by_role("button", name="Save").click()
    frame.get_by_text('The Commerce product "OFF-1" is disabled').wait_for()
    screenshot(page, "12-match-refused")
    frame.get_by_label("Commerce SKU matched to AMZ-ONLY-SKU").fill("KETTLE-1")
    frame.locator("table.matched-grid").get_by_role("button", name="Save").click()
    frame.get_by_text("1 order imported into Commerce.").wait_for()
    assert shop.commerce_order_for(blocked)["items"][0]["sku"] == "KETTLE-1"
    frame.get_by_role("button", name="Remove the match of AMZ-ONLY-SKU").click()
    frame.get_by_text('Removed the match of Amazon SKU "AMZ-ONLY-SKU"').wait_for()
    frame.get_by_text("No SKU matched yet.").wait_for()
    screenshot(page, "13-match-removed")


def test_save_order_waits_for_a_change(page, host, app, shop, live_server):
    sold_out = shop.place_order([("EMPTY-1", 1, "20.00")], status="UNSHIPPED")
    shop.run()
    frame = open_page(page, host, live_server(app),
                      f"/admin/stores/{shop.store_id}/orders/{sold_out}")
    buttons = frame.get_by_role("button", name="Save Order")
    assert buttons.count() == 2
    assert all(buttons.nth(n).is_disabled() for n in range(2))
    screenshot(page, "14-save-order-disabled")
    frame.get_by_label("Shipping address 2").fill("Apt 4")
    assert all(buttons.nth(n).is_enabled() for n in range(2))
    frame.get_by_label("Shipping address 2").fill("")
    assert buttons.first.is_disabled()  # back as it was: nothing to save
    frame.get_by_label("Shipping region").fill("Colo.")
    buttons.first.click()
    frame.get_by_text("You saved the order.").wait_for()
    assert row_of(shop, sold_out).shipping_address["state_or_region"] == "CO"


def test_an_order_that_arrived_while_import_was_off_is_imported_only_when_asked(
        page, host, app, shop, live_server):
    with shop.db().session() as session:
        session.get(OrderSettings, shop.store_id).import_enabled = False
    order_id = shop.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    shop.run()
    with shop.db().session() as session:
        session.get(OrderSettings, shop.store_id).import_enabled = True
    shop.run()
    assert shop.commerce_order_for(order_id) is None
    frame = open_page(page, host, live_server(app),
                      f"/admin/stores/{shop.store_id}/orders/{order_id}")
    frame.get_by_role("heading", name="Import was disabled when this order arrived").wait_for()
    assert frame.get_by_role("button", name="Save Order").count() == 0
    assert "correct the address and click" not in frame.locator("main").inner_text()
    confirm = frame.get_by_role("button", name="Yes, import into Commerce")
    assert not confirm.is_visible()
    frame.locator("summary", has_text="Import into Commerce").click()
    assert confirm.is_visible()
    assert "may already have been handled in Seller Central" in frame.locator(
        ".confirm-box").inner_text()
    screenshot(page, "15-import-on-request")
    confirm.click()
    frame.get_by_text("You asked for this order to be imported into Commerce. 1 order "
                      "imported into Commerce.").wait_for()
    assert shop.commerce_order_for(order_id) is not None
    assert frame.locator("#import-disabled").count() == 0


def test_the_dashboard_with_pending_orders_and_two_currencies(page, host, app, shop,
                                                              live_server):
    now = shop.clock.now()
    for _ in range(16):
        shop.place_order([("MUG-1", 1, "12.00")], status="PENDING")
    shop.run()
    db = shop.db()
    add_order(db, shop.store_id, "111-5000001-0000001", total="395.61", purchased=now)
    add_order(db, shop.store_id, "111-5000002-0000001", total="80.00", currency="CAD",
              purchased=now - timedelta(days=1))
    with db.session() as session:  # Amazon sends Pending orders without a total
        assert session.query(AmazonOrder).filter(AmazonOrder.order_total.is_(None)).count() \
            == 16
    frame = open_page(page, host, live_server(app), f"/admin/stores/{shop.store_id}")
    frame.get_by_role("heading", name="Amazon Store Sales Revenue").wait_for()
    totals = [re.sub(r"\s+", " ", t) for t in frame.locator(".chart-total").all_inner_texts()]
    assert totals[0].startswith("$395.61 from 1 order") and totals[1].startswith(
        "CA$80.00 from 1 order"), totals
    assert not any("0.00 from 16" in t for t in totals)
    assert frame.locator("svg.sales-chart").get_attribute("data-currency") == "USD"
    assert "Sales per day in USD" in frame.locator(".chart-caption").inner_text()
    pending = frame.locator("a.status-count[data-status=Pending] .count")
    assert pending.inner_text() == "16"
    screenshot(page, "16-dashboard-two-currencies")
    frame.locator(".currency-switch").get_by_role("link", name="CAD").click()
    frame.get_by_text("Sales per day in CAD").wait_for()
    frame.locator("a.status-count[data-status=Pending]").click()
    frame.get_by_text("16 records found").wait_for()


def test_order_items_fit_at_900_px(page, host, app, shop, live_server):
    order_id = shop.place_order([("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00")],
                                status="UNSHIPPED")
    shop.run()
    frame = open_page(page, host, live_server(app),
                      f"/admin/stores/{shop.store_id}/orders/{order_id}?tab=items", width=900)
    frame.get_by_role("heading", name="Order items").wait_for()
    inner = page.frames[1]
    assert inner.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    panel = inner.evaluate("document.querySelector('.table-scroll').getBoundingClientRect()"
                           ".right")
    assert panel <= inner.evaluate("window.innerWidth")
    # The price columns are there, a scroll of the table away, never cut off by the page.
    assert frame.get_by_role("columnheader", name="Shipping Price").count() == 1
    quantities = frame.locator("table.items-grid tbody tr td:nth-child(3)").all_inner_texts()
    assert quantities == ["2", "1"]
    screenshot(page, "17-items-900px")
