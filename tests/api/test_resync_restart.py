"""A resync outlives the process that accepted it: any process that runs the scheduler picks
up what is still queued or was cut off, runs it once, and the report says what it did."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from connector.models import ResyncRequest, Store, utcnow
from connector.orders.coordination import process_owner, release, try_acquire
from connector.orders.resync import (
    ClaimLost,
    claim_next,
    claim_resync,
    request_and_claim,
    request_resync,
    run_queued_resyncs,
    run_resync,
)
from jobs.scheduler import build_scheduler
from tests.api.test_resync import STATUS, counts

ELSEWHERE = "scheduled-run-elsewhere"  # a live process of another host


def restarted(world):
    """The connector as a process started later sees it: same database, another owner."""
    return dataclasses.replace(world.lifecycle, owner=process_owner())


def dead_owner() -> str:
    """The name a process of this host had, which has ended since."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return f"{socket.gethostname()}:{proc.pid}:0dead000:0dead000"


def asked(world, *order_ids: str) -> str:
    """A resync recorded by a web process that stopped before its worker ran it."""
    resync_id, created = request_resync(world.lifecycle, world.store_id,
                                        {"amazon_order_ids": list(order_ids)})
    assert created
    return resync_id


def change(world, resync_id: str, **values) -> None:
    with world.db().session() as session:
        row = session.get(ResyncRequest, resync_id)
        for key, value in values.items():
            setattr(row, key, value)


def stored(world, resync_id: str) -> ResyncRequest:
    with world.db().session() as session:
        return session.get(ResyncRequest, resync_id)


def report(api, resync_id: str) -> dict:
    return api.get(STATUS.format(resync_id=resync_id), STATUS)


def wait_until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_resync_queued_while_the_store_was_busy_runs_after_a_restart(api, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    db = world.db()
    assert try_acquire(db, world.store_id, ELSEWHERE, ttl=timedelta(minutes=5))
    resync_id = asked(world, oid)
    assert report(api, resync_id)["state"] == "queued"

    later, ran = restarted(world), []
    worker = threading.Thread(target=lambda: ran.extend(run_queued_resyncs(later, poll=0.05)))
    worker.start()
    try:
        wait_until(lambda: (stored(world, resync_id).claimed_by or "").startswith(later.owner))
        time.sleep(0.2)  # the store is still busy: it waits, queued, and does nothing
        assert report(api, resync_id)["state"] == "queued"
        assert world.commerce_orders() == []
    finally:
        release(db, world.store_id, ELSEWHERE)
        worker.join(timeout=20)
    assert ran == [resync_id]
    body = report(api, resync_id)
    assert body["state"] == "done" and body["error"] is None
    assert body["counts"] == counts(fetched=1, created=1)
    assert body["finished_at"] is not None
    assert world.commerce_order_for(oid) is not None
    assert run_queued_resyncs(later) == []  # ended: nothing runs it again


def test_a_resync_whose_process_died_mid_run_is_taken_over(api, connected, caplog):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    resync_id = asked(world, oid)
    dead = dead_owner()
    # It had fetched the order, still held the store and a claim valid for two more minutes.
    assert try_acquire(world.db(), world.store_id, dead)
    change(world, resync_id, state="running", counts=counts(fetched=1), attempts=1,
           claimed_by=dead, claim_expires_at=world.clock.now() + timedelta(minutes=2))
    assert report(api, resync_id)["state"] == "running"

    assert run_queued_resyncs(restarted(world), poll=0.05) == [resync_id]
    body = report(api, resync_id)
    assert body["state"] == "done"
    assert body["counts"] == counts(fetched=1, created=1)  # this run's, not added to the last
    assert len(world.commerce_orders()) == 1
    assert stored(world, resync_id).attempts == 2
    assert any("taken over from" in r.getMessage() for r in caplog.records)


def test_only_an_expired_claim_of_another_host_is_taken_over(api, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    expired, live = asked(world, oid), asked(world, "113-0000000-0000404")
    change(world, expired, claimed_by="other-host:4242:aaaa0000:bbbb0000",
           claim_expires_at=world.clock.now() - timedelta(seconds=1))
    change(world, live, claimed_by="other-host:4343:cccc0000:dddd0000",
           claim_expires_at=world.clock.now() + timedelta(minutes=2))
    later = restarted(world)

    assert run_queued_resyncs(later, poll=0.05) == [expired]
    assert report(api, expired)["counts"] == counts(fetched=1, created=1)
    # The live holder runs its own: asking here does not run it a second time.
    assert run_resync(later, live).state == "queued"
    assert report(api, live)["counts"] == counts()
    assert stored(world, live).claimed_by == "other-host:4343:cccc0000:dddd0000"


def test_racing_processes_claim_a_resync_once(connected):
    world = connected
    resync_id = asked(world, "113-0000000-0000404")
    processes = [restarted(world) for _ in range(8)]
    claims, barrier = [], threading.Barrier(len(processes))

    def race(lc):
        barrier.wait()
        claim = claim_resync(lc, resync_id)
        if claim is not None:
            claims.append(claim)

    threads = [threading.Thread(target=race, args=(lc,)) for lc in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claims) == 1
    assert all(claim_next(lc) is None for lc in processes)  # held by a live process
    # A resync the CLI runs itself is claimed from the start: no scheduler takes it.
    own = request_and_claim(world.lifecycle, world.store_id,
                            {"amazon_order_ids": ["113-0000000-0000405"]})
    assert claim_next(restarted(world), skip=[resync_id]) is None
    assert own.holder.startswith(world.lifecycle.owner)


def test_a_holder_whose_claim_was_taken_over_writes_nothing(api, connected, caplog):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    resync_id = asked(world, oid)
    slow, later = restarted(world), restarted(world)
    stalled = claim_resync(slow, resync_id, ttl=timedelta(seconds=-1))  # stalled past its TTL
    taken = claim_resync(later, resync_id)
    assert taken is not None
    with pytest.raises(ClaimLost):
        stalled.finish("failed", error="too late")
    assert run_resync(slow, resync_id, claim=stalled).state == "queued"
    assert any("another process took it over" in r.getMessage() for r in caplog.records)

    body = run_resync(later, resync_id, claim=taken)
    assert body.state == "done" and body.error is None
    assert report(api, resync_id)["counts"] == counts(fetched=1, created=1)


def test_a_resync_cut_off_three_times_is_given_up(api, connected):
    world = connected
    resync_id = asked(world, "113-0000000-0000404")
    change(world, resync_id, state="running", attempts=3, claimed_by=dead_owner(),
           claim_expires_at=world.clock.now() + timedelta(minutes=2))
    assert run_queued_resyncs(restarted(world)) == [resync_id]
    body = report(api, resync_id)
    assert body["state"] == "failed"
    assert body["error"] == ("The resync was cut off 3 times (its process stopped); it is "
                             "not tried again.")
    assert world.amazon_calls()["total"] == 0


def test_a_resync_of_a_store_paused_since_is_not_run(api, connected):
    world = connected
    resync_id = asked(world, "113-0000000-0000404")
    with world.db().session() as session:
        session.get(Store, world.store_id).status = "Inactive"
    assert run_queued_resyncs(restarted(world)) == [resync_id]
    body = report(api, resync_id)
    assert body["state"] == "failed" and "Inactive" in body["error"]


def test_a_stopping_scheduler_leaves_a_waiting_resync_queued_for_another(api, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    db = world.db()
    assert try_acquire(db, world.store_id, ELSEWHERE, ttl=timedelta(minutes=5))
    resync_id = asked(world, oid)
    first = dataclasses.replace(restarted(world), clock=utcnow)
    scheduler = build_scheduler(first, tick_seconds=1)
    scheduler.start()
    try:
        wait_until(lambda: (stored(world, resync_id).claimed_by or "").startswith(first.owner))
    finally:
        started = time.monotonic()
        scheduler.shutdown(wait=True)
    assert time.monotonic() - started < 5  # not the 15 minutes a resync may wait
    row = stored(world, resync_id)
    assert (row.state, row.claimed_by) == ("queued", None)
    release(db, world.store_id, ELSEWHERE)
    assert run_queued_resyncs(restarted(world)) == [resync_id]
    assert report(api, resync_id)["counts"] == counts(fetched=1, created=1)
