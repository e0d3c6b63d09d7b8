"""The scheduled jobs: they run the lifecycle, beat, and never import an order twice even with
several scheduler processes on one database."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select, update

from connector.domain import GridStatus
from connector.models import AmazonOrder, OrderNote, SchedulerHeartbeat
from connector.orders import due_stores
from connector.orders.records import record_order, set_status
from connector.orders.retention import remove_expired_pii
from jobs.scheduler import build_scheduler
from tests.e2e.world import v2026_order
from tests.orders.factories import T0, make_order, make_store


def wait_for(predicate, timeout=30.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def test_the_scheduler_imports_orders_and_beats(world, client):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    scheduler = build_scheduler(world.lifecycle, tick_seconds=1)
    scheduler.start()
    try:
        assert wait_for(lambda: world.commerce_order_for(oid) is not None)
    finally:
        scheduler.shutdown(wait=True)
    with world.db().session() as s:
        assert s.scalar(select(SchedulerHeartbeat.owner)) == world.lifecycle.owner
    assert due_stores(world.lifecycle) == []  # just ran; next after its interval
    world.clock.advance(5)
    assert due_stores(world.lifecycle) == [world.store_id]


def test_ready_reports_a_stale_scheduler(app, client):
    with app.extensions["connector_db"].session() as s:
        s.add(SchedulerHeartbeat(owner="gone", beat_at=datetime.now(UTC) - timedelta(hours=1)))
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.get_json()["checks"]["scheduler"]["ok"] is False
    with app.extensions["connector_db"].session() as s:
        s.add(SchedulerHeartbeat(owner="alive", beat_at=datetime.now(UTC)))
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.get_json()["checks"]["scheduler"]["age_seconds"] <= 5


def test_retention_removes_buyer_data_from_orders_final_for_30_days(app):
    from connector.orders import services_for

    lc = services_for(app)
    with lc.db.session() as s:
        store = make_store(s)
        old = record_order(s, store, make_order("1", buyer="Ann Old"), at=T0).row
        fresh = record_order(s, store, make_order("2", buyer="Bob Fresh"), at=T0).row
        open_order = record_order(s, store, make_order("3", buyer="Cy Open"), at=T0).row
        for r in (old, fresh):
            set_status(s, r, GridStatus.COMPLETED, at=T0)
        s.flush()
        ids = old.id, fresh.id, open_order.id
    with lc.db.session() as s:
        s.execute(update(AmazonOrder).where(AmazonOrder.id.in_([ids[0], ids[2]]))
                  .values(updated_at=datetime.now(UTC) - timedelta(days=31)))
    assert remove_expired_pii(lc) == 1
    with lc.db.engine.connect() as conn:
        raw = {r.id: r for r in conn.execute(select(AmazonOrder.__table__))}
    assert raw[ids[0]].buyer_name is None and raw[ids[0]].shipping_address is None
    assert "Ann Old" not in str(raw[ids[0]].order_data)
    assert raw[ids[1]].buyer_name == "Bob Fresh"  # final, but not for 30 days yet
    assert raw[ids[2]].buyer_name == "Cy Open"  # not final
    with lc.db.session() as s:
        last = s.scalars(select(OrderNote.text).where(OrderNote.order_id == ids[0])
                         .order_by(OrderNote.id.desc())).first()
    assert last.startswith("Buyer's personal data removed")
    assert remove_expired_pii(lc) == 0


@pytest.mark.postgres
def test_two_scheduler_processes_never_import_an_order_twice(postgres_url, tmp_path,
                                                             live_server):
    from connector import create_app, db
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox
    from connector.stores import add_store

    amazon = live_server(create_amazon_sandbox(samples=False, time_scale=1000.0))
    commerce = live_server(create_commerce_sandbox())
    requests.post(f"{commerce.url}/_sandbox/products", json={"products": [
        {"sku": "MUG-1", "name": "Mug", "price": 12, "qty": 1000}]}).raise_for_status()
    instance = tmp_path / "instance"
    app = create_app({"instance_path": str(instance), "database_url": postgres_url})
    db.upgrade(postgres_url)
    past = datetime.now(UTC) - timedelta(minutes=30)
    with app.extensions["connector_db"].session() as s:
        add_store(s, {
            "name": "Shared", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
            "seller_id": "A1", "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "amazon_endpoint": amazon.url, "amazon_lwa_url": f"{amazon.url}/auth/o2/token",
            "commerce_url": commerce.url, "commerce_token": "sandbox-token",
            "integration_time": (past - timedelta(hours=1)).isoformat()})
    order_ids = []
    for n in range(20):
        order = v2026_order(f"222-{n:07d}-0000001", [("MUG-1", 1, "12.00")],
                            created=past + timedelta(seconds=n), status="UNSHIPPED")
        requests.post(f"{amazon.url}/_sandbox/orders", json=order).raise_for_status()
        order_ids.append(order["orderId"])

    env = {**os.environ, "CONNECTOR_INSTANCE_PATH": str(instance),
           "CONNECTOR_DATABASE_URL": postgres_url, "CONNECTOR_LOG_LEVEL": "WARNING"}
    procs = [subprocess.Popen([sys.executable, "-m", "connector.cli", "scheduler", "--tick",
                               "1"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for _ in range(2)]
    try:
        def all_imported():
            orders = requests.get(f"{commerce.url}/_sandbox/orders").json()["orders"]
            return len({o["ext_order_id"] for o in orders}) == 20
        assert wait_for(all_imported, timeout=60), [p.poll() for p in procs]
        time.sleep(3)  # let both keep running over the imported orders
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=20)
            p.stderr.close()
    orders = requests.get(f"{commerce.url}/_sandbox/orders").json()["orders"]
    assert sorted(o["ext_order_id"] for o in orders) == sorted(order_ids)
    with app.extensions["connector_db"].session() as s:
        owners = set(s.scalars(select(SchedulerHeartbeat.owner)))
    assert len(owners) == 2  # both processes really ran
    app.extensions["connector_db"].dispose()


def test_a_store_synced_on_every_tick_still_gets_its_shipments_confirmed(world):
    """Shipments are confirmed in the same run as the sync, not by a job that would have to
    find the store's lease free between back-to-back syncs."""
    from connector.models import OrderSettings

    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    assert world.run().imports == {"created": 1}
    world.merchant_ships(world.commerce_order_for(oid)["entity_id"])
    with world.db().session() as s:
        s.get(OrderSettings, world.store_id).sync_interval_minutes = 0  # due on every tick
    world.amazon_faults(latency_ms=5000)  # each sync holds the store for ten ticks
    scheduler = build_scheduler(world.lifecycle, tick_seconds=1)
    scheduler.start()
    try:
        assert wait_for(lambda: world.http.get(f"{world.amazon_url}/_sandbox/calls").json()[
            "shipment_confirmations"], timeout=30)
    finally:
        scheduler.shutdown(wait=True)


def test_the_long_poll_ticks_stay_out_of_the_log_and_other_skips_stay_in(app, caplog):
    import logging

    from connector.orders import services_for

    scheduler = build_scheduler(services_for(app))
    names = {job.id: job.name for job in scheduler.get_jobs()}
    assert names["notifications"] == "notifications_job" and names["stores"] == "stores_job"
    log = logging.getLogger("apscheduler.scheduler")
    with caplog.at_level(logging.WARNING, logger="apscheduler.scheduler"):
        for name in ("notifications_job", "stores_job"):
            log.warning('Execution of job "%s (trigger: interval[0:00:01])" skipped: maximum '
                        "number of running instances reached (1)", name)
    assert [r.getMessage()[:26] for r in caplog.records] == ['Execution of job "stores_j']
