"""``GET /metrics``: the figures after a known sequence of events, its key, and every worker's
counts added up under gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from connector.orders import services_for
from tests.e2e.world import make_world
from tests.servers import ROOT, eventually, free_port

API_KEY = "metrics-test-api-key-0123456789"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "api_keys": API_KEY}


def scrape(client) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics", headers=AUTH)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.content_type.startswith("text/plain")
    return samples(answer.get_data(as_text=True))


def samples(text: str) -> dict[tuple[str, tuple], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found, name, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_after_a_known_sequence(app, client, live_server):
    world = make_world(app, live_server)
    services_for(app).clock = world.clock.now  # the lag is read on the world's clock
    store = str(world.store_id)
    before = scrape(client)

    shipped = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED")
    world.place_order([("NO-SUCH-SKU", 1, "5.00")], status="UNSHIPPED")  # -> Error
    asked = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")
    world.run()
    world.merchant_ships(world.commerce_order_for(shipped)["entity_id"])
    world.buyer_asks_to_cancel(asked)
    world.run()
    world.amazon_faults(throttle_rate=1, operations=["searchOrders"])
    world.run()
    after = scrape(client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("connector_imports_total", store=store, result="created") == 3
    # the order in Error is tried again by the second run (the third stopped at the sync)
    assert delta("connector_imports_total", store=store, result="blocked") == 2
    assert delta("connector_shipment_confirmations_total", store=store) == 1
    assert delta("connector_store_runs_total", outcome="ok") == 2
    assert delta("connector_store_runs_total", outcome="throttled") == 1
    assert delta("connector_store_run_seconds_count") == 3
    assert delta("connector_amazon_throttled_total", operation="searchOrders") == 1
    assert delta("connector_amazon_calls_total", operation="searchOrders", status="429") == 1
    assert delta("connector_amazon_calls_total", operation="searchOrders", status="2xx") >= 2
    assert delta("connector_amazon_calls_total", operation="confirmShipment", status="2xx") == 1
    assert delta("connector_commerce_call_seconds_count", operation="POST /V1/orders") == 3
    assert delta("connector_commerce_call_seconds_count",
                 operation="POST /V1/order/{}/ship") == 0  # the merchant shipped, not us
    # per store, read from the database at scrape time
    assert value(after, "connector_store_orders_in_error", store=store) == 1
    assert value(after, "connector_store_buyer_cancellation_requests", store=store) == 1
    # Amazon's Shipped comes back with the next good sync (the third run was throttled)
    assert value(after, "connector_store_orders", store=store, status="Unshipped") == 3
    assert value(after, "connector_store_orders", store=store, status="Error") == 1
    # a throttled run is a good sync (it resumes next time); ten minutes without one is lag
    assert value(after, "connector_store_sync_lag_seconds", store=store) == 0
    world.clock.advance(10)
    assert value(scrape(client), "connector_store_sync_lag_seconds", store=store) == 600
    assert delta("connector_http_requests_total", status="200") >= 1


def test_metrics_need_an_api_key(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong-key-123456789"}
                      ).status_code == 401


def test_every_gunicorn_worker_is_counted(app_config, tmp_path, migrated_database):
    """Two workers, one multiprocess folder: /metrics adds up what each worker answered."""
    migrated_database.restore(app_config["database_url"])
    folder = tmp_path / "prometheus"
    folder.mkdir()
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")},
           "PROMETHEUS_MULTIPROC_DIR": str(folder), "CONNECTOR_API_KEYS": API_KEY,
           "CONNECTOR_SCHEDULER": "off", "CONNECTOR_SANDBOX": "off",
           "CONNECTOR_INSTANCE_PATH": app_config["instance_path"],
           "CONNECTOR_DATABASE_URL": app_config["database_url"], "CONNECTOR_LOG_LEVEL": "WARNING"}
    errors = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=errors, stderr=errors)
    url = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                return requests.get(f"{url}/health", timeout=5).ok
            except (requests.ConnectionError, requests.Timeout):  # still starting
                return False

        eventually(up, 60, "gunicorn to answer")
        sent = 0

        def both_workers_counted() -> bool:
            """Requests at once, until each worker has answered some (the kernel, not us,
            picks the worker)."""
            nonlocal sent
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(lambda _: requests.get(f"{url}/health", timeout=10),
                                        range(40)))
            assert all(a.ok for a in answers)
            sent += len(answers)
            return len(list(folder.glob("counter_*.db"))) >= 2

        eventually(both_workers_counted, 60, "both workers to answer")
        found = samples(requests.get(f"{url}/metrics", headers=AUTH, timeout=10).text)
        assert value(found, "connector_http_requests_total", status="200") >= sent + 1
    finally:
        process.terminate()
        process.wait(30)
        errors.close()


def test_a_scheduler_process_serves_its_own_counters(app_config, tmp_path, migrated_database):
    migrated_database.restore(app_config["database_url"])
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")},
           "CONNECTOR_INSTANCE_PATH": app_config["instance_path"],
           "CONNECTOR_DATABASE_URL": app_config["database_url"],
           "CONNECTOR_METRICS_ADDRESS": f"127.0.0.1:{port}", "CONNECTOR_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([sys.executable, "-m", "connector.cli", "scheduler"], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def heartbeats() -> float:
            try:
                text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
            except (requests.ConnectionError, requests.Timeout):  # still starting
                return 0
            return value(samples(text), "connector_job_seconds_count", job="heartbeat")

        assert eventually(heartbeats, 60, "the scheduler's heartbeat in its metrics") >= 1
    finally:
        process.terminate()
        assert process.wait(30) == 0


def test_notification_lag_age_and_flow_per_store(app, client, live_server):
    from datetime import timedelta

    from connector.models import NotificationSubscription

    world = make_world(app, live_server)
    services_for(app).clock = world.clock.now
    store = str(world.store_id)
    with app.extensions["connector_db"].session() as session:
        session.add(NotificationSubscription(
            store_id=world.store_id, queue_arn="arn:aws:sqs:us-east-1:123456789012:orders",
            destination_id="d-1", subscription_id="s-1", messages=4, last_lag_seconds=1.5,
            last_message_at=world.clock.now() - timedelta(seconds=30)))
    found = scrape(client)
    assert value(found, "connector_store_notification_lag_seconds", store=store) == 1.5
    assert value(found, "connector_store_notification_age_seconds", store=store) == 30
    assert value(found, "connector_store_notifications_flowing", store=store) == 1
