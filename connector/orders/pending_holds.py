"""Holding stock for Amazon orders that are still Pending ("Pending Orders: Reserve Quantity").

Amazon keeps a new order Pending until the payment is verified, and the order is imported only
then. Meanwhile the storefront could sell the same units. With the setting on (and the store's
reservation strategy ``module``) the companion module holds the ordered quantities in MSI.

A hold lasts until the Commerce order holds its own reservations, so there is no moment where
neither holds the stock. It is released as soon as it is no longer wanted: the order is in
Commerce with its reservations, Amazon canceled it, or the merchant turned the setting, the
strategy or the import off. Both calls are idempotent in the module, so a lost answer or a
failure is simply tried again next run.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select

from connector.commerce import CommerceClient, CommerceError
from connector.domain import FulfilledBy, GridStatus, OrderStatus
from connector.models import AmazonOrder, OrderSettings, Store
from connector.orders.blockers import sku_matches
from connector.orders.importer import left_to_seller_central
from connector.orders.records import add_note, note_once
from connector.orders.reservations import MODULE
from connector.orders.services import Services
from connector.orders.snapshot import load_order

HELD_NOTE = "Quantity reserved in Commerce while the order is Pending."


def holds_wanted(settings: OrderSettings) -> bool:
    """Whether the store holds stock for Pending orders at all."""
    return (settings.import_enabled and settings.reserve_pending
            and settings.reservation_strategy == MODULE)


def hold_quantities(row: AmazonOrder, matches: dict[str, str]) -> dict[str, int]:
    """The quantity per Commerce SKU (after the merchant's SKU matches) the order asks for."""
    quantities: dict[str, int] = defaultdict(int)
    for item in load_order(row.order_data).items:
        if item.seller_sku and item.quantity_ordered > 0:
            quantities[matches.get(item.seller_sku, item.seller_sku)] += item.quantity_ordered
    return dict(quantities)


def _note_once(svc: Services, row_id: int, text: str) -> None:
    with svc.db.session() as session:
        note_once(session, session.get(AmazonOrder, row_id), text, svc.clock())


def hold_pending_stock(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Ask the module to hold stock for each merchant-fulfilled Pending order not held yet."""
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        if not holds_wanted(store.settings):
            return 0
        store_code = store.settings.store_view_code or store.commerce_store_code
        matches = sku_matches(session, store_id)
        rows = session.scalars(
            select(AmazonOrder)
            .where(AmazonOrder.store_id == store_id,
                   AmazonOrder.amazon_status == OrderStatus.PENDING.value,
                   AmazonOrder.fulfilled_by == FulfilledBy.MERCHANT.value,
                   AmazonOrder.importable.is_(True),  # never imported: nothing would release
                   or_(AmazonOrder.arrived_import_disabled.is_(False),  # Seller Central's
                       AmazonOrder.import_requested_at.is_not(None)),
                   AmazonOrder.commerce_order_id.is_(None),
                   AmazonOrder.stock_held_at.is_(None))
            .order_by(AmazonOrder.purchase_date, AmazonOrder.id)).all()
        wanted = [(r.id, r.amazon_order_id, hold_quantities(r, matches)) for r in rows]
    held = 0
    for row_id, amazon_order_id, quantities in wanted:
        if quantities and svc.read_only:
            svc.withhold("hold_pending_stock", amazon_order_id=amazon_order_id)
            continue
        try:
            answer = (commerce.hold_pending_stock(amazon_order_id, store_code, quantities)
                      if quantities else "skipped")
        except CommerceError as failed:
            _note_once(svc, row_id, f"Quantity not reserved yet for this Pending order: "
                                   f"{failed}. Will retry.")
            continue
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            # "skipped": nothing of it carries stock in Commerce. Recorded all the same, so
            # the order is not asked about every run; the release then finds nothing held.
            row.stock_held_at = svc.clock()
            row.stock_hold = quantities if answer != "skipped" else {}
            if answer != "skipped":
                add_note(session, row, HELD_NOTE, svc.clock())
                held += 1
    return held


def _release_reason(row: AmazonOrder, settings: OrderSettings) -> str | None:
    """Why a hold should go now (None: keep it). A note only where the merchant should know."""
    if row.status == GridStatus.CANCELED:
        return "Reserved quantity released: the order was canceled."
    if row.commerce_order_id is not None and (
            row.reservations_placed_at is not None or settings.reservation_strategy != MODULE):
        return ""  # the Commerce order took over: nothing to tell
    if not holds_wanted(settings):
        return "Reserved quantity released: Pending orders no longer reserve quantity."
    if left_to_seller_central(row):
        return "Reserved quantity released: the order is managed in Seller Central."
    return None


def release_pending_holds(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Release every hold that is no longer wanted (see the module docstring)."""
    with svc.db.session() as session:
        settings = session.get(Store, store_id).settings
        rows = session.scalars(
            select(AmazonOrder)
            .where(AmazonOrder.store_id == store_id, AmazonOrder.stock_held_at.is_not(None))
            .order_by(AmazonOrder.id)).all()
        due = [(r.id, r.amazon_order_id, reason, bool(r.stock_hold)) for r in rows
               if (reason := _release_reason(r, settings)) is not None]
    released = 0
    for row_id, amazon_order_id, reason, holds_some in due:
        if not holds_some:  # the module held nothing for it: nothing to ask
            with svc.db.session() as session:
                row = session.get(AmazonOrder, row_id)
                row.stock_held_at, row.stock_hold = None, None
            continue
        if svc.read_only:
            svc.withhold("release_pending_stock", amazon_order_id=amazon_order_id)
            continue
        try:
            answer = commerce.release_pending_stock(amazon_order_id)
        except CommerceError as failed:
            _note_once(svc, row_id, f"Reserved quantity not released yet: {failed}. "
                                   "Will retry.")
            continue
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            row.stock_held_at, row.stock_hold = None, None
            if reason and answer == "released":
                add_note(session, row, reason, svc.clock())
        released += answer == "released"
    return released
