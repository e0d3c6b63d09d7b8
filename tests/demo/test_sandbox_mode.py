"""Sandbox mode in-process: when it is chosen, what the demo is seeded with, and that a change
made on the Amazon page shows on the very next sync."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug.serving import make_server

from connector.config import load_settings
from connector.orders import services_for
from connector.orders.runner import run_store
from connector.sandbox import demo as sandbox


def settings_for(tmp_path, **env):
    return load_settings({"CONNECTOR_INSTANCE_PATH": str(tmp_path / "instance"), **env})


def test_auto_means_nothing_configured_and_no_store(tmp_path, monkeypatch):
    from connector import create_app
    from connector.stores import add_store

    monkeypatch.chdir(tmp_path)  # the default instance folder is ./instance
    settings = load_settings({})
    assert settings.sandbox == "auto" and sandbox.wanted(settings) is True
    assert sandbox.wanted(load_settings({"CONNECTOR_SANDBOX": "off"})) is False
    configured = {
        "CONNECTOR_INSTANCE_PATH": str(tmp_path / "elsewhere"),
        "CONNECTOR_DATABASE_URL": f"sqlite:///{tmp_path / 'real.db'}",
        "CONNECTOR_API_KEYS": "real-api-key-0123456789",
        "CONNECTOR_ADMIN_JWT_SECRET": "real-admin-secret-0123456789-abcdefghij",
        "CONNECTOR_SECRET_KEY": "real-session-key-0123456789-abcdefghij",
    }
    for name, value in configured.items():
        assert sandbox.wanted(load_settings({name: value})) is False, name
    app = create_app({"instance_path": str(tmp_path / "instance")})
    with app.extensions["connector_db"].session() as session:
        add_store(session, {"name": "Real", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
                            "seller_id": "A1", "lwa_client_id": "c", "lwa_client_secret": "s",
                            "refresh_token": "r", "commerce_url": "https://shop.example.com",
                            "commerce_token": "t"})
    app.extensions["connector_db"].dispose()
    assert sandbox.wanted(settings) is False
    assert sandbox.wanted(load_settings({"CONNECTOR_SANDBOX": "1"})) is True


@pytest.fixture
def running(tmp_path):
    """The demo's combined WSGI app served on a real port, as ``connector serve`` builds it."""
    server = make_server("127.0.0.1", 0, lambda environ, start: [], threaded=True)
    import threading

    built = sandbox.build(settings_for(tmp_path), server.server_port)
    server.app = built.wsgi
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    http = requests.Session()
    yield built, http
    http.close()
    server.shutdown()
    server.server_close()
    built.close()


def api(built, path: str) -> dict:
    response = built.app.test_client().get(
        path, headers={"Authorization": f"Bearer {built.api_key}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def statuses(built) -> dict[str, str]:
    page = api(built, f"/api/v1/stores/{built.store_id}/orders?per_page=200")
    return {o["amazon_order_id"]: o["status"] for o in page["orders"]}


def test_the_demo_store_is_seeded_and_its_first_sync_shows_every_kind_of_order(running):
    built, http = running
    products = {p["sku"]: p for p in http.get(
        f"{built.base_url}/sandbox/commerce/rest/V1/products?searchCriteria[pageSize]=100",
        headers={"Authorization": "Bearer sandbox-token"}).json()["items"]}
    assert products[sandbox.DISABLED_SKU]["status"] == 2
    assert sandbox.AMAZON_ONLY_SKU not in products

    run_store(services_for(built.app), built.store_id)
    assert statuses(built) == {
        "113-0000001-0000001": "Pending", "113-0000002-0000002": "Pending",
        "113-0000003-0000003": "Unshipped", "113-0000004-0000004": "Unshipped",
        "113-0000005-0000005": "Completed", "113-0000006-0000006": "Canceled",
        "113-0000007-0000007": "Error"}
    blocked = api(built, f"/api/v1/stores/{built.store_id}/orders/113-0000007-0000007")
    assert blocked["latest_note"].startswith(
        f'Cannot create sales order: Product "{sandbox.AMAZON_ONLY_SKU}" in order is not in '
        "the Commerce catalog.")
    [message] = api(built, "/api/v1/system-messages")["messages"]
    assert message["text"].endswith(f": {sandbox.STORE_NAME}")
    commerce = http.get(f"{built.base_url}/sandbox/commerce/_sandbox/orders").json()["orders"]
    assert sorted(o["ext_order_id"] for o in commerce) == [
        "113-0000003-0000003", "113-0000004-0000004", "113-0000005-0000005"]


def test_a_change_on_the_amazon_page_shows_on_the_next_sync(running):
    built, http = running
    amazon = f"{built.base_url}/sandbox/amazon"
    lc = services_for(built.app)
    run_store(lc, built.store_id)
    before = set(statuses(built))
    placed = http.post(f"{amazon}/_page/orders", data={
        "sku": ["KETTLE-GOOSE-1L", sandbox.OUT_OF_STOCK_SKU], "quantity": ["1", "1"]},
        allow_redirects=False)
    assert placed.status_code == 303
    assert placed.headers["Location"].startswith("/sandbox/amazon/?done=Order+")
    run_store(lc, built.store_id)
    [new] = set(statuses(built)) - before
    assert statuses(built)[new] == "Pending"

    http.post(f"{amazon}/_page/orders/{new}/status", data={"status": "UNSHIPPED"})
    run_store(lc, built.store_id)  # at once: the change is stamped 3 minutes back
    order = api(built, f"/api/v1/stores/{built.store_id}/orders/{new}")
    assert order["status"] == "Error"
    assert order["latest_note"] == (
        f'Cannot create sales order: Product "{sandbox.OUT_OF_STOCK_SKU}" in order is not '
        "salable")


def test_the_sandbox_index_opens_the_admin_pages_with_a_fresh_token(running):
    from connector.web.admin_token import verify

    built, http = running
    index = http.get(f"{built.base_url}/sandbox/")
    assert index.status_code == 200 and built.api_key in index.text
    assert 'class="badge">Sandbox<' in index.text
    entry = http.get(f"{built.base_url}/sandbox/admin", allow_redirects=False)
    assert entry.status_code == 303
    target = urlsplit(requests.compat.urljoin(entry.url, entry.headers["Location"]))
    assert target.path == "/admin/"
    claims = verify(parse_qs(target.query)["token"][0], built.admin_secret)
    assert claims["sub"] == "demo"


def test_the_demo_store_syncs_every_minute_while_other_jobs_run_more_often(running):
    from dataclasses import replace
    from datetime import timedelta

    from connector.orders import due_stores
    from jobs.scheduler import completion_job, shipments_job, sync_job

    built, _ = running
    real = services_for(built.app)
    start = real.clock()
    now = [start]
    lc = replace(real, clock=lambda: now[0])
    assert due_stores(lc) == [built.store_id]
    sync_job(lc)
    assert due_stores(lc) == []
    for seconds in (20, 40, 50):  # shipments and completion runs in between
        now[0] = start + timedelta(seconds=seconds)
        shipments_job(lc)
        completion_job(lc)
        assert due_stores(lc) == []
    now[0] = start + timedelta(seconds=61)
    assert due_stores(lc) == [built.store_id]


def test_the_demo_answers_only_requests_addressed_to_this_machine(running):
    built, http = running
    for path in ("/sandbox/", "/api/v1/stores", "/admin/"):
        rebound = http.get(f"{built.base_url}{path}",
                           headers={"Host": f"attacker.example:{urlsplit(built.base_url).port}"})
        assert rebound.status_code == 400, path
        assert built.api_key not in rebound.text
    local = http.get(f"{built.base_url}/sandbox/".replace("127.0.0.1", "localhost"))
    assert local.status_code == 200


def test_sandbox_controls_refuse_cross_site_forms_and_take_json_only(running):
    built, http = running
    amazon = f"{built.base_url}/sandbox/amazon"
    orders = len(http.get(f"{amazon}/_sandbox/orders").json()["orders"])
    assert orders > 0
    foreign = {"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site"}
    assert http.post(f"{amazon}/_sandbox/reset", headers=foreign).status_code == 403
    assert http.post(f"{amazon}/_sandbox/reset", data={"x": "1"},
                     headers={"Origin": built.base_url}).status_code == 415
    assert http.post(f"{amazon}/_page/orders", headers=foreign, allow_redirects=False,
                     data={"sku": ["MUG-STONE-350"], "quantity": ["1"]}).status_code == 403
    assert len(http.get(f"{amazon}/_sandbox/orders").json()["orders"]) == orders
    # The pages' own forms, from the demo's own origin, and JSON calls still work.
    placed = http.post(f"{amazon}/_page/orders", allow_redirects=False,
                       headers={"Origin": built.base_url, "Sec-Fetch-Site": "same-origin"},
                       data={"sku": ["MUG-STONE-350"], "quantity": ["1"]})
    assert placed.status_code == 303
    assert http.post(f"{amazon}/_sandbox/reset", json={},
                     headers={"Origin": built.base_url}).status_code == 200


def test_with_notifications_an_order_placed_on_the_page_arrives_without_a_sync(running):
    from connector.orders import consume_notifications

    built, http = running
    assert sandbox.subscribe(built)
    amazon = f"{built.base_url}/sandbox/amazon"
    placed = http.post(f"{amazon}/_page/orders", data={"sku": ["KETTLE-GOOSE-1L"],
                                                       "quantity": ["1"]})
    assert "Notifications are on" in placed.text
    assert "An ORDER_CHANGE notification told the connector." in placed.text
    new = placed.text.split("Order ", 1)[1].split(" ", 1)[0]
    lc = services_for(built.app)
    consume_notifications(lc, wait_seconds=2)
    assert statuses(built)[new] == "Pending"

    http.post(f"{amazon}/_page/orders/{new}/status", data={"status": "UNSHIPPED"})
    consume_notifications(lc, wait_seconds=2)
    assert statuses(built)[new] == "Unshipped"
    commerce = http.get(f"{built.base_url}/sandbox/commerce/_sandbox/orders").json()["orders"]
    assert new in {o["ext_order_id"] for o in commerce}
    ready = built.app.test_client().get("/health/ready").get_json()
    [store] = ready["checks"]["stores"]["stores"]
    assert store["notifications"]["messages"] == 2
