"""The access log: one line per request, written by the app itself so every server (waitress,
gunicorn) logs the same, safe line.

A line has the method, the path, the names of the query parameters with their values left out,
the status, the size and the time taken. Values are never logged: the admin sign-in link carries
a one-time token in its query, and the order grid's filters carry buyers' names. Headers
(cookies, API keys) are never logged either.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from connector.metrics import HTTP_REQUESTS

log = logging.getLogger("connector.access")
HIDDEN = "..."


def safe_target(environ: dict) -> str:
    """``/admin/?token=...``: the path, and each query parameter's name with its value hidden."""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    if not query:
        return path
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    return f"{path}?" + "&".join(f"{name[:40]}={HIDDEN}" for name in names[:20])


class AccessLog:
    """WSGI middleware writing ``connector.access`` lines at INFO."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen: dict[str, str] = {}

        def starting(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            seen["size"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, starting)
        finally:
            HTTP_REQUESTS.labels(seen.get("status", "none")).inc()
            if log.isEnabledFor(logging.INFO):
                log.info("%s %s %s %s %.0fms", environ.get("REQUEST_METHOD", "-"),
                         safe_target(environ), seen.get("status", "-"), seen.get("size", "-"),
                         (time.perf_counter() - started) * 1000)
