"""Real processes over real HTTP: the web process that accepted a resync is killed while the
store is busy; the connector started after it runs the resync, and its API reports it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta

import requests

from connector.models import ResyncRequest, SyncState, utcnow
from connector.orders.coordination import release, try_acquire

KEY = "key-resync-0123456789"
ELSEWHERE = "scheduled-run-elsewhere"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Connector:
    """``connector serve`` in its own process, on its own port."""

    def __init__(self, env: dict, log_path, *, scheduler: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "ab")  # closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "connector.cli", "serve", "--port", str(self.port),
             "--tick", "1"],
            env={**env, "CONNECTOR_SCHEDULER": "on" if scheduler else "off"},
            stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):  # still starting
                pass
            assert self.proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}/api/v1{path}", timeout=5,
                                headers={"Authorization": f"Bearer {KEY}"}, **kwargs)

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        self.proc.wait(timeout=20)
        self.log.close()


def holder(world, resync_id: str) -> str | None:
    with world.db().session() as session:
        return session.get(ResyncRequest, resync_id).claimed_by


def wait_until(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_resync_survives_the_web_process_being_killed(world, app_config, tmp_path):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    db = world.db()
    with db.session() as session:  # synced just now: only the resync brings the order in
        session.get(SyncState, world.store_id).last_run_at = utcnow()
    assert try_acquire(db, world.store_id, ELSEWHERE, ttl=timedelta(minutes=5))
    env = {**os.environ, "CONNECTOR_INSTANCE_PATH": app_config["instance_path"],
           "CONNECTOR_DATABASE_URL": app_config["database_url"], "CONNECTOR_API_KEYS": KEY,
           "CONNECTOR_SANDBOX": "off", "CONNECTOR_LOG_LEVEL": "WARNING"}
    log_path = tmp_path / "connector.log"
    web = Connector(env, log_path, scheduler=False)
    after = None
    try:
        answer = web.api("POST", f"/stores/{world.store_id}/resync",
                         json={"amazon_order_ids": [oid]})
        assert answer.status_code == 202, answer.text
        resync_id = answer.json()["id"]
        wait_until(lambda: holder(world, resync_id) is not None)  # its worker waits
        first = holder(world, resync_id)
        web.stop(signal.SIGKILL)

        after = Connector(env, log_path, scheduler=True)
        wait_until(lambda: holder(world, resync_id) not in (None, first))  # taken over
        assert after.api("GET", f"/resyncs/{resync_id}").json()["state"] == "queued"
        release(db, world.store_id, ELSEWHERE)

        def finished():
            body = after.api("GET", f"/resyncs/{resync_id}").json()
            return body if body["state"] in ("done", "failed") else None
        wait_until(finished)
        body = finished()
    finally:
        web.stop(signal.SIGKILL)
        if after is not None:
            after.stop()
    assert body["state"] == "done", (body, log_path.read_text())
    assert body["counts"]["fetched"] == 1 and body["counts"]["created"] == 1
    assert world.commerce_order_for(oid) is not None
