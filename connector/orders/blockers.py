"""What can keep an order out of Commerce, checked before it is created: the store view it
goes to, and each item's product (in the catalog or matched, enabled, salable in the ordered
quantity)."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from connector.commerce import CommerceClient, CommerceError, CommerceNotFound
from connector.domain import BlockReason, FulfilledBy, Order
from connector.models import SkuMatch, Store
from connector.orders.outcomes import OrderBlocked
from mappings import CatalogProduct

PRODUCT_ENABLED = 1


@dataclass(frozen=True)
class StoreView:
    """Where the store's orders go in Commerce, resolved once per run."""

    store_id: int
    website_id: int
    website_code: str
    stock_id: int | None


def resolve_store_view(commerce: CommerceClient, code: str) -> StoreView:
    views = {v["code"]: v for v in commerce.store_views()}
    if code not in views:
        raise OrderBlocked(f'Cannot create sales order: Commerce has no store view "{code}".')
    view = views[code]
    websites = {w["id"]: w["code"] for w in commerce.websites()}
    website_code = websites.get(view["website_id"], "base")
    try:
        stock_id = commerce.stock_id_for_website(website_code)
    except CommerceNotFound:  # no MSI: the legacy stock answers instead
        stock_id = None
    return StoreView(view["id"], view["website_id"], website_code, stock_id)


def record_commerce_website(svc, store_id: int, commerce: CommerceClient) -> str | None:
    """The code of the Commerce website the store's orders go to, kept on the store once read
    (the dashboard and the API show it); None while Commerce has no such store view or cannot
    say (it is asked again next run; the run's own work does not wait on it)."""
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        if store.commerce_website:
            return store.commerce_website
        code = (store.settings.store_view_code if store.settings else None) or \
            store.commerce_store_code
    try:
        website = resolve_store_view(commerce, code).website_code
    except (OrderBlocked, CommerceError):
        return None
    with svc.db.session() as session:
        session.get(Store, store_id).commerce_website = website
    return website


class Catalog:
    """Commerce products looked up once per run, by SKU."""

    def __init__(self, commerce: CommerceClient):
        self.commerce = commerce
        self._products: dict[str, dict | None] = {}
        # Import threads share the catalog: one lookup per SKU, not one per thread.
        self._lock = threading.Lock()

    def product(self, sku: str) -> dict | None:
        with self._lock:
            if sku not in self._products:
                self._products[sku] = self.commerce.get_product(sku)
            return self._products[sku]

    def salable(self, sku: str, qty: int, stock_id: int | None) -> bool:
        if stock_id is not None:
            try:
                return self.commerce.is_salable(sku, qty, stock_id)
            except CommerceNotFound:
                pass
        stock = self.commerce.stock_item(sku)
        if stock is None:
            return False
        return bool(stock.get("is_in_stock")) and (
            not stock.get("manage_stock", True) or float(stock.get("qty") or 0) >= qty)


def sku_matches(session, store_id: int) -> dict[str, str]:
    return dict(session.execute(select(SkuMatch.amazon_sku, SkuMatch.commerce_sku)
                                .where(SkuMatch.store_id == store_id)).all())


def check_blockers(order: Order, matches: dict[str, str], catalog: Catalog,
                   view: StoreView, held: dict[str, float] | None = None
                   ) -> dict[str, CatalogProduct]:
    """The Commerce product of each Amazon SKU, or ``OrderBlocked`` naming the first problem:
    not in the catalog (and not matched), disabled, or not salable in the ordered quantity.

    ``held``: quantities per Commerce SKU already held for this very order while it was
    Pending; they are out of the salable quantity already, so only the rest must be salable.
    """
    held_left = dict(held or {})
    wanted: dict[str, int] = defaultdict(int)
    for item in order.items:
        wanted[item.seller_sku or ""] += item.quantity_ordered
    found: dict[str, CatalogProduct] = {}
    for amazon_sku, qty in wanted.items():
        sku = matches.get(amazon_sku, amazon_sku)
        product = catalog.product(sku) if sku else None
        if product is None:
            raise OrderBlocked(f'Cannot create sales order: Product "{amazon_sku}" in order is '
                               "not in the Commerce catalog. Match the SKU or add the product.",
                               BlockReason.NOT_IN_CATALOG, amazon_sku)
        if int(product.get("status", PRODUCT_ENABLED)) != PRODUCT_ENABLED:
            raise OrderBlocked(f'Cannot create sales order: Product "{sku}" in order is '
                               "disabled", BlockReason.DISABLED, amazon_sku)
        from_hold = min(qty, held_left.get(sku, 0))
        held_left[sku] = held_left.get(sku, 0) - from_hold
        needed = qty - from_hold
        if (order.fulfilled_by == FulfilledBy.MERCHANT and needed > 0
                and not catalog.salable(sku, needed, view.stock_id)):
            raise OrderBlocked(f'Cannot create sales order: Product "{sku}" in order is not '
                               "salable", BlockReason.NOT_SALABLE, amazon_sku)
        found[amazon_sku] = CatalogProduct.from_commerce(product)
    return found
