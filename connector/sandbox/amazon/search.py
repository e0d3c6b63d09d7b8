"""Searching orders as searchOrders (v2026) and getOrders (v0) do: Amazon's time-window rules
and page tokens, shared by both versions (only the parameter names differ).

A page token carries the whole search it continues (the window with its "before" resolved,
the filters, the page size) and the last order served. Amazon's v0 model says so of
``NextToken``: "If NextToken is present, that will be used to retrieve the orders instead of
other criteria". A caller that leaves "before" out has it resolved once, on the first page,
to two minutes before then; the later pages keep that bound however late they are asked for.
Continuing after the last order served, rather than at an offset, keeps an order changed
between two pages from pushing another one out of the walk.
"""

from __future__ import annotations

import base64
import bisect
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import request

from connector.sandbox.amazon.book import OrderBook
from connector.sandbox.amazon.contract import parse_time
from connector.sandbox.amazon.envelope import invalid

BEFORE_LAG = timedelta(minutes=2)
FIELDS = ("createdTime", "lastUpdatedTime")
MAX_PAGE = 100


@dataclass(frozen=True)
class Search:
    """One search as asked for, with its "before" resolved: what a page token carries."""

    field: str  # createdTime or lastUpdatedTime
    after: datetime
    before: datetime
    marketplace_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # v2026 spelling, also for v0
    fulfilled_by: tuple[str, ...] = ()  # MERCHANT, AMAZON
    size: int = MAX_PAGE
    included: tuple[str, ...] = ()  # v2026 includedData

    def to_json(self) -> dict:
        return {**asdict(self), "after": self.after.isoformat(),
                "before": self.before.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> Search:
        """Raises ValueError, KeyError or TypeError for anything a token could not hold."""
        search = cls(field=data["field"], after=_time(data["after"]),
                     before=_time(data["before"]), size=int(data["size"]),
                     **{name: _texts(data[name]) for name in (
                         "marketplace_ids", "statuses", "fulfilled_by", "included")})
        if search.field not in FIELDS or not 1 <= search.size <= MAX_PAGE:
            raise ValueError("not a search the sandbox issues")
        return search


@dataclass(frozen=True)
class Page:
    orders: list[dict]
    next_token: str | None


def _time(text) -> datetime:
    moment = parse_time(text) if isinstance(text, str) else None
    if moment is None:
        raise ValueError(f"not a time: {text!r}")
    return moment


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def _texts(values) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TypeError(f"not a list: {values!r}")
    return tuple(_text(value) for value in values)


def time_param(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    moment = parse_time(raw)
    if moment is None:
        raise invalid(f"Invalid {name}: must be an ISO 8601 date-time", f"{name}={raw!r}")
    return moment


def window(after_name: str, before_name: str, created_after: str, created_before: str,
           now: datetime) -> tuple[str, datetime, datetime]:
    """Validate Amazon's time-window rules; returns (field searched, after, before)."""
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
    return ("createdTime" if created is not None else "lastUpdatedTime"), after, before


def page_size(name: str) -> int:
    raw = request.args.get(name, str(MAX_PAGE))
    try:
        size = int(raw)
    except ValueError:
        raise invalid(f"{name} must be an integer between 1 and {MAX_PAGE}") from None
    if not 1 <= size <= MAX_PAGE:
        raise invalid(f"{name} must be an integer between 1 and {MAX_PAGE}")
    return size


def _order_key(order: dict, field: str) -> tuple[datetime, str]:
    return parse_time(order[field]), order["orderId"]


def serve(book: OrderBook, api: str, search: Search,
          resume: tuple[datetime, str] | None = None) -> Page:
    """The page of ``search`` after the order keyed ``resume`` (oldest first), and the token
    for the next page when there is one."""
    found = book.select(field=search.field, after=search.after, before=search.before,
                        marketplace_ids=set(search.marketplace_ids),
                        statuses=set(search.statuses), fulfilled_by=set(search.fulfilled_by))
    start = 0 if resume is None else bisect.bisect_right(
        found, resume, key=lambda order: _order_key(order, search.field))
    orders = found[start:start + search.size]
    if start + search.size >= len(found):
        return Page(orders, None)
    moment, order_id = _order_key(orders[-1], search.field)
    raw = json.dumps({"api": api, "search": search.to_json(),
                      "resume": [moment.isoformat(), order_id]}).encode()
    return Page(orders, base64.urlsafe_b64encode(raw).decode().rstrip("="))


def continued(token: str, api: str) -> tuple[Search, tuple[datetime, str]]:
    """The search a page token continues, and where; InvalidInput for a token the sandbox
    did not issue for this API."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["api"] != api:
            raise ValueError("a token for the other API")
        moment, order_id = data["resume"]
        return Search.from_json(data["search"]), (_time(moment), _text(order_id))
    except (ValueError, KeyError, TypeError):
        raise invalid("Invalid pagination token",
                      "The token is malformed or was not issued by this operation") from None
