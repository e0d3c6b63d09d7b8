"""One claim primitive for store runs, resyncs and imports: acquire, renew, release, and take
over from an expired holder or from a process that is gone."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from connector.domain import FeedState, ResyncState
from connector.models import AmazonOrder, CancellationFeed, ResyncRequest
from connector.orders.cancel_feed import FEED_CLAIM
from connector.orders.coordination import (
    IMPORT_CLAIM,
    RESYNC_CLAIM,
    STORE_LEASE,
    Claims,
    store_leases,
)
from connector.orders.records import record_order
from tests.orders.factories import T0, make_order, make_store

HOST = socket.gethostname()


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


def dead_process() -> str:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{HOST}:{child.pid}:0000dead"


@pytest.fixture
def rows(app):
    """A store, one of its orders and a queued resync."""
    db = app.extensions["connector_db"]
    with db.session() as s:
        store = make_store(s)
        row = record_order(s, store, make_order(), at=T0).row
        s.flush()
        s.add(ResyncRequest(id="r-1", store_id=store.id, params={}, state=ResyncState.QUEUED,
                            counts={}, created_at=T0))
        s.add(CancellationFeed(id=1, store_id=store.id, state=FeedState.PREPARED,
                               marketplace_ids=["ATVPDKIKX0DER"], orders=1, attempts=0,
                               created_at=T0))
        return db, store.id, row.id


@pytest.fixture(params=["store", "resync", "import", "feed"])
def slot_and_key(request, rows):
    db, store_id, row_id = rows
    return db, {"store": (STORE_LEASE, store_id), "resync": (RESYNC_CLAIM, "r-1"),
                "import": (IMPORT_CLAIM, row_id), "feed": (FEED_CLAIM, 1)}[request.param]


def test_one_holder_at_a_time_until_released(slot_and_key):
    db, (slot, key) = slot_and_key
    claims = Claims(db, slot, Clock())
    assert claims.acquire(key, "host:1:a", timedelta(minutes=2))
    assert not claims.acquire(key, "host:1:b", timedelta(minutes=2))
    assert claims.holder_of(key) == "host:1:a"
    assert not claims.release(key, "host:1:b")  # only the holder releases
    assert claims.release(key, "host:1:a")
    assert claims.acquire(key, "host:1:b", timedelta(minutes=2))


def test_an_expired_claim_is_taken_and_its_old_holder_learns_it(slot_and_key):
    db, (slot, key) = slot_and_key
    clock = Clock()
    claims = Claims(db, slot, clock)
    assert claims.acquire(key, "host:1:a", timedelta(minutes=2))
    clock.now += timedelta(minutes=1)
    assert claims.renew(key, "host:1:a", timedelta(minutes=2))  # now good until +3
    clock.now += timedelta(minutes=1, seconds=30)  # past the first expiry, not the renewed
    assert not claims.acquire(key, "host:1:b", timedelta(minutes=2))
    clock.now += timedelta(minutes=1)
    assert claims.acquire(key, "host:1:b", timedelta(minutes=2))
    assert not claims.renew(key, "host:1:a", timedelta(minutes=2))


def test_a_claim_of_a_process_that_is_gone_is_taken_at_once(slot_and_key):
    db, (slot, key) = slot_and_key
    claims = Claims(db, slot, Clock())
    gone = dead_process()
    assert claims.acquire(key, gone, timedelta(hours=1))
    assert claims.acquire(key, f"{HOST}:1:next", timedelta(minutes=2))
    assert claims.holder_of(key) == f"{HOST}:1:next"


def test_a_process_of_another_host_keeps_its_claim_until_it_expires(slot_and_key):
    db, (slot, key) = slot_and_key
    claims = Claims(db, slot, Clock())
    assert claims.acquire(key, "elsewhere:1:a", timedelta(minutes=2))
    assert not claims.acquire(key, f"{HOST}:1:b", timedelta(minutes=2))


def test_racing_threads_get_exactly_one_claim(slot_and_key):
    db, (slot, key) = slot_and_key
    claims = Claims(db, slot, Clock())
    winners, barrier = [], threading.Barrier(8)

    def race(name):
        barrier.wait()
        if claims.acquire(key, name, timedelta(minutes=2)):
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"host:1:{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_only_the_store_lease_is_reentrant_for_its_holder(rows):
    db, store_id, row_id = rows
    assert store_leases(db).acquire(store_id, "host:1:a", timedelta(minutes=2))
    assert store_leases(db).acquire(store_id, "host:1:a", timedelta(minutes=2))
    imports = Claims(db, IMPORT_CLAIM)
    assert imports.acquire(row_id, "host:1:a", timedelta(minutes=2))
    assert not imports.acquire(row_id, "host:1:a", timedelta(minutes=2))


def test_a_claim_is_taken_only_while_its_condition_holds(rows):
    db, store_id, row_id = rows
    with db.session() as s:
        s.get(AmazonOrder, row_id).commerce_order_id = 99  # imported meanwhile
        s.get(ResyncRequest, "r-1").state = ResyncState.DONE
    assert not Claims(db, IMPORT_CLAIM).acquire(
        row_id, "host:1:a", timedelta(minutes=2), where=[AmazonOrder.commerce_order_id.is_(None)])
    assert not Claims(db, RESYNC_CLAIM).acquire(
        "r-1", "host:1:a", timedelta(minutes=2),
        where=[ResyncRequest.state.in_((ResyncState.QUEUED, ResyncState.RUNNING))])


def test_taking_over_a_store_frees_the_import_claims_the_gone_process_left(rows):
    db, store_id, row_id = rows
    gone = dead_process()
    assert store_leases(db).acquire(store_id, gone, timedelta(hours=1))
    assert Claims(db, IMPORT_CLAIM).acquire(row_id, f"{gone}:run", timedelta(hours=1))
    assert store_leases(db).acquire(store_id, f"{HOST}:1:next", timedelta(minutes=2))
    assert Claims(db, IMPORT_CLAIM).holder_of(row_id) is None
