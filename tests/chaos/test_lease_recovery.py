"""A crashed scheduler does not keep its stores: a lease held by a dead process of this host
is taken over at once (with the import claims it left), and a live run renews its short
lease while it works."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from connector.models import AmazonOrder, SyncState
from connector.orders.coordination import owner_is_gone, release, store_lease, try_acquire
from connector.orders.records import record_order
from tests.orders.factories import T0, make_order, make_store

HOST = socket.gethostname()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_a_vanished_process_of_this_host_counts_as_gone():
    assert owner_is_gone(f"{HOST}:{dead_pid()}:abcd1234")
    assert not owner_is_gone(f"{HOST}:{os.getpid()}:abcd1234")  # this very process
    assert not owner_is_gone(f"other-host:{dead_pid()}:abcd1234")  # cannot tell: wait
    assert not owner_is_gone(None) and not owner_is_gone("garbage")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not owner_is_gone(f"{HOST}:{alive.pid}:abcd1234")
    finally:
        alive.kill()
    # Killed but not reaped yet: a zombie runs nothing.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not owner_is_gone(f"{HOST}:{alive.pid}:x"):
        time.sleep(0.05)
    assert owner_is_gone(f"{HOST}:{alive.pid}:abcd1234")
    alive.wait()


def test_the_lease_and_claims_of_a_dead_process_are_taken_over_at_once(app):
    db = app.extensions["connector_db"]
    with db.session() as s:
        store = make_store(s)
        row = record_order(s, store, make_order("111-0000001-0000009"), at=T0).row
        s.flush()
        store_id, row_id = store.id, row.id
    me = f"{HOST}:{os.getpid()}:cafe0001"
    elsewhere = f"other-host:{dead_pid()}:0000beef"
    assert try_acquire(db, store_id, elsewhere)
    assert not try_acquire(db, store_id, me)  # another host's process: wait for the expiry
    release(db, store_id, elsewhere)
    dead = f"{HOST}:{dead_pid()}:deadbeef"
    assert try_acquire(db, store_id, dead)  # it crashed while holding the store ...
    with db.session() as s:  # ... and while importing an order
        s.execute(update(AmazonOrder).where(AmazonOrder.id == row_id)
                  .values(import_claimed_by=f"{dead}:import",
                          import_claim_expires_at=datetime.now(UTC) + timedelta(minutes=10)))
    assert try_acquire(db, store_id, me)
    with db.session() as s:
        assert s.get(AmazonOrder, row_id).import_claimed_by is None
        assert s.get(SyncState, store_id).lease_owner.endswith("cafe0001")


def test_a_live_run_keeps_its_short_lease_by_renewing_it(app):
    db = app.extensions["connector_db"]
    with db.session() as s:
        store_id = make_store(s).id
    ttl = timedelta(seconds=0.6)
    with store_lease(db, store_id, "worker", ttl=ttl) as held:
        assert held
        time.sleep(1.5)  # well past the TTL: only renewal keeps the store
        assert not try_acquire(db, store_id, "intruder", ttl=ttl)
        with db.session() as s:
            assert s.get(SyncState, store_id).lease_expires_at > datetime.now(UTC)
    assert try_acquire(db, store_id, "next", ttl=ttl)  # released at the end
