"""End to end: Amazon (the sandbox) sends malformed orders among good ones; ``run_store``
imports the good ones, notes the known bad order, reports the unknown one, and carries on."""

from __future__ import annotations

import copy

from connector.models import AmazonOrder
from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.commerce import create_commerce_sandbox
from tests.e2e.world import PRODUCTS, Clock, World, amazon_time, connect_store

CANNOT_READ = "Amazon sent this order in a form the connector cannot read: "


def test_malformed_orders_from_amazon_are_isolated_and_the_rest_imported(app, live_server):
    clock = Clock()
    amazon_app = create_amazon_sandbox(samples=False, time_scale=1000.0, now=clock.now)
    book = amazon_app.extensions["amazon_sandbox"].book
    world = World(app=app, amazon_url=live_server(amazon_app).url,
                  commerce_url=live_server(create_commerce_sandbox()).url, clock=clock)
    try:
        world.seed_products(*PRODUCTS)
        connect_store(world)
        known = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
        world.run()
        assert world.commerce_order_for(known) is not None

        # Amazon now sends the known order with a quantity as text, and a new order with a
        # status nobody knows. The control API refuses such orders, so they go straight in.
        broken = copy.deepcopy(book.get(known))
        broken["orderItems"][0]["quantityOrdered"] = "two"
        broken["lastUpdatedTime"] = amazon_time(clock.now())
        stranger = copy.deepcopy(broken)
        stranger["orderId"] = "111-9999999-0000001"
        stranger["orderItems"][0]["quantityOrdered"] = 1
        stranger["fulfillment"]["fulfillmentStatus"] = "TELEPORTED"
        with book._lock:
            book._orders[known] = broken
            book._orders[stranger["orderId"]] = stranger
        good = world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED")

        report = world.run()
        assert report.error is None and not report.throttled
        assert sorted(r.split(":")[0] for r in report.sync.rejected) == sorted(
            [known, stranger["orderId"]])
        assert world.commerce_order_for(good) is not None
        with world.db().session() as s:
            row = s.query(AmazonOrder).filter_by(amazon_order_id=known).one()
            assert row.latest_note == (CANNOT_READ + "orderItems[0].quantityOrdered: expected "
                                       "an integer, got 'two'")
            assert row.commerce_order_id is not None  # what was imported stays as it was
            assert s.query(AmazonOrder).filter_by(
                amazon_order_id=stranger["orderId"]).one_or_none() is None
        assert len(world.commerce_orders()) == 2
        world.run()  # the same broken data again: no second identical note
        with world.db().session() as s:
            row = s.query(AmazonOrder).filter_by(amazon_order_id=known).one()
            assert sum(n.text.startswith(CANNOT_READ) for n in row.notes) == 1
    finally:
        world.http.close()
