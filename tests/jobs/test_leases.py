"""One runner per store, across threads and processes."""

import threading
from datetime import timedelta

import pytest

from connector.db import Database
from connector.db import upgrade as migrate
from connector.orders.coordination import release, renew, store_lease, try_acquire
from tests.orders.factories import make_store


@pytest.fixture
def store_id(app):
    with app.extensions["connector_db"].session() as s:
        return make_store(s).id


def test_only_one_owner_holds_a_store(app, store_id):
    db = app.extensions["connector_db"]
    assert try_acquire(db, store_id, "a")
    assert not try_acquire(db, store_id, "b")
    assert try_acquire(db, store_id, "a")  # re-entrant for its owner
    release(db, store_id, "a")
    assert try_acquire(db, store_id, "b")


def test_an_expired_lease_can_be_taken_and_the_old_owner_learns_it(app, store_id):
    db = app.extensions["connector_db"]
    assert try_acquire(db, store_id, "crashed", ttl=timedelta(seconds=-1))
    assert try_acquire(db, store_id, "next")
    assert not renew(db, store_id, "crashed")
    assert renew(db, store_id, "next")


def test_racing_threads_get_exactly_one_lease(app, store_id):
    db = app.extensions["connector_db"]
    winners, barrier = [], threading.Barrier(8)

    def race(name):
        barrier.wait()
        if try_acquire(db, store_id, name):
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"p{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1


@pytest.mark.postgres
def test_postgres_advisory_lock_blocks_a_second_runner_even_past_expiry(postgres_url, app):
    migrate(postgres_url)
    keys = app.extensions["connector_db"].keys
    one, two = Database(postgres_url, keys), Database(postgres_url, keys)
    try:
        with one.session() as s:
            sid = make_store(s).id
        with store_lease(one, sid, "first", ttl=timedelta(seconds=-1)) as held:
            assert held
            # The row lease has expired, but the first runner is still at work.
            with store_lease(two, sid, "second") as second_held:
                assert not second_held
        with store_lease(two, sid, "second") as held_after:
            assert held_after
    finally:
        one.dispose()
        two.dispose()


def test_two_runs_of_one_process_never_share_a_store(app, store_id):
    """The sync job and the shipments job of one scheduler share the process's owner; each
    run still holds the store under its own name, so the second one waits its turn."""
    from connector.orders.coordination import process_owner
    from connector.orders.runner import SHIPMENTS, run_store
    from connector.orders.services import Services

    class Started(Exception):
        pass

    working, finish = threading.Event(), threading.Event()

    def clients(store, pool_size=1):  # the first run holds the store here until told to finish
        if threading.current_thread().name == "sync-job":
            working.set()
            finish.wait(10)
        raise Started

    lc = Services(db=app.extensions["connector_db"], owner=process_owner(),
                   amazon_factory=clients, commerce_factory=clients)

    def sync_job():
        try:
            run_store(lc, store_id)
        except Started:
            pass

    first = threading.Thread(target=sync_job, name="sync-job")
    first.start()
    try:
        assert working.wait(10)
        assert run_store(lc, store_id, steps=(SHIPMENTS,)).ran is False
    finally:
        finish.set()
        first.join()
    with pytest.raises(Started):  # free again once the first run ended
        run_store(lc, store_id, steps=(SHIPMENTS,))
