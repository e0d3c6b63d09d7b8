"""Partial answers: ``?fields=items[sku,name],total_count`` keeps only those fields, as
Magento's ``Webapi/Rest/Response/FieldsFilter`` does for any answer that is an object or a
list. Merchants' tools use it to keep searches small (pymagento's ``fields=``).

Ported as Magento has it: only letters, digits, ``_``, ``[``, ``]`` and ``,`` are allowed and
an unbalanced or otherwise bad filter answers an empty list; fields the answer lacks are left
out; a filter on a list applies to each element; an empty result is ``[]`` (PHP's empty
array).
"""

from __future__ import annotations

import re
from typing import Any

_BAD = re.compile(r"[^\w\[\],]", re.ASCII)


def parse(spec: str) -> dict | None:
    """``customer[id,email],total_count`` -> ``{"customer": {"id": 1, "email": 1},
    "total_count": 1}``; None if the filter is malformed."""
    if not spec or _BAD.search(spec):
        return None
    current: dict = {}
    stack: list[dict] = []
    parents: list[str | None] = []
    start: int | None = None
    element: str | None = None
    for position, char in enumerate(spec):
        if char in "[],":
            if start is not None:
                element = spec[start:position]
                current[element] = 1
            start = None
        if char == "[":
            parents.append(element)
            stack.append(current)
            current = {}
        elif char == "]":
            if not stack:
                return None  # PHP would pop nothing and go on; nothing sensible comes of it
            inner, current = current, stack.pop()
            current[parents.pop()] = inner
        elif char != "," and start is None:
            start = position
    if stack:
        return None
    if start is not None:
        current[spec[start:]] = 1
    return current


def apply(answer: Any, spec: str) -> Any:
    """The answer reduced to the fields ``spec`` names (``[]`` for a malformed filter)."""
    wanted = parse(spec)
    if wanted is None:
        return []
    return _empty_as_list(_filter(answer, wanted))


def _filter(answer: Any, wanted: dict) -> Any:
    if isinstance(answer, list):
        return [_keep(item, wanted) if isinstance(item, dict) else item for item in answer]
    return _keep(answer, wanted)


def _keep(item: dict, wanted: dict) -> dict:
    kept = {}
    for key, value in item.items():
        if key not in wanted:
            continue
        if key == "custom_attributes" and isinstance(wanted[key], dict) \
                and isinstance(value, list):
            kept[key] = _custom_attributes(value, wanted[key])
        elif isinstance(value, dict | list) and isinstance(wanted[key], dict):
            kept[key] = _empty_as_list(_filter(value, wanted[key]))
        else:
            kept[key] = value
    return kept


def _custom_attributes(attributes: list, wanted: dict) -> list:
    """Custom attributes are filtered by attribute code, as Magento's filter does."""
    kept = []
    for attribute in attributes:
        if attribute.get("attribute_code") in wanted:
            kept.append({"attribute_code": attribute["attribute_code"],
                         "value": attribute.get("value")})
        else:
            part = {k: attribute[k] for k in ("attribute_code", "value")
                    if k in wanted and k in attribute}
            if part:
                kept.append(part)
    return kept


def _empty_as_list(value: Any) -> Any:
    return [] if value == {} else value
