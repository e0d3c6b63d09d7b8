"""The Amazon orders grid (All Orders): filters, server-side sorting and paging.

Used by the admin pages and the integrator API, so both list the same orders in the same order.

Every query starts with ``store_id`` and walks one of the ``amazon_orders`` indexes:

- sort purchase date -> (store_id, purchase_date, id); buyer's name -> (store_id,
  buyer_name_key, id); total -> (store_id, order_total, id); order number -> the unique
  (store_id, amazon_order_id); status -> (store_id, status, purchase_date), then id.
  Every sort ends with ``id`` (or a unique column), so rows never swap between pages.
- "Buyer asked to cancel" walks a partial index of the orders that have a buyer's request.
- Order number and buyer's name are *prefix* matches: a prefix is a range on an index, a
  "contains" match would read every order of the store. The prefix is written as a range
  ``>= p AND < p'`` in code-point order: plain comparisons on SQLite (binary collation), the
  pattern operators ``~>=~`` / ``~<~`` on PostgreSQL, whose text collation may not order by
  code point (served by the ``varchar_pattern_ops`` indexes).

Paging is offset paging, bounded: at most ``MAX_PER_PAGE`` rows a page and the first
``MAX_WINDOW`` rows of any filter/sort (page 200 at 50 a page). Deeper than that, a merchant
narrows the filters instead; this keeps the worst page one short index walk on a store with
millions of orders, while keeping "page N of M" and jumping to any page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session, defer

from connector.models import AmazonOrder
from connector.orders.buyer_cancel import open_request
from mappings.status import GRID_LABELS, GRID_STATUSES

SORTS = ("purchase_date", "order_number", "status", "buyer_name", "total")
DEFAULT_SORT = "purchase_date"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_WINDOW = 10_000  # rows reachable by paging through one filter/sort
MAX_TEXT = 64  # longest order number / buyer name prefix accepted
MONEY_PLACES = 4  # the money columns keep four decimals
# The admin page counts at most this many matches ("more than 100,000"): counting a million
# index entries costs ~0.2 s on SQLite, counting a tenth of them ~0.02 s.
PAGE_COUNT_LIMIT = 100_000
#: The "Buyer asked to cancel" filter's argument, and the words it takes for yes and no.
BUYER_ASKED = "buyer_asked_to_cancel"
YES, NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class FilterError(ValueError):
    """A filter value the grid cannot use; ``field`` names the query-string argument and
    ``errors`` holds every bad argument (field -> message) when several are wrong."""

    def __init__(self, field: str, message: str, errors: Mapping[str, str] | None = None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.errors = dict(errors or {field: message})


@dataclass(frozen=True)
class OrderFilters:
    purchased_from: date | None = None  # inclusive, UTC dates
    purchased_to: date | None = None  # inclusive
    order_number: str | None = None  # Amazon order id; prefix match
    buyer_name: str | None = None  # case-insensitive prefix match on buyer_name_key
    total_min: Decimal | None = None
    total_max: Decimal | None = None
    statuses: tuple[str, ...] = ()  # grid statuses (mappings.status.GRID_STATUSES)
    buyer_asked_to_cancel: bool = False  # only orders with an open buyer's request

    def is_empty(self) -> bool:
        return self == OrderFilters()


@dataclass(frozen=True)
class GridPage:
    rows: list[AmazonOrder]
    total: int  # every order matching the filters
    page: int
    per_page: int
    pages: int  # pages reachable (at most MAX_WINDOW rows' worth)
    sort: str = DEFAULT_SORT
    descending: bool = True
    filters: OrderFilters = field(default_factory=OrderFilters)
    total_is_exact: bool = True  # False: at least ``total`` orders match (``count_limit``)

    @property
    def truncated(self) -> bool:
        """More orders match than paging reaches: the merchant should narrow the filters."""
        return self.total > self.pages * self.per_page


# -- reading filters from a query string -----------------------------------------------------

_STATUS_BY_WORD = {s.casefold(): s for s in GRID_STATUSES} | {
    GRID_LABELS[s].casefold(): s for s in GRID_STATUSES}
_ORDER_NUMBER = re.compile(r"^[0-9A-Za-z-]+$")


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError("Enter a date as yyyy-mm-dd.") from None


def _amount(raw: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError("Enter an amount such as 25 or 25.50.") from None
    if not value.is_finite():
        raise ValueError("Enter an amount such as 25 or 25.50.")
    if value < 0:
        raise ValueError("Enter an amount of 0 or more.")
    if value >= Decimal(10) ** 14:
        raise ValueError("Enter a smaller amount.")
    if -value.as_tuple().exponent > MONEY_PLACES:
        raise ValueError(f"Enter an amount with at most {MONEY_PLACES} decimals.")
    return value


def _order_number(raw: str) -> str:
    if len(raw) > MAX_TEXT or not _ORDER_NUMBER.match(raw):
        raise ValueError("Enter an Amazon order number (digits and dashes), or its beginning.")
    return raw


def _buyer_name(raw: str) -> str:
    if len(raw) > MAX_TEXT:
        raise ValueError(f"Enter at most {MAX_TEXT} characters.")
    return raw


def _arg(args: Mapping, name: str) -> str:
    value = args.get(name)
    return value.strip() if isinstance(value, str) else ""


def _all(args: Mapping, name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    if getlist is not None:
        values = getlist(name)
    else:
        value = args.get(name)
        values = value if isinstance(value, list | tuple) else [value] if value else []
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def parse_filters(args: Mapping) -> tuple[OrderFilters, dict[str, str]]:
    """The filters the arguments give, and a message per bad argument (which is left out), so
    a page can apply the good ones and show each message next to its filter."""
    values: dict = {}
    errors: dict[str, str] = {}
    for name, parse in (("purchased_from", _date), ("purchased_to", _date),
                        ("order_number", _order_number), ("buyer_name", _buyer_name),
                        ("total_min", _amount), ("total_max", _amount)):
        raw = _arg(args, name)
        if not raw:
            continue
        try:
            values[name] = parse(raw)
        except ValueError as exc:
            errors[name] = str(exc)
    statuses: list[str] = []
    for raw in _all(args, "status"):
        status = _STATUS_BY_WORD.get(raw.casefold())
        if status is None:
            errors["status"] = f"Unknown status {raw[:40]!r}."
        elif status not in statuses:
            statuses.append(status)
    values["statuses"] = tuple(s for s in GRID_STATUSES if s in statuses)
    asked = _arg(args, BUYER_ASKED).lower()
    if asked in YES:
        values[BUYER_ASKED] = True
    elif asked not in NO:
        errors[BUYER_ASKED] = "Enter 1 to list only orders whose buyer asked to cancel."
    start, end = values.get("purchased_from"), values.get("purchased_to")
    if start and end and start > end:
        errors["purchased_to"] = "The end date is before the start date."
        del values["purchased_to"]
    low, high = values.get("total_min"), values.get("total_max")
    if low is not None and high is not None and low > high:
        errors["total_max"] = "The maximum is below the minimum."
        del values["total_max"]
    return OrderFilters(**values), errors


def filters_from_args(args: Mapping[str, str]) -> OrderFilters:
    """Filters from query-string arguments (``status`` may repeat); ``FilterError`` names the
    first bad argument (and carries all of them)."""
    filters, errors = parse_filters(args)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise FilterError(field_name, message, errors)
    return filters


def filters_to_args(filters: OrderFilters) -> list[tuple[str, str]]:
    """The query-string arguments that give ``filters`` back (for links and chips)."""
    args: list[tuple[str, str]] = []
    for name in ("purchased_from", "purchased_to", "order_number", "buyer_name", "total_min",
                 "total_max"):
        value = getattr(filters, name)
        if value is not None:
            args.append((name, value.isoformat() if isinstance(value, date) else str(value)))
    args.extend(("status", s) for s in filters.statuses)
    if filters.buyer_asked_to_cancel:
        args.append((BUYER_ASKED, "1"))
    return args


def without(filters: OrderFilters, name: str, status: str | None = None) -> OrderFilters:
    """``filters`` with one filter (or one status of the status filter) removed."""
    if name == "status":
        return replace(filters, statuses=tuple(s for s in filters.statuses if s != status)
                       if status else ())
    if name == BUYER_ASKED:
        return replace(filters, buyer_asked_to_cancel=False)
    return replace(filters, **{name: None})


# -- the query -------------------------------------------------------------------------------

def _next_prefix(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix(column, prefix: str, dialect: str):
    if dialect == "postgresql":
        # Code-point comparisons (the operators of the varchar_pattern_ops indexes). Unlike
        # LIKE 'p%', a range keeps using the index in a generic plan, which the driver's
        # prepared statements get after a few executions.
        return and_(column.op("~>=~")(prefix), column.op("~<~")(_next_prefix(prefix)))
    if dialect == "sqlite":
        return and_(column >= prefix, column < _next_prefix(prefix))
    return column.startswith(prefix, autoescape=True)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def conditions(filters: OrderFilters, store_id: int, dialect: str) -> list:
    where = [AmazonOrder.store_id == store_id]
    if filters.purchased_from is not None:
        where.append(AmazonOrder.purchase_date >= _start_of(filters.purchased_from))
    if filters.purchased_to is not None:
        where.append(AmazonOrder.purchase_date
                     < _start_of(filters.purchased_to + timedelta(days=1)))
    if filters.order_number:
        where.append(_prefix(AmazonOrder.amazon_order_id, filters.order_number, dialect))
    if filters.buyer_name:
        where.append(_prefix(AmazonOrder.buyer_name_key, filters.buyer_name.casefold(),
                             dialect))
    if filters.total_min is not None:
        where.append(AmazonOrder.order_total >= filters.total_min)
    if filters.total_max is not None:
        where.append(AmazonOrder.order_total <= filters.total_max)
    if filters.statuses:
        where.append(AmazonOrder.status.in_(filters.statuses))
    if filters.buyer_asked_to_cancel:
        where.append(open_request())
    return where


_SORT_COLUMNS = {
    "purchase_date": (AmazonOrder.purchase_date, AmazonOrder.id),
    "order_number": (AmazonOrder.amazon_order_id,),  # unique per store: no tie to break
    "status": (AmazonOrder.status, AmazonOrder.purchase_date, AmazonOrder.id),
    "buyer_name": (AmazonOrder.buyer_name_key, AmazonOrder.id),
    "total": (AmazonOrder.order_total, AmazonOrder.id),
}


_UNSHOWN = (defer(AmazonOrder.order_data), defer(AmazonOrder.shipping_address))

# Which filters each sort's index serves: walking it finds their matches in order.
_SERVED_BY_SORT = {
    "purchase_date": {"purchase_date"},
    "order_number": {"order_number"},
    "status": {"status", "purchase_date"},
    "buyer_name": {"buyer_name"},
    "total": {"total"},
}


def _filtered(filters: OrderFilters) -> set[str]:
    used = {"purchase_date": filters.purchased_from or filters.purchased_to,
            "order_number": filters.order_number, "buyer_name": filters.buyer_name,
            "total": filters.total_min is not None or filters.total_max is not None,
            "status": filters.statuses, BUYER_ASKED: filters.buyer_asked_to_cancel}
    return {name for name, value in used.items() if value}


def _count(session: Session, where: list, limit: int | None) -> tuple[int, bool]:
    if limit is None:
        exact = select(func.count()).select_from(AmazonOrder).where(*where)
        return session.scalar(exact) or 0, True
    capped = select(literal(1)).select_from(AmazonOrder).where(*where).limit(limit + 1)
    found = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
    return min(found, limit), found <= limit


def search_orders(session: Session, store_id: int, filters: OrderFilters, *,
                  sort: str = DEFAULT_SORT, descending: bool = True, page: int = 1,
                  per_page: int = DEFAULT_PER_PAGE,
                  count_limit: int | None = None, clamp: bool = True) -> GridPage:
    """One page of the store's orders matching ``filters``, sorted on the server across all
    pages. ``page`` is clamped to the pages there are (``clamp=False``: a page past the end
    is empty and keeps its number, so a client paging until an empty page stops);
    ``per_page`` to 1..MAX_PER_PAGE; an unknown ``sort`` raises ``FilterError`` (field
    ``sort``). ``total`` is exact unless ``count_limit`` is given and exceeded (then
    ``total_is_exact`` is False)."""
    if sort not in _SORT_COLUMNS:
        raise FilterError("sort", f"Sort by one of: {', '.join(SORTS)}.")
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    if count_limit is not None:
        count_limit = max(int(count_limit), MAX_WINDOW)
    dialect = session.get_bind().dialect.name
    where = conditions(filters, store_id, dialect)
    total, exact = _count(session, where, count_limit)
    pages = max(1, min(math.ceil(total / per_page), math.ceil(MAX_WINDOW / per_page)))
    if not clamp and int(page) > pages:
        return GridPage(rows=[], total=total, page=int(page), per_page=per_page, pages=pages,
                        sort=sort, descending=descending, filters=filters,
                        total_is_exact=exact)
    page = max(1, min(int(page), pages))
    order_by = [c.desc() if descending else c.asc() for c in _SORT_COLUMNS[sort]]
    # The grids never show the order snapshot or the address: leave those JSON columns unread.
    query = select(AmazonOrder).options(*_UNSHOWN)
    if exact and total <= MAX_WINDOW and not _filtered(filters) <= _SERVED_BY_SORT[sort]:
        # Few matches of a filter the sort's index does not serve: walking that index would
        # read past all the other orders to fill the page. Find the matches through the
        # filter's own index first (no ORDER BY, so the database picks that index; the LIMIT
        # keeps the subquery apart), then sort them.
        matches = select(AmazonOrder.id).where(*where).limit(MAX_WINDOW).subquery()
        query = query.join(matches, AmazonOrder.id == matches.c.id)
    else:
        query = query.where(*where)
    rows = list(session.scalars(query.order_by(*order_by).limit(per_page)
                                .offset((page - 1) * per_page)))
    return GridPage(rows=rows, total=total, page=page, per_page=per_page, pages=pages,
                    sort=sort, descending=descending, filters=filters, total_is_exact=exact)
