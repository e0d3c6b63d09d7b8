"""Import: an importable Amazon order becomes exactly one Commerce order.

Steps, each named: skip if imported -> claim -> find in Commerce -> check blockers -> customer ->
map -> create -> bind. The claim (``coordination.IMPORT_CLAIM`` on the order row) keeps two
processes from creating at once; searching Commerce by ``ext_order_id`` before creating, and
again after any answer we did not get, makes a timeout after Commerce saved the order harmless.
A create is never retried blindly. What a failure means for the order (blocked, retry later)
is the outcome policy's to say (``outcomes.order_failure``).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import DBAPIError

from connector.commerce import (
    CommerceClient,
    CommerceConflict,
    CommerceNetworkError,
)
from connector.domain import CommerceState, GridStatus, Order, SellerCancelState, StoreStatus
from connector.logs import log_context
from connector.models import AmazonOrder, OrderSettings, Store
from connector.orders.blockers import (
    Catalog,
    StoreView,
    check_blockers,
    resolve_store_view,
    sku_matches,
)
from connector.orders.coordination import IMPORT_CLAIM, Claims
from connector.orders.outcomes import ImportOutcome, Kind, OrderBlocked, order_failure
from connector.orders.records import add_note, note_once, set_status
from connector.orders.regions import normalised_order, regions_from
from connector.orders.services import Services
from connector.orders.snapshot import load_order
from mappings import MappingSettings, is_importable, order_body, order_is_importable
from mappings.regions import RegionList, iso_regions
from mappings.status import grid_status

log = logging.getLogger("connector.orders.import")

#: How long an import may hold its order (a create can hang on a slow Commerce for minutes).
CLAIM_TTL = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=1)

CREATED, ALREADY, BLOCKED, FAILED, SKIPPED = "created", "already_imported", "blocked", \
    "failed", "skipped"
STOPPED = "stopped"  # not started: the process was shutting down


def left_to_seller_central(row: AmazonOrder) -> bool:
    """First seen while import was disabled: the merchant was told to manage it in Seller
    Central, so it is imported only when they ask for it."""
    return bool(row.arrived_import_disabled) and row.import_requested_at is None
#: The merchant asked Amazon to cancel it: no Commerce order is created meanwhile.
CANCELING = (SellerCancelState.REQUESTED, SellerCancelState.SENT, SellerCancelState.CONFIRMED)


def importable_now(row: AmazonOrder, settings: OrderSettings, store: Store) -> bool:
    return (store.status == StoreStatus.ACTIVE and settings.import_enabled and row.importable
            and not left_to_seller_central(row)
            and row.commerce_order_id is None and row.status != GridStatus.CANCELED
            and row.seller_cancel_state not in CANCELING
            and order_is_importable(load_order(row.order_data)))


def pending_imports(session, store_id: int, now) -> list[int]:
    """Orders waiting for a Commerce order whose retry time has come, oldest first."""
    rows = session.execute(
        select(AmazonOrder.id, AmazonOrder.amazon_status, AmazonOrder.fulfilled_by)
        .where(AmazonOrder.store_id == store_id, AmazonOrder.importable.is_(True),
               AmazonOrder.commerce_order_id.is_(None),
               AmazonOrder.status != GridStatus.CANCELED,
               or_(AmazonOrder.arrived_import_disabled.is_(False),
                   AmazonOrder.import_requested_at.is_not(None)),
               or_(AmazonOrder.seller_cancel_state.is_(None),
                   AmazonOrder.seller_cancel_state.not_in(CANCELING)),
               or_(AmazonOrder.next_attempt_at.is_(None), AmazonOrder.next_attempt_at <= now))
        .order_by(AmazonOrder.purchase_date, AmazonOrder.id))
    return [r.id for r in rows if is_importable(r.amazon_status, r.fulfilled_by)]


# -- the claim and what ends it --------------------------------------------------------------

def _claims(svc: Services) -> Claims:
    return Claims(svc.db, IMPORT_CLAIM, svc.clock)


def _claim(svc: Services, row_id: int, holder: str) -> bool:
    return _claims(svc).acquire(row_id, holder, CLAIM_TTL,
                                where=[AmazonOrder.commerce_order_id.is_(None)])


def _release(svc: Services, row_id: int, holder: str) -> None:
    _claims(svc).release(row_id, holder)


def _unclaim(row: AmazonOrder) -> None:
    row.import_claimed_by = row.import_claim_expires_at = None


#: What binding an order row to its Commerce order keeps (see ``_bind``).
_BIND_FIELDS = ("entity_id", "increment_id", "state")


def _carries_binding(commerce_order: dict) -> bool:
    return all(commerce_order.get(name) not in (None, "") for name in _BIND_FIELDS)


def _bind(svc: Services, row_id: int, commerce_order: dict, how: str) -> None:
    increment = commerce_order.get("increment_id")
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.commerce_order_id = int(commerce_order["entity_id"])
        row.commerce_increment_id = increment
        row.commerce_state = commerce_order.get("state")
        row.attempts, row.next_attempt_at = 0, None
        _unclaim(row)
        row.blocked_reason = row.blocked_sku = None
        if row.status == GridStatus.ERROR:
            row.status = grid_status(row.amazon_status)
        add_note(session, row, f"Commerce order {increment} {how}.", svc.clock())


def block_order(svc: Services, row_id: int, blocked: OrderBlocked) -> None:
    """Blocked orders are retried on every sync, and at once when the merchant fixes them."""
    reason = str(blocked)
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        _unclaim(row)
        row.next_attempt_at = None
        row.blocked_reason, row.blocked_sku = blocked.reason, blocked.sku
        if row.status != GridStatus.ERROR or row.latest_note != reason:
            set_status(session, row, GridStatus.ERROR, reason, at=svc.clock())


def retry_delay(attempts: int) -> timedelta:
    """After the n-th passing failure in a row: 1, 2, 4 ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** min(attempts - 1, 10)), MAX_BACKOFF)


def _retry_later(svc: Services, row_id: int, reason: str) -> None:
    """A passing failure (Commerce down, timeout): back off, bounded, without blocking others."""
    now = svc.clock()
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        row.attempts += 1
        row.next_attempt_at = now + retry_delay(row.attempts)
        _unclaim(row)
        note_once(session, row, f"Commerce order not created yet: {reason} Will retry.", now)


# -- the steps -------------------------------------------------------------------------------

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
                           and settings.processing_status else CommerceState.PROCESSING),
        carrier_mapping=dict(settings.carrier_mapping or {}))


def import_order(svc: Services, row_id: int, commerce: CommerceClient, catalog: Catalog,
                 view: StoreView, holder: str, regions: RegionList | None = None) -> str:
    """Import one order; returns what happened (``created``, ``already_imported``,
    ``blocked``, ``failed`` or ``skipped``). A failure that is not the order's own (Commerce
    refusing the credentials, the database gone) is raised, with the claim freed."""
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        store = session.get(Store, row.store_id)
        settings = store.settings
        if not importable_now(row, settings, store):
            return SKIPPED
        order = load_order(row.order_data)
        amazon_order_id = row.amazon_order_id
        matches = sku_matches(session, row.store_id)
        held = dict(row.stock_hold or {})
    if not _claim(svc, row_id, holder):
        return SKIPPED  # another process is importing it right now
    with log_context(amazon_order_id=amazon_order_id):
        return _import_claimed(svc, row_id, commerce, catalog, view, holder, regions, order,
                               matches, held, settings)


def _import_claimed(svc, row_id, commerce, catalog, view, holder, regions, order, matches,
                    held, settings) -> str:
    """The import of an order this holder has claimed (its log lines name the order)."""
    try:
        existing = _find_existing(commerce, order, mapping_settings(settings, view, None))
        if existing is not None:
            _bind(svc, row_id, existing, "was already in Commerce; linked")
            return ALREADY
        order = normalised_order(svc, row_id, order, regions or iso_regions())
        products = check_blockers(order, matches, catalog, view, held)
        customer_id = _customer_id(commerce, order, settings, view)
        mapping = mapping_settings(settings, view, customer_id)
        mapped = order_body(order, mapping, products, regions=regions)
        if svc.read_only:
            svc.withhold("create_order", amazon_order_id=order.order_id)
            _release(svc, row_id, holder)
            return SKIPPED
        return _create(svc, row_id, commerce, order, mapping, mapped)
    except Exception as failed:
        failure = order_failure(failed)
        if failure is not None and failure.kind == Kind.BLOCKED:
            block_order(svc, row_id, OrderBlocked(failure.message, failure.reason,
                                                  failure.sku))
            return BLOCKED
        if failure is not None:
            _retry_later(svc, row_id, failure.message)
            return FAILED
        # Not this order's problem (maybe after Commerce saved it): free the claim if the
        # database allows, so the next run looks the order up instead of waiting for the
        # claim to expire.
        try:
            _release(svc, row_id, holder)
        except DBAPIError:
            log.warning("order row %s: claim left until it expires (database away)", row_id)
        raise


def _create(svc: Services, row_id: int, commerce: CommerceClient, order: Order,
            mapping: MappingSettings, mapped) -> str:
    try:
        created = commerce.create_order_returning(mapped.body)
    except CommerceConflict:
        existing = _find_existing(commerce, order, mapping)
        if existing is None:
            raise
        _bind(svc, row_id, existing, "was already in Commerce; linked")
        return ALREADY
    except CommerceNetworkError as unknown:
        # No answer: Commerce may have saved it. Look before deciding anything.
        existing = _find_existing(commerce, order, mapping)
        if existing is None:
            raise
        log.info("order %s: saved by Commerce although the answer was lost (%s)",
                 order.order_id, unknown)
        _bind(svc, row_id, existing, "created")
        return CREATED
    if not _carries_binding(created):
        # Magento answers with the saved order; an answer without what the row keeps (a proxy,
        # an older Commerce) is completed by reading the order back.
        created = commerce.get_order(created["entity_id"])
    _bind(svc, row_id, created, "created")
    log.info("order %s: created in Commerce as %s", order.order_id,
             created.get("increment_id") or created.get("entity_id"))
    if mapped.findings:
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            for finding in mapped.findings:
                add_note(session, row, f"Check this order: {finding.message}", svc.clock())
    return CREATED


# -- many orders -----------------------------------------------------------------------------

def import_orders(svc: Services, store_id: int, commerce: CommerceClient, holder: str,
                  row_ids: list[int] | None = None) -> ImportOutcome:
    """Import every order waiting for a Commerce order (or just ``row_ids``), under the store's
    lease held by ``holder``. Store-level trouble propagates to the caller's outcome policy."""
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        view_code = store.settings.store_view_code or store.commerce_store_code
        ids = row_ids if row_ids is not None else pending_imports(session, store_id,
                                                                  svc.clock())
    outcome = ImportOutcome()
    if not ids:
        return outcome
    try:
        view = resolve_store_view(commerce, view_code)
    except OrderBlocked as blocked:
        for row_id in ids:
            block_order(svc, row_id, blocked)
        outcome.add(BLOCKED, len(ids))
        return outcome
    catalog = Catalog(commerce)
    regions = regions_from(svc, store_id, commerce)

    def one(row_id: int) -> str:
        if svc.stopping.is_set():  # shutting down: orders not started wait for the next run
            return STOPPED
        with log_context(store_id=store_id, run_id=holder):  # a thread of its own
            return import_order(svc, row_id, commerce, catalog, view, holder, regions)

    # Each import claims its own order, so orders run side by side safely; a bounded pool
    # keeps Commerce's load predictable.
    with ThreadPoolExecutor(max_workers=max(1, svc.import_concurrency),
                            thread_name_prefix=f"import-{store_id}") as pool:
        for result in pool.map(one, ids):
            outcome.add(result)
    return outcome

