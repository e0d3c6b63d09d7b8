"""Keeping the local copy of Amazon orders: upsert with "newer wins", notes, statuses.

The grid status is Amazon's status, except for the connector's own two: ``Error`` (the order
cannot be imported; the note says why) and ``Completed`` (the Commerce order is complete).
Notes are stamped ``at`` the lifecycle's clock, given by the caller.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from connector.amazon.sanitize import changes_note
from connector.domain import (
    Address,
    GridStatus,
    Order,
    OrderStatus,
    SellerCancelState,
    cancel_reason_label,
)
from connector.models import AmazonOrder, AmazonOrderItem, OrderNote, Store
from connector.orders.snapshot import dump_order

IMPORT_DISABLED_NOTE = ("Import was disabled when this order arrived: manage it in Seller "
                       "Central. It is imported into Commerce only if you ask for it.")


@dataclass(frozen=True)
class Recorded:
    row: AmazonOrder
    created: bool
    changed: bool


def add_note(session: Session, row: AmazonOrder, text: str, at: datetime) -> None:
    """Every note is kept; the grid shows the latest."""
    session.add(OrderNote(order=row, text=text, created_at=at))
    row.latest_note = text


def note_once(session: Session, row: AmazonOrder, text: str, at: datetime) -> None:
    """A note that repeats the latest one (a retry failing the same way) is not added again."""
    if row.latest_note != text:
        add_note(session, row, text, at)


def set_status(session: Session, row: AmazonOrder, status: str, note: str | None = None, *,
               at: datetime) -> None:
    if row.status != status:
        row.status = status
        add_note(session, row, note or f"Status updated to {status}.", at)
    elif note:
        add_note(session, row, note, at)


def _copy_fields(row: AmazonOrder, order: Order) -> None:
    if row.shipping_address_edited_at is not None and row.shipping_address is not None:
        # The merchant fixed the address so the order can be imported; a newer version of
        # the order from Amazon (a status change) must not undo that.
        order = dataclasses.replace(order, shipping_address=Address(**row.shipping_address))
    row.marketplace_id = order.marketplace_id
    row.amazon_status = order.status.value
    row.fulfilled_by = order.fulfilled_by.value
    row.purchase_date = order.purchase_date
    row.last_updated = order.last_updated
    row.buyer_name = order.buyer.name
    # Case folding can lengthen a name ("ß" -> "ss"); the key keeps the column's length.
    row.buyer_name_key = order.buyer.name.casefold()[:255] if order.buyer.name else None
    row.buyer_email = order.buyer.email
    data = dump_order(order)
    row.shipping_address = (None if data["shipping_address"] is None
                            else dict(data["shipping_address"]))
    row.currency = order.currency
    row.order_total = order.order_total.amount if order.order_total else None
    row.order_data = data
    by_id = {item.order_item_id: item for item in row.items}
    for item in order.items:
        target = by_id.get(item.order_item_id)
        if target is None:
            target = AmazonOrderItem(order_item_id=item.order_item_id)
            row.items.append(target)
        target.seller_sku = item.seller_sku
        target.asin = item.asin
        target.title = item.title
        target.quantity_ordered = item.quantity_ordered
        target.quantity_shipped = item.quantity_shipped
        target.unit_price = item.unit_price.amount if item.unit_price else None
        target.line_price = item.line_price.amount if item.line_price else None
        target.item_tax = item.item_tax.amount if item.item_tax else None
        target.shipping_price = item.shipping_price.amount if item.shipping_price else None
        target.promotion_discount = (item.promotion_discount.amount
                                     if item.promotion_discount else None)


def _grid_status(row: AmazonOrder, amazon_status: str) -> str:
    """Amazon's word wins, but a completed order stays Completed unless Amazon cancels it."""
    if row.status == GridStatus.COMPLETED and amazon_status != GridStatus.CANCELED:
        return GridStatus.COMPLETED
    return amazon_status


def known_rows(session: Session, store_id: int, order_ids) -> dict[str, AmazonOrder]:
    """The stored rows (items loaded) of these Amazon orders, read in one query, for
    ``record_order``: a sync page is then one read and one batched write, not a read and a
    flush per order."""
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        return {}
    rows = session.scalars(select(AmazonOrder).where(
        AmazonOrder.store_id == store_id, AmazonOrder.amazon_order_id.in_(ids))
        .options(selectinload(AmazonOrder.items)))
    return {row.amazon_order_id: row for row in rows}


def record_order(session: Session, store: Store, order: Order, *, at: datetime,
                 known: dict[str, AmazonOrder] | None = None) -> Recorded:
    """Insert or update one order. A change with an older or equal ``last_updated`` than the
    stored one changes nothing (Amazon pages overlap, and retries replay).

    ``known`` (from ``known_rows``) stands in for the lookup; rows created here join it."""
    if known is None:
        row = session.scalar(select(AmazonOrder).where(
            AmazonOrder.store_id == store.id, AmazonOrder.amazon_order_id == order.order_id))
    else:
        row = known.get(order.order_id)
    if row is None:
        row = AmazonOrder(store_id=store.id, amazon_order_id=order.order_id,
                          status=order.status.value,
                          importable=order.purchase_date >= store.integration_time)
        _copy_fields(row, order)
        session.add(row)
        if known is not None:
            known[order.order_id] = row
        add_note(session, row, f"Order received from Amazon with status {order.status.value}.",
                 at)
        if not row.importable:
            add_note(session, row, "Placed before the store was connected: listed only, never "
                                   "imported.", at)
        elif store.settings is not None and not store.settings.import_enabled:
            row.arrived_import_disabled = True
            add_note(session, row, IMPORT_DISABLED_NOTE, at)
        _note_text_changes(session, row, order, at)
        _note_cancellations(session, row, order, at)
        return Recorded(row, created=True, changed=True)
    if order.last_updated <= row.last_updated:
        return Recorded(row, created=False, changed=False)
    previous = row.amazon_status
    _copy_fields(row, order)
    if previous != row.amazon_status:
        set_status(session, row, _grid_status(row, row.amazon_status), at=at)
    _note_text_changes(session, row, order, at)
    _note_cancellations(session, row, order, at)
    return Recorded(row, created=False, changed=True)


def _note_text_changes(session: Session, row: AmazonOrder, order: Order, at: datetime) -> None:
    """Say once what parsing changed in Amazon's text (cut, control characters removed)."""
    if order.text_changes:
        text = changes_note(order.text_changes)
        if all(note.text != text for note in row.notes):
            add_note(session, row, text, at)


def buyer_reason_text(reason: str | None) -> str:
    """``: <reason>`` (without the buyer's own closing full stop), or that none was given."""
    reason = (reason or "").strip().rstrip(".").strip()
    return f": {reason}" if reason else " (no reason given)"


#: The merchant's cancellation is waiting for Amazon in these states.
AWAITING_AMAZON = (SellerCancelState.REQUESTED, SellerCancelState.SENT)


def _note_cancellations(session: Session, row: AmazonOrder, order: Order, at: datetime) -> None:
    """What Amazon says of cancellations, kept on the row: a buyer's request (noted once, and
    cleared when Amazon no longer reports it on an order still open), and the merchant's own
    cancellation, confirmed once Amazon shows the order Canceled."""
    canceled = order.status == OrderStatus.CANCELED
    if order.buyer_asked_to_cancel:
        if row.buyer_cancel_requested_at is None:
            row.buyer_cancel_requested_at = at
            add_note(session, row, "Buyer asked to cancel on Amazon"
                                   f"{buyer_reason_text(order.buyer_cancel_reason)}.", at)
        row.buyer_cancel_reason = order.buyer_cancel_reason
    elif row.buyer_cancel_requested_at is not None and not canceled:
        row.buyer_cancel_requested_at = row.buyer_cancel_reason = None
        row.buyer_cancel_told_at = None
        add_note(session, row, "The buyer's cancellation request is no longer on the order.",
                 at)
    if canceled and row.seller_cancel_state in AWAITING_AMAZON:
        row.seller_cancel_state = SellerCancelState.CONFIRMED
        add_note(session, row, "Amazon confirmed the cancellation "
                               f"({cancel_reason_label(row.seller_cancel_reason)}).", at)
