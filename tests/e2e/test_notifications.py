"""ORDER_CHANGE notifications end to end: the Amazon sandbox publishes to a queue on moto's SQS
server (the real SQS protocol, over HTTP), the connector long-polls it with boto3, fetches each
changed order from the sandbox and imports it into the Commerce sandbox, all over real HTTP.
Polling stays the safety net for what a lost message missed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select

from connector.models import AmazonOrder, NotificationMessage, NotificationSubscription
from connector.notifications import parse_arn
from connector.orders import (
    NotificationsRefused,
    consume_notifications,
    due_stores,
    notification_states,
    remove_notifications,
    setup_notifications,
)
from tests.sqs import notified_world

QUEUE = "amazon-orders"


@pytest.fixture
def queue_name(request):
    """A queue per test (moto's server lives for the module)."""
    return f"{QUEUE}-{request.node.name[:40].replace('[', '-').replace(']', '')}"


@pytest.fixture
def world(app, live_server, sqs):
    w = notified_world(app, live_server, sqs)
    yield w
    w.http.close()


def subscribe(world, sqs, name: str, **queue) -> str:
    arn = sqs.make_queue(name, **queue)
    setup_notifications(world.lifecycle, world.store_id, arn)
    return arn


def drain(world, rounds: int = 6):
    """Consume until a long poll comes back empty; the reports, merged."""
    total = None
    for _ in range(rounds):
        report = consume_notifications(world.lifecycle, wait_seconds=1)
        if total is None:
            total = report
        else:
            total.add(report)
        if report.received == 0:
            break
    return total


def row_of(world, order_id: str) -> AmazonOrder | None:
    with world.db().session() as s:
        return s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == order_id))


def delivery_faults(world, **faults) -> None:
    r = world.http.post(f"{world.amazon_url}/_sandbox/notifications/faults", json=faults)
    assert r.status_code == 200, r.text


# -- setup -----------------------------------------------------------------------------------


def test_setup_creates_destination_and_subscription_once(world, sqs, queue_name):
    arn = sqs.make_queue(queue_name)
    first = setup_notifications(world.lifecycle, world.store_id, arn)
    again = setup_notifications(world.lifecycle, world.store_id, arn)
    assert (first.destination_created, first.subscription_created) == (True, True)
    assert (again.destination_created, again.subscription_created) == (False, False)
    assert (again.destination_id, again.subscription_id) == (first.destination_id,
                                                             first.subscription_id)
    seen = world.http.get(f"{world.amazon_url}/_sandbox/notifications").json()
    assert len(seen["destinations"]) == 1
    event = seen["subscriptions"]["ORDER_CHANGE"]["processingDirective"]["eventFilter"]
    assert event["marketplaceIds"] == ["ATVPDKIKX0DER"]
    assert set(event["orderChangeTypes"]) == {"OrderStatusChange", "BuyerRequestedChange"}
    calls = world.amazon_calls()["calls"]
    assert calls["createDestination"] == 1 and calls["createSubscription"] == 1


def test_setup_refuses_a_queue_amazon_may_not_send_to(world, sqs, queue_name):
    arn = sqs.make_queue(queue_name, policy=False)
    with pytest.raises(NotificationsRefused) as refused:
        setup_notifications(world.lifecycle, world.store_id, arn)
    assert refused.value.field == "queue_arn"
    assert "437568002678" in refused.value.message
    with pytest.raises(NotificationsRefused) as bad:
        setup_notifications(world.lifecycle, world.store_id, "arn:aws:sns:us-east-1:1:x")
    assert bad.value.field == "queue_arn"
    with world.db().session() as s:
        assert s.get(NotificationSubscription, world.store_id) is None


def test_setup_refuses_when_the_seller_subscribes_elsewhere_and_remove_clears(world, sqs,
                                                                              queue_name):
    subscribe(world, sqs, queue_name)
    other = sqs.make_queue(queue_name + "-other")
    with pytest.raises(NotificationsRefused, match="another destination"):
        setup_notifications(world.lifecycle, world.store_id, other)
    assert remove_notifications(world.lifecycle, world.store_id) is True
    seen = world.http.get(f"{world.amazon_url}/_sandbox/notifications").json()
    assert seen["subscriptions"] == {}
    assert setup_notifications(world.lifecycle, world.store_id, other).subscription_created


# -- the consumer ------------------------------------------------------------------------------


def test_an_order_placed_on_amazon_reaches_commerce_without_a_sync(world, sqs, queue_name):
    subscribe(world, sqs, queue_name)
    oid = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")

    report = drain(world)
    assert report.handled == 1 and report.orders == {world.store_id: [oid]}
    assert world.commerce_order_for(oid)["state"] == "processing"
    calls = world.amazon_calls()["calls"]
    assert "searchOrders" not in calls  # no sync ran
    assert calls["getOrder"] == 1
    assert sqs.waiting(queue_name) == 0  # deleted once committed
    with world.db().session() as s:
        state = notification_states(s, world.clock.now())[world.store_id]
    assert state.healthy and state.last_message_at == world.clock.now()
    assert state.lag_seconds is not None and state.lag_seconds >= 0


def test_duplicated_and_reordered_messages_make_one_order_latest_status_wins(world, sqs,
                                                                             queue_name):
    subscribe(world, sqs, queue_name)
    delivery_faults(world, duplicate=1, reorder=True)
    oid = world.place_order([("KETTLE-1", 1, "40.00")], status="PENDING")
    world.clock.advance(1)
    world.amazon_moves(oid, "UNSHIPPED")
    released = world.http.post(f"{world.amazon_url}/_sandbox/notifications/release").json()
    assert released["released"] == 4  # two changes, each twice, newest first

    report = drain(world)
    assert report.handled + report.duplicates == 4
    assert report.duplicates >= 2
    order = world.commerce_order_for(oid)  # asserts there is at most one
    assert order is not None and order["state"] == "processing"
    assert row_of(world, oid).amazon_status == "Unshipped"
    assert sqs.waiting(queue_name) == 0


def test_a_dropped_message_is_caught_by_the_safety_net_sync(world, sqs, queue_name):
    subscribe(world, sqs, queue_name)
    delivery_faults(world, drop=1)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    assert drain(world).received == 0
    assert world.commerce_order_for(oid) is None

    world.run()  # the scheduled sync: Amazon shows the change two minutes on
    assert world.commerce_order_for(oid)["state"] == "processing"


def test_malformed_messages_are_recorded_and_deleted_neighbours_imported(world, sqs,
                                                                         queue_name):
    subscribe(world, sqs, queue_name)
    delivery_faults(world, malformed=1)
    bad = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    delivery_faults(world)
    good = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(2)]

    report = drain(world)
    assert report.malformed == 1 and report.handled == 2
    assert all(world.commerce_order_for(oid) for oid in good)
    assert world.commerce_order_for(bad) is None  # the message did not say which order
    assert sqs.waiting(queue_name) == 0  # never retried
    with world.db().session() as s:
        kept = s.scalars(select(NotificationMessage).where(
            NotificationMessage.outcome == "malformed")).all()
    assert len(kept) == 1 and "AmazonOrderId" in kept[0].detail


def test_a_message_for_another_seller_is_dropped(world, sqs, queue_name):
    arn = subscribe(world, sqs, queue_name)
    world.http.post(f"{world.amazon_url}/_sandbox/notifications/faults", json={})
    client = sqs.client()
    url = client.get_queue_url(QueueName=parse_arn(arn)[2])["QueueUrl"]
    published = world.http.get(f"{world.amazon_url}/_sandbox/notifications").json()
    assert published["sent"] == []
    import json

    from connector.sandbox.amazon.notify_desk import NotifyDesk

    desk = NotifyDesk("A9OTHERSELLER", world.clock.now, sqs=sqs.client)
    message = desk.message({"orderId": "111-0000000-0000009", "orderItems": [],
                            "salesChannel": {"marketplaceId": "ATVPDKIKX0DER"},
                            "fulfillment": {"fulfillmentStatus": "UNSHIPPED",
                                            "fulfilledBy": "MERCHANT"},
                            "lastUpdatedTime": "2026-11-02T09:00:00Z",
                            "createdTime": "2026-11-02T09:00:00Z"},
                           "OrderStatusChange", "NewOrder")
    client.send_message(QueueUrl=url, MessageBody=json.dumps(message))
    report = drain(world)
    assert report.dropped == 1 and report.handled == 0
    assert "getOrder" not in world.amazon_calls()["calls"]
    assert sqs.waiting(queue_name) == 0


def test_a_buyer_cancellation_request_arrives_by_notification(world, sqs, queue_name):
    subscribe(world, sqs, queue_name)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    drain(world)
    assert world.commerce_order_for(oid)["state"] == "processing"

    world.clock.advance(1)
    world.buyer_asks_to_cancel(oid, "Ordered by mistake")
    report = drain(world)
    assert report.handled == 1
    row = row_of(world, oid)
    assert row.buyer_cancel_requested_at is not None
    assert world.commerce_order_for(oid)["state"] == "holded"
    assert "searchOrders" not in world.amazon_calls()["calls"]


# -- polling relaxes while messages flow, and comes back when they stop ------------------------


def test_sync_relaxes_while_notifications_flow_and_returns_when_they_stop(world, sqs,
                                                                          queue_name):
    world.run()  # the store's first sync: now it runs every 5 minutes
    assert world.store_id not in due_stores(world.lifecycle)
    subscribe(world, sqs, queue_name)
    world.clock.advance(6)
    assert world.store_id not in due_stores(world.lifecycle)  # relaxed to 15 minutes
    world.clock.advance(10)
    assert world.store_id in due_stores(world.lifecycle)

    delivery_faults(world, drop=1)  # messages stop coming; orders keep changing
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()  # the relaxed sync finds it
    world.clock.advance(6)
    assert world.store_id not in due_stores(world.lifecycle)  # silent for 22 min only
    world.clock.advance(10)  # over 30 minutes silent while orders changed
    with world.db().session() as s:
        assert not notification_states(s, world.clock.now())[world.store_id].healthy
    world.run()
    world.clock.advance(5)
    assert world.store_id in due_stores(world.lifecycle)  # the store's own 5 minutes again


# -- a process dies between fetching the order and deleting its message ----------------------

#: Consumes the queue in its own process, as a scheduler would, and dies (SIGKILL) the moment
#: getOrder has answered (``fetched``), or once the order is imported and its message is about
#: to be deleted (``deleting``).
KILLED_CONSUMER = textwrap.dedent("""
    import os, signal, sys
    from datetime import datetime

    import boto3

    from connector import create_app
    from connector.amazon import AmazonClient, LwaCredentials
    from connector.notifications import OrderChangeQueue
    from connector.orders.coordination import process_owner
    from connector.orders.notified import consume_notifications
    from connector.orders.services import Services

    instance, database_url, sqs_url, now, where = sys.argv[1:6]
    moment = datetime.fromisoformat(now)
    app = create_app({"instance_path": instance, "database_url": database_url,
                      "testing": True, "scheduler": False})

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    class DyingAmazon(AmazonClient):
        def get_order(self, order_id):
            order = super().get_order(order_id)
            if where == "fetched":
                die()
            return order

    def amazon(store):
        return DyingAmazon(
            LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
            store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
            now=lambda: moment, sleep=lambda s: None)

    class Dying(OrderChangeQueue):
        def delete(self, messages):
            die()

    def queue(arn):
        return Dying(arn, client=boto3.client(
            "sqs", region_name="us-east-1", endpoint_url=sqs_url,
            aws_access_key_id="testing", aws_secret_access_key="testing"))

    services = Services(db=app.extensions["connector_db"], owner=process_owner(),
                        amazon_factory=amazon, queue_factory=queue, clock=lambda: moment)
    consume_notifications(services, wait_seconds=5)
    sys.exit(0)  # never reached when a message came
""")


@pytest.mark.parametrize("where", ["fetched", "deleting"])
def test_sigkill_before_the_message_is_deleted_makes_no_duplicate(world, sqs, queue_name,
                                                                  app_config, where):
    subscribe(world, sqs, queue_name, visibility_seconds=1)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_CONSUMER, app_config["instance_path"],
         app_config["database_url"], sqs.url, world.clock.now().isoformat(), where],
        env={**os.environ, "CONNECTOR_LOG_LEVEL": "ERROR"}, capture_output=True, timeout=120)
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    imported = world.commerce_order_for(oid) is not None
    assert imported == (where == "deleting")
    assert sqs.waiting(queue_name) == 1  # the message stays until the work is committed

    deadline = time.monotonic() + 15
    report = drain(world)
    while report.received == 0 and time.monotonic() < deadline:  # visible again after 1 s
        report = drain(world)
    # Handled in the main process, or found handled (the killed one committed it all).
    assert (report.handled, report.duplicates) == ((0, 1) if imported else (1, 0))
    assert len([o for o in world.commerce_orders() if o.get("ext_order_id") == oid]) == 1
    assert sqs.waiting(queue_name) == 0


# -- the command line and /health/ready --------------------------------------------------------


def test_the_command_line_sets_up_shows_and_removes(world, sqs, queue_name, cli):
    arn = sqs.make_queue(queue_name)
    refused = cli("notifications", "setup", "--store", world.store_id, "--queue-arn", "nope")
    assert refused.exit_code == 2 and "queue_arn: an SQS queue ARN" in refused.output
    made = cli("notifications", "setup", "--store", world.store_id, "--queue-arn", arn,
               "--relaxed-interval", "20")
    assert made.exit_code == 0, made.output
    assert "(created)" in made.output and arn in made.output
    again = cli("notifications", "setup", "--store", world.store_id, "--queue-arn", arn)
    assert again.output.count("(reused)") == 2

    shown = cli("notifications", "status", "--store", world.store_id)
    assert shown.exit_code == 0, shown.output
    assert "Amazon: subscription" in shown.output and "last message never" in shown.output
    assert "sync every 20 minute(s)" in shown.output

    gone = cli("notifications", "remove", "--store", world.store_id)
    assert gone.exit_code == 0 and "subscription removed" in gone.output
    assert "Amazon: no ORDER_CHANGE subscription" in cli(
        "notifications", "status", "--store", world.store_id).output
    assert cli("notifications", "status", "--store", 999).exit_code == 2


def test_health_shows_each_stores_notifications(world, sqs, queue_name, client):
    assert client.get("/health/ready").get_json()["checks"]["stores"]["stores"][0][
        "notifications"] is None
    subscribe(world, sqs, queue_name)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    drain(world)
    assert world.commerce_order_for(oid)
    shown = client.get("/health/ready").get_json()["checks"]["stores"]["stores"][0]
    notified = shown["notifications"]
    assert notified["messages"] == 1 and notified["flowing"] is True
    assert notified["last_message_at"] == world.clock.now().isoformat().replace("+00:00", "Z")
    assert notified["lag_seconds"] >= 0 and notified["sync_interval_minutes"] == 15


# -- the store page ----------------------------------------------------------------------------


@pytest.fixture
def app_config(app_config):
    from tests.admin.conftest import COMMERCE_ADMIN, SECRET

    return {**app_config, "admin_jwt_secret": SECRET, "commerce_admin_origins": COMMERCE_ADMIN}


def test_the_store_page_sets_notifications_up_and_removes_them(world, sqs, queue_name, client):
    from tests.admin.conftest import sign_in

    admin = sign_in(client)
    page = f"/admin/stores/{world.store_id}"
    assert "Set up notifications" in admin.get(page).get_data(as_text=True)
    refused = admin.post(f"{page}/notifications", {"queue_arn": "orders"}, form_page=page,
                         follow_redirects=True).get_data(as_text=True)
    assert "Queue ARN: an SQS queue ARN" in refused

    arn = sqs.make_queue(queue_name)
    shown = admin.post(f"{page}/notifications", {"queue_arn": arn, "action": "setup"},
                       form_page=page, follow_redirects=True).get_data(as_text=True)
    assert "Notifications are on" in shown and arn in shown
    assert "Every 15 minutes, the safety net" in shown
    with world.db().session() as s:
        assert s.get(NotificationSubscription, world.store_id).queue_arn == arn

    gone = admin.post(f"{page}/notifications", {"action": "remove"}, form_page=page,
                      follow_redirects=True).get_data(as_text=True)
    assert "Notifications removed" in gone and "Set up notifications" in gone


def test_handled_notifications_are_forgotten_once_sqs_cannot_resend_them(world, sqs,
                                                                         queue_name):
    from datetime import timedelta

    from connector.orders import forget_old_notifications

    subscribe(world, sqs, queue_name)
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    drain(world)
    world.clock.advance(60 * 24 * 14)
    assert forget_old_notifications(world.lifecycle) == 0  # SQS may still hold a copy
    world.clock.now_value += timedelta(days=1, minutes=1)
    assert forget_old_notifications(world.lifecycle) == 1


def test_a_backlog_older_than_two_minutes_comes_by_one_search_not_a_get_order_each(
        world, sqs, queue_name):
    subscribe(world, sqs, queue_name)
    delivery_faults(world, reorder=True)  # held: as if the consumer fell behind
    ids = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(40)]
    world.clock.advance(3)  # the changes are now older than two minutes
    world.http.post(f"{world.amazon_url}/_sandbox/notifications/release")

    report = drain(world)
    assert report.handled == 40
    calls = world.amazon_calls()["calls"]
    assert calls["searchOrders"] == 1 and "getOrder" not in calls
    assert all(world.commerce_order_for(oid) for oid in ids)
    assert sqs.waiting(queue_name) == 0
