"""Serving for real: waitress in front of the app, the scheduler beside it, and a clean stop.

Waitress because it is pure Python and threaded: the scheduler runs in the same process as
today, with no worker processes forked away from it (``gunicorn wsgi:app`` with the scheduler
in its own ``connector scheduler`` process stays the way to scale out).

SIGTERM or SIGINT: the server stops taking requests and finishes the ones it has, the scheduler
starts nothing new, and running store runs stop at their next safe point and release their
leases, within ``CONNECTOR_SHUTDOWN_GRACE`` seconds; then the process exits with 0. A second
signal exits at once (code 1); so does a run that outlasts the grace (its lease then expires
on its own, or is taken over at once by a process on the same host).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable

log = logging.getLogger("connector.serving")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
EXIT_AT_ONCE = 1


class Signals:
    """The first SIGTERM/SIGINT asks for a clean stop (``received``; with ``interrupt``, it
    also ends the server's loop in the main thread); a second one exits at once."""

    def __init__(self, *, interrupt: bool):
        self.interrupt = interrupt
        self.received = threading.Event()
        self.name: str | None = None

    def install(self) -> Signals:
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, _frame) -> None:
        if self.received.is_set():
            os.write(2, b"second stop signal: exiting now\n")
            os._exit(EXIT_AT_ONCE)
        self.name = signal.Signals(signum).name
        self.received.set()
        if self.interrupt:
            raise SystemExit  # waitress ends its loop and finishes the requests it has


def serve_until_stopped(wsgi, host: str, port: int, *, threads: int,
                        stop_work: Callable[[], bool], announce: Callable[[str], None]) -> int:
    """Serve ``wsgi`` until SIGTERM/SIGINT, then ``stop_work()`` (True when the scheduled work
    stopped within its grace). The exit code: 0 for a clean stop."""
    from waitress import create_server

    signals = Signals(interrupt=True).install()
    # ident=None: no Server header naming the software; clear_untrusted_proxy_headers: only
    # a proxy named in trusted_proxy may set X-Forwarded-*.
    server = create_server(wsgi, host=host, port=port, threads=threads, ident=None,
                           clear_untrusted_proxy_headers=True)
    try:
        announce(f"Serving on http://{host}:{port}/  (health: http://{host}:{port}/health)")
        server.run()
    except SystemExit:  # a signal before the loop started
        pass
    finally:
        server.close()
    return finish(signals, stop_work, announce)


def wait_until_stopped(stop_work: Callable[[], bool], announce: Callable[[str], None]) -> int:
    """``connector scheduler``: wait for SIGTERM/SIGINT, then stop the work as above."""
    signals = Signals(interrupt=False).install()
    signals.received.wait()
    return finish(signals, stop_work, announce)


def finish(signals: Signals, stop_work: Callable[[], bool],
           announce: Callable[[str], None]) -> int:
    announce(f"Stopping ({signals.name or 'server stopped'}): no new work; running store runs "
             "stop at their next safe point.")
    if stop_work():
        announce("Stopped cleanly.")
        return 0
    log.error("store runs still running after the shutdown grace; exiting anyway (their leases "
              "are taken over at once on this host, or expire)")
    return EXIT_AT_ONCE
