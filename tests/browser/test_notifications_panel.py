"""The store page's Notifications panel in Chromium, inside the Commerce admin's cross-origin
iframe, against the Amazon sandbox and SQS (moto's server) over HTTP: a queue Amazon may not
send to is explained, notifications go on, an order arrives through them and the panel says
so, and they go off again."""

from __future__ import annotations

import pytest

from connector.models import NotificationSubscription
from connector.orders import consume_notifications
from tests.browser.conftest import screenshot
from tests.browser.test_admin_in_iframe import open_admin
from tests.sqs import notified_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, live_server, sqs):
    w = notified_world(app, live_server, sqs)
    yield w
    w.http.close()


@pytest.fixture
def connector(app, world, live_server):
    app.extensions["connector_services"] = world.lifecycle
    return live_server(app)


def panel_text(frame) -> str:
    return frame.locator("#notifications").inner_text()


def test_a_merchant_turns_notifications_on_and_off_from_the_store_page(page, host, world, sqs,
                                                                       connector):
    frame = open_admin(page, host, connector)
    frame.get_by_role("link", name="View Store").click()
    frame.locator("#notifications").wait_for()
    assert "Orders arrive by sync" in panel_text(frame)

    # A queue whose policy does not let Amazon send: Amazon's refusal, in the merchant's words.
    closed = sqs.make_queue("browser-closed", policy=False)
    frame.get_by_label("SQS queue ARN").fill(closed)
    frame.get_by_role("button", name="Set up notifications").click()
    frame.locator(".message.message-error").wait_for()
    refusal = frame.locator(".message.message-error").inner_text()
    assert refusal.startswith("Queue ARN:") and "policy" in refusal.lower()
    with world.db().session() as session:
        assert session.get(NotificationSubscription, world.store_id) is None

    arn = sqs.make_queue("browser-open")
    frame.get_by_label("SQS queue ARN").fill(arn)
    frame.get_by_role("button", name="Set up notifications").click()
    frame.get_by_role("button", name="Remove notifications").wait_for()
    assert "Notifications are on" in frame.locator(".message").first.inner_text()
    assert arn in panel_text(frame)

    # An order placed on Amazon arrives through the queue, with no sync.
    order_id = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    for _ in range(6):
        consume_notifications(world.lifecycle, wait_seconds=1)
        if world.commerce_order_for(order_id):
            break
    assert world.commerce_order_for(order_id) is not None
    frame.get_by_role("link", name="Amazon Stores").click()  # and back to the store's page
    frame.get_by_role("link", name="View Store").click()
    frame.locator("#notifications").wait_for()
    shown = panel_text(frame)
    assert "Within seconds: Amazon's ORDER_CHANGE notifications are flowing" in shown
    assert "s after Amazon sent it" in shown
    screenshot(page, "notifications-on")

    frame.get_by_role("button", name="Remove notifications").click()
    frame.get_by_role("button", name="Set up notifications").wait_for()
    assert "Notifications removed" in frame.locator(".message").first.inner_text()
    with world.db().session() as session:
        assert session.get(NotificationSubscription, world.store_id) is None
