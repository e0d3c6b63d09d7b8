"""Import: an importable Amazon order becomes exactly one Commerce order.

Steps, each named: skip if imported -> claim -> find in Commerce -> check blockers -> customer ->
map -> create -> bind. The claim (a timestamp on the order row, taken by one conditional UPDATE)
keeps two processes from creating at once; searching Commerce by ``ext_order_id`` before
creating, and again after any answer we did not get, makes a timeout after Commerce saved the
order harmless. A create is never retried blindly.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError

from connector.amazon.model import Order
from connector.commerce import (
    CommerceClient,
    CommerceConflict,
    CommerceError,
    CommerceNetworkError,
    CommerceNotFound,
    CommerceServerError,
    CommerceValidationError,
)
from connector.models import AmazonOrder, OrderSettings, SkuMatch, Store
from connector.orders.context import Lifecycle
from connector.orders.records import ERROR, add_note, set_status
from connector.orders.snapshot import load_order
from mappings import (
    CatalogProduct,
    MappingSettings,
    is_importable,
    order_body,
    order_is_importable,
)
from mappings.status import grid_status

log = logging.getLogger("connector.orders.import")

CLAIM_TTL = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=1)
PRODUCT_ENABLED = 1

CREATED, ALREADY, BLOCKED, FAILED, SKIPPED = "created", "already_imported", "blocked", \
    "failed", "skipped"


class OrderBlocked(Exception):
    """The order cannot be imported until the merchant fixes something; the message is the
    note the merchant reads, ``reason`` and ``sku`` let the pages offer the fix."""

    def __init__(self, message: str, reason: str = "refused", sku: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.sku = sku


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


def importable_now(row: AmazonOrder, settings: OrderSettings, store: Store) -> bool:
    return (store.status == "Active" and settings.import_enabled and row.importable
            and row.commerce_order_id is None and row.status != "Canceled"
            and order_is_importable(load_order(row.order_data)))


def pending_imports(session, store_id: int, now) -> list[int]:
    """Orders waiting for a Commerce order whose retry time has come, oldest first."""
    rows = session.execute(
        select(AmazonOrder.id, AmazonOrder.amazon_status, AmazonOrder.fulfilled_by)
        .where(AmazonOrder.store_id == store_id, AmazonOrder.importable.is_(True),
               AmazonOrder.commerce_order_id.is_(None), AmazonOrder.status != "Canceled",
               or_(AmazonOrder.next_attempt_at.is_(None), AmazonOrder.next_attempt_at <= now))
        .order_by(AmazonOrder.purchase_date, AmazonOrder.id))
    return [r.id for r in rows if is_importable(r.amazon_status, r.fulfilled_by)]



# -- blockers --------------------------------------------------------------------------------

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
                               "not_in_catalog", amazon_sku)
        if int(product.get("status", PRODUCT_ENABLED)) != PRODUCT_ENABLED:
            raise OrderBlocked(f'Cannot create sales order: Product "{sku}" in order is '
                               "disabled", "disabled", amazon_sku)
        from_hold = min(qty, held_left.get(sku, 0))
        held_left[sku] = held_left.get(sku, 0) - from_hold
        needed = qty - from_hold
        if (order.fulfilled_by == "MERCHANT" and needed > 0
                and not catalog.salable(sku, needed, view.stock_id)):
            raise OrderBlocked(f'Cannot create sales order: Product "{sku}" in order is not '
                               "salable", "not_salable", amazon_sku)
        found[amazon_sku] = CatalogProduct.from_commerce(product)
    return found


# -- the import ------------------------------------------------------------------------------

def _claim(lc: Lifecycle, row_id: int) -> bool:
    now = lc.clock()
    with lc.db.session() as session:
        result = session.execute(
            update(AmazonOrder)
            .where(AmazonOrder.id == row_id, AmazonOrder.commerce_order_id.is_(None),
                   or_(AmazonOrder.import_claimed_at.is_(None),
                       AmazonOrder.import_claimed_at < now - CLAIM_TTL))
            .values(import_claimed_at=now)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def _release(lc: Lifecycle, row_id: int) -> None:
    with lc.db.session() as session:
        session.execute(update(AmazonOrder).where(AmazonOrder.id == row_id)
                        .values(import_claimed_at=None)
                        .execution_options(synchronize_session=False))


#: What binding an order row to its Commerce order keeps (see ``_bind``).
_BIND_FIELDS = ("entity_id", "increment_id", "state")


def _carries_binding(commerce_order: dict) -> bool:
    return all(commerce_order.get(name) not in (None, "") for name in _BIND_FIELDS)


def _bind(lc: Lifecycle, row_id: int, commerce_order: dict, how: str) -> None:
    increment = commerce_order.get("increment_id")
    with lc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.commerce_order_id = int(commerce_order["entity_id"])
        row.commerce_increment_id = increment
        row.commerce_state = commerce_order.get("state")
        row.attempts, row.next_attempt_at, row.import_claimed_at = 0, None, None
        row.blocked_reason = row.blocked_sku = None
        if row.status == ERROR:
            row.status = grid_status(row.amazon_status)
        add_note(session, row, f"Commerce order {increment} {how}.")


def block_order(lc: Lifecycle, row_id: int, blocked: OrderBlocked) -> None:
    """Blocked orders are retried on every sync, and at once when the merchant fixes them."""
    reason = str(blocked)
    with lc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.import_claimed_at, row.next_attempt_at = None, None
        row.blocked_reason, row.blocked_sku = blocked.reason, blocked.sku
        if row.status != ERROR or row.latest_note != reason:
            set_status(session, row, ERROR, reason)


def _retry_later(lc: Lifecycle, row_id: int, reason: str) -> None:
    """A passing failure (Commerce down, timeout): back off, bounded, without blocking others."""
    with lc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.attempts += 1
        delay = min(timedelta(minutes=2 ** min(row.attempts - 1, 10)), MAX_BACKOFF)
        row.next_attempt_at = lc.clock() + delay
        row.import_claimed_at = None
        note = f"Commerce order not created yet: {reason} Will retry."
        if row.latest_note != note:
            add_note(session, row, note)


def _find_existing(commerce: CommerceClient, order: Order, settings: MappingSettings,
                   ) -> dict | None:
    found = commerce.find_order_by_ext_id(order.order_id)
    if found is None and settings.uses_amazon_order_number:
        found = commerce.find_order_by_increment_id(order.order_id, settings.store_id)
    return found


def _customer_id(commerce: CommerceClient, order: Order, settings: OrderSettings,
                 view: StoreView) -> int | None:
    """"Build New Customer Account": find the buyer by email or create them; without an email
    (Amazon withheld it) the order is a guest order."""
    if settings.customer_creation != "create" or not order.buyer.email:
        return None
    found = commerce.find_customer_by_email(order.buyer.email, view.website_id)
    if found is not None:
        return int(found["id"])
    name = (order.buyer.name or "Amazon Buyer").split()
    customer = {"email": order.buyer.email, "firstname": name[0],
                "lastname": " ".join(name[1:]) or "-", "website_id": view.website_id,
                "store_id": view.store_id}
    try:
        return int(commerce.create_customer(customer)["id"])
    except CommerceConflict:
        found = commerce.find_customer_by_email(order.buyer.email, view.website_id)
        return int(found["id"]) if found else None


def mapping_settings(settings: OrderSettings, view: StoreView,
                     customer_id: int | None) -> MappingSettings:
    return MappingSettings(
        store_id=view.store_id, website_id=view.website_id,
        order_number_source=settings.order_number_source, customer_id=customer_id,
        customer_group_id=1 if customer_id else 0,
        payment_method_code=settings.payment_method_code,
        shipping_method_code=settings.shipping_method_code,
        processing_status=(settings.processing_status if settings.order_status == "custom"
                           and settings.processing_status else "processing"),
        carrier_mapping=dict(settings.carrier_mapping or {}))


def import_order(lc: Lifecycle, row_id: int, commerce: CommerceClient, catalog: Catalog,
                 view: StoreView) -> str:
    """Import one order; returns what happened (``created``, ``already_imported``,
    ``blocked``, ``failed`` or ``skipped``)."""
    with lc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        store = session.get(Store, row.store_id)
        settings = store.settings
        if not importable_now(row, settings, store):
            return SKIPPED
        order = load_order(row.order_data)
        matches = sku_matches(session, row.store_id)
        held = dict(row.stock_hold or {})
    if not _claim(lc, row_id):
        return SKIPPED  # another process is importing it right now
    try:
        existing = _find_existing(commerce, order, mapping_settings(settings, view, None))
        if existing is not None:
            _bind(lc, row_id, existing, "was already in Commerce; linked")
            return ALREADY
        products = check_blockers(order, matches, catalog, view, held)
        customer_id = _customer_id(commerce, order, settings, view)
        mapping = mapping_settings(settings, view, customer_id)
        mapped = order_body(order, mapping, products)
        if lc.read_only:
            lc.withhold("create_order", amazon_order_id=order.order_id)
            _release(lc, row_id)
            return SKIPPED
        return _create(lc, row_id, commerce, order, mapping, mapped)
    except OrderBlocked as blocked:
        block_order(lc, row_id, blocked)
        return BLOCKED
    except CommerceValidationError as refused:
        block_order(lc, row_id, OrderBlocked(f"Cannot create sales order: {refused.message}"))
        return BLOCKED
    except (CommerceNetworkError, CommerceServerError) as passing:
        _retry_later(lc, row_id, f"{passing}.")
        return FAILED
    except CommerceError:
        _release(lc, row_id)
        raise
    except DBAPIError:
        # The database went away mid-import (maybe after Commerce saved the order): free the
        # claim if it is back, so the next run looks the order up instead of waiting for the
        # claim to expire.
        try:
            _release(lc, row_id)
        except DBAPIError:
            log.warning("order row %s: claim left until it expires (database away)", row_id)
        raise


def _create(lc: Lifecycle, row_id: int, commerce: CommerceClient, order: Order,
            mapping: MappingSettings, mapped) -> str:
    try:
        created = commerce.create_order_returning(mapped.body)
    except CommerceConflict:
        existing = _find_existing(commerce, order, mapping)
        if existing is None:
            raise
        _bind(lc, row_id, existing, "was already in Commerce; linked")
        return ALREADY
    except CommerceNetworkError as unknown:
        # No answer: Commerce may have saved it. Look before deciding anything.
        existing = _find_existing(commerce, order, mapping)
        if existing is None:
            raise
        log.info("order %s: saved by Commerce although the answer was lost (%s)",
                 order.order_id, unknown)
        _bind(lc, row_id, existing, "created")
        return CREATED
    if not _carries_binding(created):
        # Magento answers with the saved order; an answer without what the row keeps (a proxy,
        # an older Commerce) is completed by reading the order back.
        created = commerce.get_order(created["entity_id"])
    _bind(lc, row_id, created, "created")
    if mapped.findings:
        with lc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            for finding in mapped.findings:
                add_note(session, row, f"Check this order: {finding.message}")
    return CREATED
