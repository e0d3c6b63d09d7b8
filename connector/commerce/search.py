"""Magento's ``searchCriteria`` query: filter groups are ANDed, filters inside a group ORed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["CONDITIONS", "Filter", "SearchCriteria"]

CONDITIONS = frozenset({
    "eq", "neq", "like", "nlike", "in", "nin", "gt", "gteq", "lt", "lteq", "from", "to",
    "null", "notnull", "finset", "nfinset", "moreq",
})


@dataclass(frozen=True)
class Filter:
    """One condition; lists are sent comma-joined, as ``in``/``nin`` expect."""

    field: str
    value: Any = None
    condition: str = "eq"

    def __post_init__(self):
        if self.condition not in CONDITIONS:
            raise ValueError(f"unknown condition_type {self.condition!r}")


@dataclass(frozen=True)
class SearchCriteria:
    """An immutable builder: each call returns a new criteria.

    ``SearchCriteria().where("ext_order_id", "111-...").order_by("entity_id").page(50)``
    """

    groups: tuple[tuple[Filter, ...], ...] = ()
    sort: tuple[tuple[str, str], ...] = ()
    page_size: int | None = None
    current_page: int | None = None

    def where(self, field: str, value: Any = None, condition: str = "eq") -> SearchCriteria:
        """Add a filter group with one filter (ANDed with the other groups)."""
        return self.where_any(Filter(field, value, condition))

    def where_any(self, *filters: Filter) -> SearchCriteria:
        """Add a filter group whose filters are ORed."""
        if not filters:
            raise ValueError("a filter group needs at least one filter")
        return replace(self, groups=(*self.groups, tuple(filters)))

    def order_by(self, field: str, direction: str = "ASC") -> SearchCriteria:
        direction = direction.upper()
        if direction not in ("ASC", "DESC"):
            raise ValueError("direction is ASC or DESC")
        return replace(self, sort=(*self.sort, (field, direction)))

    def page(self, size: int, current: int = 1) -> SearchCriteria:
        if size < 1 or current < 1:
            raise ValueError("page size and page number start at 1")
        return replace(self, page_size=size, current_page=current)

    def params(self) -> list[tuple[str, str]]:
        """The query parameters, in a stable order (OAuth signatures cover them)."""
        out: list[tuple[str, str]] = []
        for g, group in enumerate(self.groups):
            for f, flt in enumerate(group):
                key = f"searchCriteria[filter_groups][{g}][filters][{f}]"
                out.append((f"{key}[field]", flt.field))
                if flt.value is not None:
                    out.append((f"{key}[value]", _text(flt.value)))
                out.append((f"{key}[condition_type]", flt.condition))
        for s, (field_name, direction) in enumerate(self.sort):
            out.append((f"searchCriteria[sortOrders][{s}][field]", field_name))
            out.append((f"searchCriteria[sortOrders][{s}][direction]", direction))
        if self.page_size is not None:
            out.append(("searchCriteria[pageSize]", str(self.page_size)))
        if self.current_page is not None:
            out.append(("searchCriteria[currentPage]", str(self.current_page)))
        if not out:  # Magento needs searchCriteria present to answer at all
            out.append(("searchCriteria", ""))
        return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return ",".join(_text(v) for v in value)
    return str(value)
