"""Servers for tests: apps served over real HTTP on 127.0.0.1 in a background thread of the
test process (``LiveServer``), and real ``connector serve`` processes for tests that need more
than one process (a token replayed across processes, a demo next to a real-mode service)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import WSGIRequestHandler, make_server

# How often a server's thread looks for stop(): werkzeug's 0.5 s made stopping the two
# sandboxes most of an end-to-end test's teardown.
SERVE_POLL_SECONDS = 0.01


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class LiveServer:
    """A WSGI app served over real HTTP on 127.0.0.1 in a background thread.

    The sandboxes stand in for Amazon and Commerce, whose own access logs are not ours (a
    Commerce customer search carries the email in its URL): they serve without one. The
    connector's apps keep theirs, and ``no_secret_or_pii_in_logs`` reads it."""

    def __init__(self, app, port: int = 0):
        third_party = any(key in getattr(app, "extensions", {})
                          for key in ("amazon_sandbox", "commerce_sandbox"))
        self._server = make_server("127.0.0.1", port, app, threaded=True,
                                   request_handler=_QuietHandler if third_party else None)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        args=(SERVE_POLL_SECONDS,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


ROOT = Path(__file__).resolve().parents[1]


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


class Served:
    """``python -m connector.cli serve`` on a free port, with only the ``CONNECTOR_*``
    settings given (none inherited). ``console`` is what it printed."""

    def __init__(self, env: dict[str, str], log_dir: Path, *, cwd: Path = ROOT,
                 args: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
        #: Where the process's log lines go (its stderr).
        self.log_path = log_dir / f"serve-{self.port}.log"
        self._errors = self.log_path.open("w")
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "connector.cli", "serve", "--port", str(self.port), *args],
            cwd=cwd, env={**base, "PYTHONUNBUFFERED": "1", **env}, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=self._errors, text=True)
        threading.Thread(target=lambda: self.lines.extend(
            iter(self.process.stdout.readline, "")), daemon=True).start()
        eventually(lambda: any(line.startswith("Serving on") for line in self.lines)
                   or self.process.poll() is not None, 60, "the server to start")
        if self.process.poll() is not None:
            self.stop()
            pytest.fail("connector serve stopped:\n"
                        + (log_dir / f"serve-{self.port}.log").read_text())
        eventually(self._answers, 30, "the server to answer")

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.url}/health", timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):  # still starting
            return False

    @property
    def console(self) -> str:
        return "".join(self.lines)

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def signal(self, sig) -> None:
        self.process.send_signal(sig)

    def wait(self, timeout: float) -> int:
        """The exit code, once the process has exited (fails the test after ``timeout``)."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"connector serve still running {timeout} s after the signal")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self._errors.close()
