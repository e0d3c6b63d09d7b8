"""What the demo puts in front of everything it serves (the connector and both sandboxes).

- Only requests addressed to this machine are answered (``Host`` of ``localhost``,
  ``127.0.0.1`` or ``[::1]``). A DNS-rebinding page, served from another name that later
  resolves to 127.0.0.1, could otherwise read the demo's pages, its API key among them.
- A state-changing request under ``/sandbox/`` that a browser sent from another origin
  (``Origin``, ``Sec-Fetch-Site``) is refused: a cross-site form once reset the demo.
- The sandboxes' control endpoints (``_sandbox/...``) take JSON only, which a cross-site form
  cannot send. The pages' own forms (placing an order on the Amazon page, the Commerce page's
  Ship button) are the exception; the origin check covers them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTROL = re.compile(r"^/sandbox/(amazon|commerce)/_sandbox/")
PAGE_FORMS = re.compile(r"^/sandbox/amazon/_page/|^/sandbox/commerce/_sandbox/orders/\d+/ship$")


def host_name(host: str) -> str:
    """``127.0.0.1:8000`` -> ``127.0.0.1``; ``[::1]:8000`` -> ``::1``."""
    try:
        return (urlsplit(f"//{host}").hostname or "").lower()
    except ValueError:  # a malformed port or bracket
        return ""


def is_loopback(host: str) -> bool:
    return host_name(host) in LOOPBACK_NAMES


def _refuse(start_response, status: str, message: str):
    body = json.dumps({"error": status.split(" ", 1)[1], "message": message}).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


class DemoGuard:
    """WSGI middleware: the checks above, then the demo's app."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not is_loopback(host):
            return _refuse(start_response, "400 Bad Request",
                           "The demo answers only requests to localhost or 127.0.0.1.")
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") in UNSAFE_METHODS and path.startswith("/sandbox/"):
            if not _same_origin(environ, host):
                return _refuse(start_response, "403 Forbidden",
                               "The sandboxes take changes from their own pages only.")
            if CONTROL.match(path) and not PAGE_FORMS.match(path) and not _json(environ):
                return _refuse(start_response, "415 Unsupported Media Type",
                               "The sandboxes' control endpoints take JSON only "
                               "(Content-Type: application/json).")
        return self.app(environ, start_response)


def _same_origin(environ, host: str) -> bool:
    """False when a browser says the request comes from another site. Clients that are not
    browsers send neither header and are let through (they cannot be a cross-site form)."""
    if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return False
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and parsed.netloc.lower() == host.lower()


def _json(environ) -> bool:
    mimetype = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    return mimetype == "application/json" or (mimetype.startswith("application/")
                                              and mimetype.endswith("+json"))
