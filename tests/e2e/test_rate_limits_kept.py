"""Amazon's token buckets are per seller and application: a run starts from what the last run
left (in this process or another), so back-to-back runs never send a burst Amazon's bucket
cannot take. The Amazon sandbox here refills at Amazon's real rates."""

from __future__ import annotations

from sqlalchemy import delete, select

from connector.amazon import AmazonClient, LwaCredentials
from connector.models import RateLimitBucket
from connector.orders.coordination import process_owner
from connector.orders.runner import COMPLETE, IMPORT, run_store
from connector.orders.services import Services
from tests.e2e.world import make_world

BURST = 20  # searchOrders: 0.0056 calls/s, burst 20; each sync here is one call


def replica(world, *, max_wait: float | None = 0) -> Services:
    """Another process's lifecycle on the same database: its own clients, buckets and owner.
    ``max_wait=0``: a call with no token stops the run at once instead of waiting for one."""
    def amazon(store):
        return AmazonClient(
            LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
            store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
            api=store.amazon_api, now=world.clock.now, max_wait=max_wait)

    return Services(db=world.db(), owner=process_owner(), amazon_factory=amazon,
                    commerce_factory=world.lifecycle.commerce_factory, clock=world.clock.now)


def throttled_by_amazon(world) -> int:
    return world.amazon_calls()["throttled"].get("searchOrders", 0)


def test_back_to_back_runs_and_replicas_never_start_with_a_full_burst(app, live_server):
    world = make_world(app, live_server, amazon_options={"time_scale": 1.0})
    first, second = replica(world), replica(world)
    for n in range(BURST):
        world.clock.advance(3)
        report = run_store((first, second)[n % 2], world.store_id)
        assert report.ran and not report.throttled, n
    assert world.amazon_calls()["calls"]["searchOrders"] == BURST
    with world.db().session() as session:
        kept = session.scalars(select(RateLimitBucket)).all()
        assert [(b.seller_id, b.application_id, b.region, b.operation) for b in kept] == [
            ("A1SELLER", "sandbox-client", "NA", "searchOrders")]
        assert kept[0].tokens < 1
        before = (kept[0].tokens, kept[0].updated_at)

    # a run that sends Amazon nothing (import and completion only) leaves the bucket as the
    # last call left it: nothing new to keep, so nothing written
    assert run_store(replica(world), world.store_id, (IMPORT, COMPLETE)).ran
    with world.db().session() as session:
        [bucket] = session.scalars(select(RateLimitBucket)).all()
        assert (bucket.tokens, bucket.updated_at) == before

    # the next run, in a third process, knows the bucket is empty: it sends nothing
    world.clock.advance(3)
    report = run_store(replica(world), world.store_id)
    assert report.throttled
    assert world.amazon_calls()["calls"]["searchOrders"] == BURST
    assert throttled_by_amazon(world) == 0

    # without the kept state a run would start with a full bucket Amazon no longer has
    with world.db().session() as session:
        session.execute(delete(RateLimitBucket))
    report = run_store(replica(world), world.store_id)
    assert report.throttled
    assert throttled_by_amazon(world) == 1
