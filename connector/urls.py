"""Service URLs without secrets in them.

Credentials have their own encrypted fields; a URL is shown in the API, on pages and in error
texts, so it must never carry a user name, a password or a query (``?key=...``).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def secret_parts(url: str) -> list[str]:
    """What in ``url`` could carry a secret, in words (empty when nothing)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = []
    if "@" in parts.netloc:
        found.append("a user name or password")
    if parts.query:
        found.append("a query (?...)")
    if parts.fragment:
        found.append("a fragment (#...)")
    return found


def without_secrets(url: str) -> str:
    """``https://user:pass@shop.example.com/m2?key=x`` -> ``https://shop.example.com/m2``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
