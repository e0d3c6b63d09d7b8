"""Apps served over real HTTP on 127.0.0.1, each in a background thread of the test process."""

from __future__ import annotations

import threading

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
