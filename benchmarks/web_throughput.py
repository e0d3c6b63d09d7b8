"""Web: requests per second and latency percentiles under gunicorn, measured with wrk.

A fresh database (SQLite file or PostgreSQL schema) gets one store with ``--orders`` orders
(bulk-inserted as in ``grid_at_scale.py``); gunicorn serves ``wsgi:app`` on 127.0.0.1 with
the scheduler off; wrk (Debian's ``wrk``) then loads each endpoint for ``--duration``:

- ``GET /health/ready`` (what a load balancer polls);
- ``GET /admin/stores/<id>/orders`` (All Orders, first page; signed in with an admin token);
- ``GET /api/v1/stores/<id>/orders`` (first page, API key).

wrk and gunicorn share the machine's cores, so the figures are a floor for a real server.

    .venv/bin/python benchmarks/web_throughput.py [--orders 100000] [--database sqlite]
        [--workers 4] [--connections 16] [--duration 20]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
import requests

API_KEY = "bench-api-key-0123456789"
ADMIN_SECRET = "bench-admin-secret-0123456789-0123456789"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, headers: dict, args) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in
               re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "latency": latency, "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(0) if errors else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    harness.quiet()
    harness.header(f"Web under gunicorn ({args.workers} sync workers) and wrk "
                   f"({args.threads} threads, {args.connections} connections, "
                   f"{args.duration} s), {args.orders} orders, {args.database}")
    with harness.database_url(args.database) as url, \
            tempfile.TemporaryDirectory(prefix="bench-web-") as instance:
        env = dict(os.environ, CONNECTOR_INSTANCE_PATH=instance, CONNECTOR_DATABASE_URL=url,
                   CONNECTOR_API_KEYS=API_KEY, CONNECTOR_ADMIN_JWT_SECRET=ADMIN_SECRET,
                   CONNECTOR_SCHEDULER="off", CONNECTOR_LOG_LEVEL="WARNING")
        from connector import create_app, db

        app = create_app({"instance_path": instance, "database_url": url,
                          "scheduler": False, "api_keys": API_KEY,
                          "admin_jwt_secret": ADMIN_SECRET})
        harness.quiet()
        db.upgrade(url)
        conn = harness.Connector(app.extensions["connector_db"], app)
        store_id = harness.add_store(conn, "http://127.0.0.1:9", "http://127.0.0.1:9")
        harness.bulk_orders(conn, store_id, 0, args.orders)
        harness.analyze(conn)
        conn.db.dispose()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--log-level", "warning", "wsgi:app"],
            cwd=harness.ROOT, env=env)
        try:
            for _ in range(150):
                try:
                    if requests.get(f"{base}/health", timeout=5).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                raise SystemExit("gunicorn did not start")
            from connector.web.admin.security import COOKIE
            from connector.web.admin_token import mint

            opened = requests.get(f"{base}/admin/stores/{store_id}/orders",
                                  params={"token": mint(ADMIN_SECRET, "bench-admin")},
                                  allow_redirects=False, timeout=30)
            cookie = opened.cookies.get(COOKIE)
            if opened.status_code != 303 or not cookie:
                raise SystemExit(f"admin sign-in failed: HTTP {opened.status_code}")
            targets = [
                ("GET /health/ready", f"{base}/health/ready", {}),
                ("All Orders page", f"{base}/admin/stores/{store_id}/orders",
                 {"Cookie": f"{COOKIE}={cookie}"}),
                ("GET /api/v1/stores/<id>/orders", f"{base}/api/v1/stores/{store_id}/orders",
                 {"Authorization": f"Bearer {API_KEY}"}),
            ]
            print(f"{'endpoint':<32}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
                  f"{'non-2xx':>9}")
            for label, target, headers in targets:
                check = requests.get(target, headers=headers, timeout=30)
                if check.status_code != 200:
                    raise SystemExit(f"{label}: HTTP {check.status_code}")
                result = wrk(target, headers, args)
                lat = result["latency"]
                print(f"{label:<32}{result['rps']:>8.1f}{lat.get('50', 0):>9.1f}"
                      f"{lat.get('90', 0):>9.1f}{lat.get('99', 0):>9.1f}"
                      f"{result['non2xx']:>9}  {result['socket_errors']}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"after: {harness.load()}")


if __name__ == "__main__":
    main()
