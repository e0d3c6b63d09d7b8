"""Response headers every part of the service shares.

- Redirects are relative. Werkzeug answers ``/admin?token=...`` with a redirect to
  ``/admin/`` built from the request's Host header, so a forged Host sent the signed token to
  another site; the browser resolves a relative ``Location`` against the address it asked.
  The one exception: Commerce's identity link sends the browser back to the Commerce it came
  from (checked against the store being connected, never the Host header), marked
  ``leaves_the_service``.
- API answers carry buyers' names: ``Cache-Control: no-store`` keeps them out of caches, and
  ``X-Content-Type-Options: nosniff`` keeps a browser from reading them as anything but JSON.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, request

API_PREFIXES = ("/api/", "/health")


def relative_location(location: str) -> str:
    """``http://any-host/admin/?x=1`` -> ``/admin/?x=1``; a relative location unchanged."""
    parts = urlsplit(location)
    if not parts.scheme and not parts.netloc:
        return location
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def init_app(app: Flask) -> None:
    @app.after_request
    def shared_headers(response):
        location = response.headers.get("Location")
        if location and not getattr(response, "leaves_the_service", False):
            # Otherwise the service only ever redirects to itself.
            response.headers["Location"] = relative_location(location)
        if request.path.startswith(API_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response
