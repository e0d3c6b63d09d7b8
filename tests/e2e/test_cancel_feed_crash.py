"""A connector process dies between Amazon creating the cancellation feed and the record of it.
The next run, in another process, looks among Amazon's feeds before sending anything: the
cancellation reaches Amazon once, and both sides end Canceled."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from sqlalchemy import select

from connector.models import AmazonOrder, CancellationFeed
from connector.orders import request_cancellation

#: Runs one cancel step in its own process, as a scheduler would, and dies (exit code 3) the
#: moment createFeed has answered, before the feed's record is written.
CRASHING_RUN = textwrap.dedent("""
    import os, sys
    from datetime import datetime

    from connector import create_app
    from connector.amazon import AmazonClient, LwaCredentials
    from connector.orders import cancel_feed
    from connector.orders.coordination import process_owner
    from connector.orders.runner import CANCEL, run_store
    from connector.orders.services import Services

    instance, database_url, store_id, now = sys.argv[1:5]
    moment = datetime.fromisoformat(now)
    app = create_app({"instance_path": instance, "database_url": database_url,
                      "testing": True, "scheduler": False})

    def amazon(store):
        return AmazonClient(
            LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
            store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
            now=lambda: moment, sleep=lambda s: None)

    def died(*args, **kwargs):
        os._exit(3)

    cancel_feed._record_sent = died
    services = Services(db=app.extensions["connector_db"], owner=process_owner(),
                        amazon_factory=amazon, clock=lambda: moment)
    run_store(services, int(store_id), (CANCEL,))
    sys.exit(0)  # never reached when the feed went out
""")


def test_a_crash_after_create_feed_never_sends_a_second_feed(world, app_config):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    request_cancellation(world.lifecycle, world.store_id, oid, "NoInventory", by="merchant")

    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, app_config["instance_path"],
         app_config["database_url"], str(world.store_id), world.clock.now().isoformat()],
        env={**os.environ, "CONNECTOR_LOG_LEVEL": "ERROR"}, capture_output=True, timeout=120)
    assert crashed.returncode == 3, crashed.stderr.decode()[-2000:]
    assert world.amazon_calls()["calls"]["createFeed"] == 1  # Amazon has the feed
    with world.db().session() as s:
        feed = s.scalar(select(CancellationFeed))
        assert (feed.state, feed.feed_id) == ("submitting", None)  # but no record of it
        assert feed.claimed_by is not None  # left by the process that died

    report = world.run()  # another process: takes the claim over, looks, finds, records
    calls = world.amazon_calls()["calls"]
    assert calls["createFeed"] == 1 and calls["getFeeds"] == 1
    with world.db().session() as s:
        feed = s.scalar(select(CancellationFeed))
        assert (feed.state, feed.feed_id) == ("submitted", world.amazon_feeds()[0]["feedId"])
    assert report.cancellations.sent == 1

    world.run()
    world.run()
    with world.db().session() as s:
        row = s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == oid))
        assert (row.status, row.seller_cancel_state) == ("Canceled", "confirmed")
    assert world.commerce_order_for(oid)["state"] == "canceled"
    assert len(world.amazon_feeds()) == 1
    assert world.amazon_calls()["calls"]["createFeed"] == 1
