"""The catalogue picker of SKU matching: Commerce products found by SKU or name, a page at a
time, each with what decides whether an Amazon SKU can be matched to it (type, enabled) and
its salable quantity on the stock the store's orders take from.

Read through Commerce's REST search (``GET /V1/products`` with ``like`` filters), with a page's
short timeouts; when Commerce cannot be reached the picker says so instead of failing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from connector.commerce import (
    CommerceClient,
    CommerceError,
    CommerceNotFound,
    Filter,
    SearchCriteria,
)
from connector.models import Store
from connector.orders.blockers import resolve_store_view
from connector.orders.outcomes import OrderBlocked
from connector.orders.services import Services
from connector.orders.sku_matching import ORDERABLE_TYPES, PRODUCT_ENABLED

PER_PAGE = 10
MAX_QUERY = 64


@dataclass(frozen=True)
class CatalogueProduct:
    sku: str
    name: str
    type_id: str
    enabled: bool
    salable_qty: float | None  # None: Commerce could not say

    @property
    def orderable(self) -> bool:
        return self.type_id in ORDERABLE_TYPES

    @property
    def can_match(self) -> bool:
        return self.enabled and self.orderable

    @property
    def why_not(self) -> str | None:
        if not self.enabled:
            return "Disabled"
        if not self.orderable:
            return f"A {self.type_id} product: match one of its simple products"
        return None


@dataclass(frozen=True)
class CataloguePage:
    query: str
    products: list[CatalogueProduct] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    problem: str | None = None  # why there are no results: Commerce could not be reached

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _like(text: str) -> str:
    """A ``like`` pattern for ``text`` anywhere; its own ``%`` and ``_`` match themselves as
    near as Magento's ``like`` allows (they stay wildcards, which only widens the search)."""
    return f"%{text}%"


def _stock_id(commerce: CommerceClient, store: Store) -> int | None:
    code = (store.settings.store_view_code if store.settings else None) or \
        store.commerce_store_code
    try:
        return resolve_store_view(commerce, code).stock_id
    except OrderBlocked:
        return None


def _salable(commerce: CommerceClient, sku: str, stock_id: int | None) -> float | None:
    try:
        if stock_id is not None:
            try:
                return commerce.salable_quantity(sku, stock_id)
            except CommerceNotFound:
                pass
        stock = commerce.stock_item(sku)
        return None if stock is None else float(stock.get("qty") or 0)
    except CommerceError:
        return None


def search_catalogue(svc: Services, store: Store, query: str, page: int = 1,
                     per_page: int = PER_PAGE) -> CataloguePage:
    """One page of Commerce products whose SKU or name contains ``query`` (all products
    when it is empty), by SKU."""
    query = " ".join((query or "").split())[:MAX_QUERY]
    page = max(1, int(page))
    criteria = SearchCriteria()
    if query:
        criteria = criteria.where_any(Filter("sku", _like(query), "like"),
                                      Filter("name", _like(query), "like"))
    criteria = criteria.order_by("sku").page(per_page, page)
    commerce = svc.commerce_for(store, for_page=True)
    try:
        answer = commerce.products_page(criteria)
        total = answer["total_count"]
        if (page - 1) * per_page >= total:  # Magento answers past the end with the last page
            return CataloguePage(query, [], total, page, per_page)
        stock_id = _stock_id(commerce, store)
        products = [CatalogueProduct(
            sku=str(item.get("sku")), name=str(item.get("name") or item.get("sku")),
            type_id=str(item.get("type_id") or "simple"),
            enabled=int(item.get("status") or PRODUCT_ENABLED) == PRODUCT_ENABLED,
            salable_qty=_salable(commerce, str(item.get("sku")), stock_id))
            for item in answer["items"] if item.get("sku")]
        return CataloguePage(query, products, total, page, per_page)
    except CommerceError as exc:
        return CataloguePage(query, page=page, per_page=per_page,
                             problem=f"Commerce could not be reached to search the catalogue "
                                     f"({exc}). Try again, or enter the SKU.")
    finally:
        commerce.close()
