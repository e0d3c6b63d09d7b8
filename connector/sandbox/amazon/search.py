"""Searching orders as searchOrders (v2026) and getOrders (v0) do: Amazon's time-window rules
and page tokens, shared by both versions (only the parameter names differ)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

from flask import request

from connector.sandbox.amazon.contract import parse_time
from connector.sandbox.amazon.envelope import invalid

BEFORE_LAG = timedelta(minutes=2)


def time_param(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    moment = parse_time(raw)
    if moment is None:
        raise invalid(f"Invalid {name}: must be an ISO 8601 date-time", f"{name}={raw!r}")
    return moment


def page_token(fingerprint: str, offset: int) -> str:
    raw = json.dumps({"f": fingerprint, "o": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_page_token(token: str, fingerprint: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["f"] != fingerprint:
            raise ValueError
        return int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise invalid("Invalid pagination token",
                      "The token is malformed or was issued for other filters") from None


def window(after_name: str, before_name: str, created_after: str, created_before: str,
           now: datetime) -> tuple[str, datetime, datetime, str]:
    """Validate Amazon's time-window rules; returns (field, after, before, echo key)."""
    created = time_param(created_after)
    created_to = time_param(created_before)
    updated = time_param(after_name)
    updated_to = time_param(before_name)
    if (created is None) == (updated is None):
        raise invalid(f"Exactly one of {created_after} and {after_name} is required")
    if created is not None and (updated_to is not None):
        raise invalid(f"{before_name} cannot be combined with {created_after}")
    if updated is not None and created_to is not None:
        raise invalid(f"{created_before} cannot be combined with {after_name}")
    latest = now - BEFORE_LAG
    if created is not None:
        after, before, echo = created, created_to, created_before
    else:
        after, before, echo = updated, updated_to, before_name
    if before is not None and before > latest:
        raise invalid(f"{echo} must be at least 2 minutes before the time of the request")
    before = before or latest
    if before < after:
        raise invalid(f"{echo} must be equal to or after the 'After' date")
    return ("createdTime" if created is not None else "lastUpdatedTime"), after, before, echo


def page_size(name: str) -> int:
    raw = request.args.get(name, "100")
    try:
        size = int(raw)
    except ValueError:
        raise invalid(f"{name} must be an integer between 1 and 100") from None
    if not 1 <= size <= 100:
        raise invalid(f"{name} must be an integer between 1 and 100")
    return size


def fingerprint(*parts) -> str:
    text = json.dumps([sorted(p) if isinstance(p, set | list) else str(p) for p in parts])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
