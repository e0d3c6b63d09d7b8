"""The web process runs resyncs in one background thread, in the order they were asked for.

One thread is enough: a resync spends its time waiting on Amazon's rate limits, and running
them one after another keeps a store's work serial on top of its lease.
"""

from __future__ import annotations

import logging
import queue
import threading

from flask import Flask

from connector.orders import run_resync, services_for

log = logging.getLogger("connector.api.resync")

EXTENSION = "connector_resync_worker"


class ResyncWorker:
    def __init__(self, app: Flask):
        # The app itself, not ``current_app``: the thread runs outside any request.
        self.app = getattr(app, "_get_current_object", lambda: app)()
        self._queue: queue.Queue[str] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, resync_id: str) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="resync-worker",
                                                daemon=True)
                self._thread.start()
        self._queue.put(resync_id)

    def _loop(self) -> None:
        while True:
            resync_id = self._queue.get()
            try:
                run_resync(services_for(self.app), resync_id)
            except Exception:  # the thread must outlive any one resync
                log.exception("resync %s could not be run", resync_id)
            finally:
                self._queue.task_done()

    def join(self) -> None:
        """Wait until every submitted resync has finished (tests, shutdown)."""
        self._queue.join()


def worker_for(app: Flask) -> ResyncWorker:
    worker = app.extensions.get(EXTENSION)
    if worker is None:
        worker = app.extensions[EXTENSION] = ResyncWorker(app)
    return worker
