"""``make run`` with nothing configured: ``connector serve`` in a subprocess starts in sandbox
mode, and one order goes from Pending to Completed through HTTP alone."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def eventually(check, timeout: float, what: str):
    """``check()``'s first truthy answer, polling; fails saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for: {what}")
        time.sleep(0.25)


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
    env.update(CONNECTOR_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONUNBUFFERED="1")
    errors = (tmp_path / "stderr.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "connector.cli", "serve", "--port", str(port), "--tick", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        eventually(lambda: any(line.startswith("Serving on") for line in lines) or
                   process.poll() is not None, 60, "the server to start")
        assert process.poll() is None, (tmp_path / "stderr.log").read_text()
        yield f"http://127.0.0.1:{port}", "".join(lines)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        errors.close()


def test_make_run_is_a_working_demo(served):
    base, console = served
    assert "Sandbox mode" in console
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

        before = amazon_ids()
        placed = http.post(f"{amazon}/_page/orders", timeout=10, data={
            "sku": ["MUG-STONE-350"], "quantity": ["2"], "buyer": "Ada Lovelace",
            "fulfilled_by": "MERCHANT"})
        assert placed.status_code == 200  # the page again, after the redirect
        [oid] = amazon_ids() - before

        assert resync(oid)["counts"]["skipped"] == 1
        assert status(oid) == "Pending"

        http.post(f"{amazon}/_page/orders/{oid}/status", data={"status": "UNSHIPPED"})
        assert resync(oid)["counts"]["created"] == 1
        assert status(oid) == "Unshipped"
        [created] = [o for o in http.get(f"{commerce}/_sandbox/orders").json()["orders"]
                     if o["ext_order_id"] == oid]
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
