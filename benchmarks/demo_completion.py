"""Seconds from Ship (in the Commerce sandbox) to Completed (on the connector's pages), in the
demo as `make run` serves it: a real `connector serve` in sandbox mode, driven over HTTP like a
person clicking the sandbox pages.

    .venv/bin/python benchmarks/demo_completion.py [--samples 3]

Prints each sample and the spread; the README states the bound the demo's schedule gives.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote_plus

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise SystemExit(f"gave up waiting for {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    instance = tempfile.mkdtemp(prefix="demo-timing-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
    env.update(CONNECTOR_SANDBOX="on", CONNECTOR_INSTANCE_PATH=instance)
    server = subprocess.Popen([sys.executable, "-m", "connector.cli", "serve", "--port",
                               str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    http = requests.Session()
    try:
        wait(lambda: _answers(http, base), 60, "the demo to answer")
        keys = json.loads((Path(instance) / "sandbox-keys.json").read_text())
        api = {"Authorization": f"Bearer {keys['api_key']}"}
        amazon, commerce = f"{base}/sandbox/amazon", f"{base}/sandbox/commerce"
        figures = []
        for n in range(args.samples):
            placed = http.post(f"{amazon}/_page/orders", data={
                "sku": "MUG-STONE-350", "quantity": "1", "fulfilled_by": "MERCHANT",
                "buyer": f"Timing {n}"}, allow_redirects=False)
            order_id = unquote_plus(placed.headers["Location"]).split("Order ")[1].split(" ")[0]
            http.post(f"{amazon}/_page/orders/{order_id}/status", data={"status": "UNSHIPPED"},
                      allow_redirects=False)
            commerce_order = wait(lambda oid=order_id: next(
                (o for o in http.get(f"{commerce}/_sandbox/orders").json()["orders"]
                 if o.get("ext_order_id") == oid), None), 300, "the Commerce order")
            shipped_at = time.monotonic()
            http.post(f"{commerce}/_sandbox/orders/{commerce_order['entity_id']}/ship",
                      json={"carrier_code": "ups", "track_number": f"1Z{n:06d}"})
            wait(lambda oid=order_id: http.get(f"{base}/api/v1/stores/1/orders/{oid}",
                                               headers=api).json()["status"] == "Completed",
                 600, "Completed")
            figures.append(time.monotonic() - shipped_at)
            print(f"sample {n + 1}: Ship -> Completed in {figures[-1]:.1f} s", flush=True)
        print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores; "
              f"min {min(figures):.1f} s, max {max(figures):.1f} s over {len(figures)} samples")
    finally:
        server.terminate()
        server.wait(10)


def _answers(http, base) -> bool:
    try:
        return http.get(f"{base}/health", timeout=5).ok
    except requests.ConnectionError:
        return False


if __name__ == "__main__":
    main()
