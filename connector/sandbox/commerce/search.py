"""``searchCriteria`` as Magento reads it from the query string, and the search answer.

``GET /V1/orders``, ``/V1/products``, ``/V1/invoices`` and the like all take
``searchCriteria[filter_groups][i][filters][j][field|value|condition_type]``,
``searchCriteria[sortOrders][k][field|direction]``, ``searchCriteria[pageSize]`` and
``[currentPage]``: filter groups are ANDed, the filters of a group ORed. The answer is
``{"items", "search_criteria", "total_count"}``, and a page past the end answers the last page
again, as Magento does, so a client that stops on an empty page loops forever here as there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from connector.sandbox.commerce.errors import REQUIRED, MagentoError, php_int

_KEYS = {"filterGroups": "filter_groups", "conditionType": "condition_type",
         "sortOrders": "sort_orders", "pageSize": "page_size", "currentPage": "current_page"}


def parse_criteria(args) -> dict:
    """``searchCriteria[filter_groups][0][filters][0][field]=...`` -> nested dicts."""
    root: dict = {}
    present = False
    for raw_key, value in args.items(multi=True):
        if not raw_key.startswith("searchCriteria"):
            continue
        present = True
        parts = re.findall(r"\[([^\]]*)\]", raw_key[len("searchCriteria"):])
        node = root
        for i, part in enumerate(parts):
            part = _KEYS.get(part, part)
            if i == len(parts) - 1:
                node[part] = value
            else:
                if not isinstance(node.get(part), dict):
                    node[part] = {}  # as PHP's query parser: the later, deeper key wins
                node = node[part]
    if not present:
        raise MagentoError(400, REQUIRED, {"fieldName": "searchCriteria"})
    for key, name in (("page_size", "pageSize"), ("current_page", "currentPage")):
        if key in root:
            php_int(root[key], name)
    return root


def _ordered(mapping: Any) -> list[dict]:
    """The objects of a ``[0]``, ``[1]``... list in index order; anything else is passed over,
    as Magento builds an empty object from it."""
    if not isinstance(mapping, dict):
        return []
    keys = sorted(mapping, key=lambda k: int(k) if k.isdigit() else 0)
    return [mapping[k] for k in keys if isinstance(mapping[k], dict)]


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _equal_to(wanted: str) -> Callable[[Any], bool]:
    """Whether a stored value equals ``wanted``: as numbers when both are, else as text
    ignoring case. ``wanted`` is read once, so a lookup of a text value (an order id) never
    tries to read each stored row as a number."""
    number, text = _as_number(wanted), str(wanted).casefold()

    def equal(actual: Any) -> bool:
        if number is not None:
            a = _as_number(actual)
            if a is not None:
                return a == number
        return actual is not None and str(actual).casefold() == text
    return equal


def _compare(actual: Any, wanted: str) -> int | None:
    a, w = _as_number(actual), _as_number(wanted)
    if a is not None and w is not None:
        return (a > w) - (a < w)
    if actual is None:
        return None
    return (str(actual) > wanted) - (str(actual) < wanted)


def _like(actual: Any, pattern: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return actual is not None and re.fullmatch(regex, str(actual), re.I | re.S) is not None


def _matches(item: dict, flt: dict) -> bool:
    field = flt.get("field", "")
    value = flt.get("value", "")
    condition = flt.get("condition_type") or "eq"
    actual = item.get(field)
    if condition == "null":
        return actual is None
    if condition == "notnull":
        return actual is not None
    if condition in ("like", "nlike"):
        return _like(actual, value) == (condition == "like")
    if condition in ("finset", "nfinset"):
        found = str(value) in str(actual or "").split(",")
        return found if condition == "finset" else not found
    order = _compare(actual, value)
    if order is None:
        return False
    return {"gt": order > 0, "gteq": order >= 0, "from": order >= 0, "moreq": order >= 0,
            "lt": order < 0, "lteq": order <= 0, "to": order <= 0}.get(condition, False)


def _test(flt: dict) -> Callable[[dict], bool]:
    """One filter as a test of a row. Equality (``eq``, ``neq``, ``in``, ``nin``) reads the
    filter's value once, not once per row, so a lookup among ten thousand orders stays a few
    milliseconds; every other condition is ``_matches``."""
    field, value = flt.get("field", ""), flt.get("value", "")
    condition = flt.get("condition_type") or "eq"
    if condition not in ("eq", "neq", "in", "nin"):
        return lambda item: _matches(item, flt)
    wanted = str(value).split(",") if condition in ("in", "nin") else [value]
    equals, keep = [_equal_to(v) for v in wanted], condition in ("eq", "in")
    if len(equals) == 1:
        [equal] = equals
        return lambda item: equal(item.get(field)) == keep
    return lambda item: any(equal(item.get(field)) for equal in equals) == keep


def matching(items, criteria: dict) -> list[dict]:
    """The items the criteria's filter groups keep (AND of groups, OR within a group)."""
    items = list(items)
    for group in _ordered(criteria.get("filter_groups")):
        tests = [_test(f) for f in _ordered(group.get("filters"))]
        if len(tests) == 1:
            items = list(filter(tests[0], items))
        elif tests:
            items = [i for i in items if any(test(i) for test in tests)]
    return items


def search_result(items: list[dict], criteria: dict) -> dict:
    """Filter, sort and page like Magento, including its habit of answering a page past the
    end with the last page."""
    items = matching(items, criteria)
    for order in reversed(_ordered(criteria.get("sort_orders"))):
        field = order.get("field", "")
        reverse = str(order.get("direction", "ASC")).upper() == "DESC"
        items = sorted(items, key=lambda i, f=field: (
            i.get(f) is None, _as_number(i.get(f)) if _as_number(i.get(f)) is not None
            else 0.0, str(i.get(f))), reverse=reverse)
    total = len(items)
    size = php_int(criteria.get("page_size") or "0")
    if size > 0:
        last = max(1, -(-total // size))
        page = min(max(1, php_int(criteria.get("current_page") or "1")), last)
        items = items[(page - 1) * size: page * size]
    return {"items": items, "search_criteria": criteria, "total_count": total}
