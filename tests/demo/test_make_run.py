"""``make run`` with nothing configured: ``connector serve`` in a subprocess starts in sandbox
mode, and one order goes from Pending to Completed through HTTP alone."""

from __future__ import annotations

import re

import pytest
import requests

from tests.servers import eventually


@pytest.fixture
def served(serve, tmp_path):
    """``connector serve`` as ``make run`` starts it: nothing configured, the default
    ``./instance`` folder (here in a fresh working directory)."""
    server = serve({}, cwd=tmp_path, args=("--tick", "1"))
    return server.url, server.console, server.lines


def test_make_run_is_a_working_demo(served):
    base, console, server_lines = served
    assert "Sandbox mode" in console
    assert ("Why:              CONNECTOR_SANDBOX=auto, the instance folder is the default "
            "./instance, no database URL, key or secret is set") in console
    assert "To serve for real: add a store (`connector stores add ...`), or set " \
           "CONNECTOR_SANDBOX=off" in console
    assert f"Amazon sandbox:   {base}/sandbox/amazon/" in console
    assert f"Commerce sandbox: {base}/sandbox/commerce/" in console
    assert re.search(rf"Admin pages: +{re.escape(base)}/admin/\?token=[\w-]+\.[\w-]+\.[\w-]+",
                     console)
    key = re.search(r"Authorization: Bearer (\S+);", console).group(1)
    http = requests.Session()
    auth = {"Authorization": f"Bearer {key}"}
    amazon, commerce = f"{base}/sandbox/amazon", f"{base}/sandbox/commerce"

    def api(path: str) -> dict:
        response = http.get(f"{base}/api/v1{path}", headers=auth, timeout=10)
        assert response.status_code in (200, 404), response.text
        return response.json()

    def status(order_id: str) -> str | None:
        return api(f"/stores/1/orders/{order_id}").get("status")

    def resync(order_id: str) -> dict:
        started = http.post(f"{base}/api/v1/stores/1/resync", headers=auth, timeout=10,
                            json={"amazon_order_ids": [order_id]})
        assert started.status_code == 202, started.text
        return eventually(lambda: (lambda r: r if r["state"] in ("done", "failed") else None)(
            api(f"/resyncs/{started.json()['id']}")), 20, "the resync to finish")

    with http:
        for page in (f"{amazon}/", f"{commerce}/", f"{base}/sandbox/"):
            assert 'class="badge">Sandbox<' in http.get(page, timeout=10).text, page
        # The scheduler's first sync imports the seeded Unshipped orders.
        eventually(lambda: status("113-0000003-0000003") == "Unshipped", 30,
                   "the first scheduled sync")

        def amazon_ids() -> set[str]:
            return {o["orderId"] for o in http.get(f"{amazon}/_sandbox/orders").json()["orders"]}

        eventually(lambda: "Notifications on" in "".join(server_lines), 30,
                   "notifications to be set up")
        before = amazon_ids()
        placed = http.post(f"{amazon}/_page/orders", timeout=10, data={
            "sku": ["MUG-STONE-350"], "quantity": ["2"], "buyer": "Ada Lovelace",
            "fulfilled_by": "MERCHANT"})
        assert placed.status_code == 200  # the page again, after the redirect
        [oid] = amazon_ids() - before

        # Notifications are on: each change arrives within seconds, with no sync (every
        # 15 minutes now) and no resync.
        eventually(lambda: status(oid) == "Pending", 15, "the ORDER_CHANGE notification")

        http.post(f"{amazon}/_page/orders/{oid}/status", data={"status": "UNSHIPPED"})
        eventually(lambda: status(oid) == "Unshipped", 15, "the ORDER_CHANGE notification")
        [created] = eventually(lambda: [
            o for o in http.get(f"{commerce}/_sandbox/orders").json()["orders"]
            if o["ext_order_id"] == oid], 15, "the Commerce order")
        assert created["status"] == "processing"

        shipped = http.post(f"{commerce}/_sandbox/orders/{created['entity_id']}/ship",
                            data={"carrier_code": "ups", "track_number": "1Z999AA10123456784"})
        assert shipped.status_code == 200
        eventually(lambda: http.get(f"{amazon}/_sandbox/orders/{oid}").json()["fulfillment"][
            "fulfillmentStatus"] == "SHIPPED", 30, "the shipment confirmed to Amazon")

        assert resync(oid)["state"] == "done"
        eventually(lambda: status(oid) == "Completed", 40, "the order to complete")
        [done] = [o for o in http.get(f"{commerce}/_sandbox/orders").json()["orders"]
                  if o["ext_order_id"] == oid]
        assert done["state"] == "complete"
        notes = [n["text"] for n in api(f"/stores/1/orders/{oid}")["notes"]]
        assert "Status updated to Shipped." in notes and notes[-1] == "Status updated to Completed."
