"""Cancellations both ways, end to end over real HTTP: the merchant's cancellation goes to the
Amazon sandbox in an order acknowledgement feed, and a buyer's request reaches Commerce as a
comment and a hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from connector.amazon import NetworkError
from connector.models import AmazonOrder, CancellationFeed, OrderSettings
from connector.orders import CancellationRefused, request_cancellation
from tests.e2e.test_lifecycle import notes, row
from tests.e2e.test_pending_holds import settings
from tests.e2e.test_reservations import salable


def cancel(world, oid, reason="NoInventory", by="merchant"):
    return request_cancellation(world.lifecycle, world.store_id, oid, reason, by=by)


def imported(world, *items, **kwargs) -> str:
    oid = world.place_order(list(items) or [("MUG-1", 1, "12.00")], status="UNSHIPPED",
                            **kwargs)
    world.run()
    assert world.commerce_order_for(oid) is not None
    return oid


def cancelled_in_feed(feed: dict) -> dict[str, list[str]]:
    """AmazonOrderID -> the CancelReason of each item, as the feed document says."""
    root = ET.fromstring(feed["document"])
    return {m.findtext("OrderAcknowledgement/AmazonOrderID"):
            [i.findtext("CancelReason") for i in m.findall("OrderAcknowledgement/Item")]
            for m in root.findall("Message")}


def test_a_seller_cancellation_reaches_amazon_and_cancels_both_sides(world):
    oid = imported(world, ("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00"))
    state = cancel(world, oid)
    assert (state.state, state.reason, state.reason_label) == (
        "requested", "NoInventory", "No inventory")
    assert world.amazon_feeds() == []  # nothing leaves before the store's run

    report = world.run()
    assert report.cancellations.sent == 1
    [feed] = world.amazon_feeds()
    assert feed["feedType"] == "POST_ORDER_ACKNOWLEDGEMENT_DATA"
    assert cancelled_in_feed(feed) == {oid: ["NoInventory", "NoInventory"]}
    assert row(world, oid).seller_cancel_state == "sent"
    assert f"Cancellation sent to Amazon in feed {feed['feedId']} (No inventory)." in notes(
        world, oid)

    report = world.run()  # Amazon processed it: accepted, the order shows Canceled later
    assert report.cancellations.accepted == 1
    assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    world.run()
    after = row(world, oid)
    assert (after.status, after.seller_cancel_state, after.commerce_state) == (
        "Canceled", "confirmed", "canceled")
    assert world.commerce_order_for(oid)["state"] == "canceled"
    assert "Amazon confirmed the cancellation (No inventory)." in notes(world, oid)
    execution = world.amazon_order(oid)["orderItems"][0]["cancellation"]
    assert execution["cancellationExecution"] == {"cancelledBy": "MERCHANT",
                                                  "cancelReason": "NoInventory"}
    assert world.amazon_calls()["calls"]["createFeed"] == 1


def test_asking_again_never_sends_a_second_cancellation(world):
    oid = imported(world)
    cancel(world, oid)
    with pytest.raises(CancellationRefused, match="already requested"):
        cancel(world, oid, "GeneralAdjustment")
    world.run()
    with pytest.raises(CancellationRefused, match="Amazon is processing"):
        cancel(world, oid)
    world.run()
    world.run()
    with pytest.raises(CancellationRefused, match="canceled already"):
        cancel(world, oid)
    assert len(world.amazon_feeds()) == 1


def test_cancellations_asked_within_one_interval_go_out_in_one_feed(world):
    orders = [imported(world, ("MUG-1", n, "12.00")) for n in (1, 2, 3)]
    for oid, reason in zip(orders, ("NoInventory", "CustomerExchange", "GeneralAdjustment"),
                           strict=True):
        cancel(world, oid, reason)
    report = world.run()
    assert report.cancellations.sent == 3
    assert world.amazon_calls()["calls"]["createFeed"] == 1
    [feed] = world.amazon_feeds()
    assert cancelled_in_feed(feed) == {orders[0]: ["NoInventory"],
                                       orders[1]: ["CustomerExchange"],
                                       orders[2]: ["GeneralAdjustment"]}
    world.run()
    world.run()
    assert {row(world, oid).status for oid in orders} == {"Canceled"}


def test_amazon_refuses_to_cancel_an_order_that_shipped_meanwhile(world):
    oid = imported(world)
    cancel(world, oid)
    world.run()  # sent
    world.amazon_moves(oid, "SHIPPED")  # the warehouse was faster than the feed
    report = world.run()
    assert report.cancellations.refused == 1
    refused = row(world, oid)
    assert refused.seller_cancel_state == "refused"
    assert refused.seller_cancel_message == (
        f"Order {oid} cannot be canceled: it has already shipped.")
    assert (f"Amazon refused the cancellation: Order {oid} cannot be canceled: it has already "
            "shipped.") in notes(world, oid)
    [feed] = world.amazon_feeds()
    assert feed["results"][0]["order_id"] == oid
    world.run()  # shipped from Seller Central, so recorded and completed, never canceled
    assert row(world, oid).status == "Completed"
    assert world.commerce_order_for(oid)["state"] == "complete"
    # The request is over: the merchant may act again, here in Seller Central.
    with pytest.raises(CancellationRefused, match="this one is Shipped"):
        cancel(world, oid)


def test_a_refused_cancellation_can_be_asked_for_again(world):
    oid = imported(world)
    cancel(world, oid)
    with world.db().session() as s:  # as if Amazon had refused the first one
        r = s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == oid))
        r.seller_cancel_state, r.seller_cancel_message = "refused", "Try later."
    state = cancel(world, oid, "BuyerCanceled")
    assert (state.state, state.reason, state.message) == ("requested", "BuyerCanceled", None)


def test_read_only_mode_withholds_the_feed(app, live_server):
    from tests.e2e.world import make_world

    world = make_world(app, live_server, read_only=True)
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    cancel(world, oid)
    report = world.run()
    assert report.cancellations.withheld == 1
    assert world.amazon_feeds() == []
    assert "createFeedDocument" not in world.amazon_calls()["calls"]
    withheld = [w for w in world.lifecycle.withheld if w["call"] == "request_cancellations"]
    assert withheld and withheld[-1]["amazon_order_ids"] == [oid]
    assert row(world, oid).seller_cancel_state == "requested"


def test_a_lost_create_feed_answer_is_looked_for_and_never_sent_twice(world):
    oid = imported(world)
    cancel(world, oid)
    original = world.lifecycle.amazon_factory

    class AnswerLost:
        """The createFeed call reaches Amazon; its answer never comes back."""

        def __init__(self, client):
            self.client = client

        def __getattr__(self, name):
            return getattr(self.client, name)

        def request_cancellations(self, *args):
            self.client.request_cancellations(*args)
            raise NetworkError("createFeed: read timed out", operation="createFeed")

    world.lifecycle.amazon_factory = lambda store: AnswerLost(original(store))
    report = world.run()
    assert report.outcome is not None and report.outcome.kind == "retry_later"
    world.lifecycle.amazon_factory = original
    with world.db().session() as s:
        feed = s.scalar(select(CancellationFeed))
        assert (feed.state, feed.feed_id) == ("submitting", None)
    assert world.amazon_calls()["calls"]["createFeed"] == 1

    world.run()  # looks among Amazon's feeds: found, recorded, not sent again
    calls = world.amazon_calls()["calls"]
    assert calls["createFeed"] == 1 and calls["getFeeds"] == 1
    assert row(world, oid).seller_cancel_state in ("sent", "confirmed")
    world.run()
    world.run()
    assert row(world, oid).status == "Canceled"
    assert world.amazon_calls()["calls"]["createFeed"] == 1


def test_a_buyer_request_is_noted_held_then_canceled_with_buyer_canceled(world):
    oid = imported(world)
    world.buyer_asks_to_cancel(oid, "Found a better price.")
    world.run()
    r = row(world, oid)
    assert (r.buyer_cancel_reason, r.commerce_state) == ("Found a better price.", "holded")
    created = world.commerce_order_for(oid)
    assert (created["state"], created["hold_before_state"]) == ("holded", "processing")
    comments = [h["comment"] for h in created["status_histories"]]
    assert comments == ["Buyer asked to cancel on Amazon: Found a better price. Do not ship."]
    assert "Buyer asked to cancel on Amazon: Found a better price." in notes(world, oid)
    world.run()  # told once, held once
    assert len(world.commerce_order_for(oid)["status_histories"]) == 1

    cancel(world, oid, "BuyerCanceled")
    world.run()
    world.run()
    world.run()
    assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    assert row(world, oid).status == "Canceled"
    assert world.commerce_order_for(oid)["state"] == "canceled"  # released, then canceled
    assert row(world, oid).commerce_held_at is None


def test_a_withdrawn_request_releases_the_hold(world):
    oid = imported(world)
    world.buyer_asks_to_cancel(oid)
    world.run()
    assert world.commerce_order_for(oid)["state"] == "holded"
    world.buyer_asks_to_cancel(oid, None)
    world.run()
    assert world.commerce_order_for(oid)["state"] == "processing"
    assert row(world, oid).buyer_cancel_requested_at is None
    assert "released from hold: the buyer's cancellation request is no longer open." in \
        notes(world, oid)[-1]


def test_without_the_hold_setting_the_warehouse_only_gets_the_comment(world):
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).hold_buyer_cancellations = False
    oid = imported(world)
    world.buyer_asks_to_cancel(oid, "Changed my mind")
    world.run()
    created = world.commerce_order_for(oid)
    assert created["state"] == "processing"
    assert [h["comment"] for h in created["status_histories"]] == [
        "Buyer asked to cancel on Amazon: Changed my mind. Do not ship."]


def test_a_shipment_made_anyway_is_confirmed_to_amazon(world):
    oid = imported(world)
    world.buyer_asks_to_cancel(oid)
    world.run()
    commerce_id = world.commerce_order_for(oid)["entity_id"]
    r = world.http.post(f"{world.commerce_url}/rest/default/V1/orders/{commerce_id}/unhold",
                        headers={"Authorization": "Bearer sandbox-token"})
    assert r.json() is True  # the merchant releases it and ships
    world.merchant_ships(commerce_id)
    report = world.run()
    assert report.shipments_confirmed == 1
    assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "SHIPPED"


def test_a_v0_store_reads_buyer_requests_too(app, live_server):
    from tests.e2e.world import make_world

    world = make_world(app, live_server, amazon_api="v0")
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    world.buyer_asks_to_cancel(oid, "Delivery too slow")
    world.run()
    r = row(world, oid)
    assert (r.buyer_cancel_reason, r.commerce_state) == ("Delivery too slow", "holded")


def test_a_throttled_feed_goes_out_on_a_later_run_and_stops_nothing_else(world):
    oid = imported(world)
    shipped = imported(world, ("KETTLE-1", 1, "40.00"))
    world.merchant_ships(world.commerce_order_for(shipped)["entity_id"])
    cancel(world, oid)
    world.amazon_faults(throttle_rate=1.0, operations=["createFeed"])
    report = world.run()
    assert report.throttled and report.outcome.kind == "retry_later"
    assert report.shipments_confirmed == 1  # the run went on
    assert row(world, oid).seller_cancel_state == "requested"
    assert notes(world, oid)[-1].startswith("Cancellation not sent to Amazon yet: Amazon: "
                                            "createFeed throttled")
    with world.db().session() as s:
        assert s.scalar(select(CancellationFeed)).state == "prepared"
    world.amazon_faults()
    assert world.run().cancellations.sent == 1
    assert len(world.amazon_feeds()) == 1
    assert world.amazon_calls()["throttled"] == {"createFeed": 1}


def test_a_blocked_order_the_merchant_cancels_gives_its_held_stock_back(world):
    settings(world, reservation_strategy="module", reserve_pending=True)
    world.seed_products({"sku": "LAMP-1", "name": "Lamp", "price": 40, "qty": 2})
    oid = world.place_order([("LAMP-1", 2, "40.00"), ("AMZ-ONLY-SKU", 1, "9.99")])
    world.run()
    assert salable(world, "LAMP-1") == 0  # held while Pending
    world.amazon_moves(oid, "UNSHIPPED")
    world.run()
    assert row(world, oid).status == "Error"  # the SKU Commerce lacks blocks it; still held
    cancel(world, oid, "NoInventory")
    assert world.run().imports == {}  # being canceled: no more import attempts
    world.run()
    report = world.run()
    assert row(world, oid).status == "Canceled" and report.holds_released == 1
    assert salable(world, "LAMP-1") == 2
    assert world.commerce_order_for(oid) is None


def test_without_the_hold_right_the_run_goes_on_and_says_which_right(app, live_server):
    from connector.models import SyncState
    from tests.e2e.world import make_world

    world = make_world(app, live_server,
                       commerce_options={"denied_resources": ("Magento_Sales::hold",)})
    asked = imported(world)
    shipped = imported(world, ("KETTLE-1", 1, "40.00"))
    world.buyer_asks_to_cancel(asked)
    world.merchant_ships(world.commerce_order_for(shipped)["entity_id"])
    report = world.run()
    assert report.error is None and report.shipments_confirmed == 1  # the run went on
    assert world.commerce_order_for(asked)["state"] == "processing"
    assert [h["comment"] for h in world.commerce_order_for(asked)["status_histories"]] == [
        "Buyer asked to cancel on Amazon: Ordered by mistake. Do not ship."]
    assert "could not be put on hold" in notes(world, asked)[-1]
    assert "Magento_Sales::hold" in notes(world, asked)[-1]
    with world.db().session() as s:
        assert "Magento_Sales::hold" in s.get(SyncState, world.store_id).last_commerce_error
    before = len(notes(world, asked))
    world.run()
    assert len(notes(world, asked)) == before  # said once


def test_turning_the_hold_setting_off_releases_the_holds(world):
    oid = imported(world)
    world.buyer_asks_to_cancel(oid)
    world.run()
    assert world.commerce_order_for(oid)["state"] == "holded"
    settings(world, hold_buyer_cancellations=False)
    world.run()
    assert world.commerce_order_for(oid)["state"] == "processing"
    assert notes(world, oid)[-1] == (
        f"Commerce order {world.commerce_order_for(oid)['increment_id']} released from hold: "
        "Hold orders the buyer asked to cancel is off.")
    assert row(world, oid).buyer_cancel_requested_at is not None  # still shown as asked
