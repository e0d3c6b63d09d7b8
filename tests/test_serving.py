"""``connector serve`` for real, as separate processes: served by waitress, stopped by SIGTERM
in the middle of an import (nothing half-written, the lease free at once, no duplicate after),
a second signal exits at once, and the access log carries no token, key or cookie."""

from __future__ import annotations

import json
import signal
import socket
import time
from datetime import UTC, datetime, timedelta

import requests
from prometheus_client import REGISTRY
from sqlalchemy import select

from connector.models import AmazonOrder, SyncState
from connector.orders.coordination import process_owner, try_acquire
from connector.orders.runner import run_store
from connector.web.admin.security import COOKIE
from connector.web.admin_token import mint
from tests.e2e.world import PRODUCTS, Clock, World, connect_store
from tests.servers import eventually

ORDERS = 12
SECRET = "serving-test-admin-secret-" + "y" * 40
API_KEY = "serving-test-api-key-0123456789"


def import_world(app, live_server, create_ms: int) -> World:
    """Sandboxes on the real clock, a store, and ``ORDERS`` orders placed five minutes ago
    (Amazon shows changes older than two minutes); creating a Commerce order takes
    ``create_ms``."""
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox

    clock = Clock(datetime.now(UTC) - timedelta(minutes=5))
    amazon = live_server(create_amazon_sandbox(samples=False, time_scale=1000.0))
    commerce = live_server(create_commerce_sandbox(hang_seconds=5))
    world = World(app=app, amazon_url=amazon.url, commerce_url=commerce.url, clock=clock)
    world.seed_products(*PRODUCTS)
    connect_store(world)
    for _ in range(ORDERS):
        world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.commerce_faults(latency_ms={"POST /V1/orders": create_ms})
    return world


def serve_env(app_config, **extra) -> dict[str, str]:
    return {"CONNECTOR_INSTANCE_PATH": app_config["instance_path"],
            "CONNECTOR_DATABASE_URL": app_config["database_url"], "CONNECTOR_SANDBOX": "off",
            "CONNECTOR_IMPORT_CONCURRENCY": "1", **extra}


def local_rows(world) -> list[AmazonOrder]:
    with world.db().session() as session:
        return list(session.scalars(select(AmazonOrder)))


def assert_nothing_half_written(world) -> int:
    """Every Commerce order is bound to its Amazon order here, and no import claim is left."""
    created = {o["ext_order_id"]: o["entity_id"] for o in world.commerce_orders()}
    assert len(created) == len(world.commerce_orders()), "a duplicate Commerce order"
    rows = {r.amazon_order_id: r for r in local_rows(world)}
    assert {k: rows[k].commerce_order_id for k in created} == created
    assert [r.amazon_order_id for r in rows.values() if r.import_claimed_by] == []
    return len(created)


def test_sigterm_mid_import_stops_cleanly_and_frees_the_lease(app, app_config, live_server,
                                                              serve):
    world = import_world(app, live_server, create_ms=400)
    server = serve(serve_env(app_config), args=("--tick", "1"))
    eventually(lambda: len(world.commerce_orders()) >= 2, 60, "the import to be under way")

    signalled = time.monotonic()
    server.signal(signal.SIGTERM)
    assert server.wait(30) == 0
    assert time.monotonic() - signalled < 25
    assert "Stopped cleanly." in server.console

    imported = assert_nothing_half_written(world)
    assert 2 <= imported < ORDERS, "the stop did not come in the middle of the import"
    with world.db().session() as session:
        state = session.get(SyncState, world.store_id)
        assert (state.lease_owner, state.lease_expires_at) == (None, None)
    # another process gets the lease at once, and the rest is imported once
    assert try_acquire(world.db(), world.store_id, process_owner())
    with world.db().session() as session:
        session.get(SyncState, world.store_id).lease_owner = None
    world.commerce_faults(latency_ms={})
    run_store(world.lifecycle, world.store_id)
    assert assert_nothing_half_written(world) == ORDERS


def test_a_second_signal_exits_at_once(app, app_config, live_server, serve):
    world = import_world(app, live_server, create_ms=3000)
    server = serve(serve_env(app_config), args=("--tick", "1"))
    eventually(lambda: world.commerce_calls().get("POST /V1/orders"), 60,
               "an order being created")
    signalled = time.monotonic()
    server.signal(signal.SIGTERM)
    time.sleep(0.2)  # the first signal's handling has begun (there is nothing to wait on)
    server.signal(signal.SIGINT)
    assert server.wait(10) == 1
    assert time.monotonic() - signalled < 3  # sooner than the create under way could end
    assert "exiting now" in server.log
    # a process of this host that is gone holds nothing: its lease and claims are taken over,
    # and the order it was creating is found in Commerce, not created twice
    world.commerce_faults(latency_ms={})
    eventually(lambda: world.commerce_orders(), 10, "the create under way to commit")
    takeovers = REGISTRY.get_sample_value("connector_lease_takeovers_total",
                                          {"kind": "store"}) or 0
    report = run_store(world.lifecycle, world.store_id)
    assert report.ran
    assert REGISTRY.get_sample_value("connector_lease_takeovers_total",
                                     {"kind": "store"}) == takeovers + 1
    assert assert_nothing_half_written(world) == ORDERS


def test_served_by_waitress_with_an_access_log_free_of_secrets(app_config, serve):
    server = serve(serve_env(app_config, CONNECTOR_SCHEDULER="off",
                             CONNECTOR_ADMIN_JWT_SECRET=SECRET, CONNECTOR_API_KEYS=API_KEY,
                             CONNECTOR_LOG_LEVEL="INFO"))
    token = mint(SECRET, "merchant")
    opened = requests.get(f"{server.url}/admin/?token={token}", allow_redirects=False,
                          timeout=30)
    assert opened.status_code == 303
    cookie = opened.cookies[COOKIE]
    assert requests.get(f"{server.url}/admin/", cookies={COOKIE: cookie},
                        timeout=30).status_code == 200
    assert requests.get(f"{server.url}/api/v1/stores", timeout=30,
                        headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 200
    grid = requests.get(f"{server.url}/admin/?buyer=Emma%20Taylor&token=x",
                        cookies={COOKIE: cookie}, timeout=30)
    assert "Server" not in grid.headers or "waitress" not in grid.headers["Server"].lower()
    server.signal(signal.SIGTERM)
    assert server.wait(30) == 0

    log = server.log
    assert "GET /admin/?token=... 303" in log
    assert "GET /api/v1/stores 200" in log
    assert "GET /admin/?buyer=...&token=..." in log
    for secret in (token, cookie, API_KEY, SECRET, "Emma Taylor", "Emma%20Taylor"):
        assert secret not in log and secret not in server.console


def test_json_logs_name_the_store_the_run_and_the_order(app, app_config, live_server, serve):
    world = import_world(app, live_server, create_ms=0)
    server = serve(serve_env(app_config, CONNECTOR_LOG_FORMAT="json"), args=("--tick", "1"))
    eventually(lambda: len(world.commerce_orders()) == ORDERS, 60, "every order imported")
    server.signal(signal.SIGTERM)
    assert server.wait(30) == 0

    lines = [json.loads(line) for line in server.log.splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    created = [line for line in lines if "created in Commerce" in line["message"]]
    assert len(created) == ORDERS
    assert {line["store_id"] for line in created} == {world.store_id}
    assert len({line["run_id"] for line in created}) == 1  # one run imported them all
    assert created[0]["run_id"].startswith(socket.gethostname())
    ordered = {row.amazon_order_id for row in local_rows(world)}
    assert {line["amazon_order_id"] for line in created} == ordered
    assert any(line["logger"] == "connector.access" and line["message"].startswith("GET /health")
               for line in lines)
    # lines about no order in particular carry no order id
    assert all("amazon_order_id" not in line for line in lines
               if line["logger"] == "connector.access")
