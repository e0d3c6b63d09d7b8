"""The merchant cancels an Unshipped order, with one of Amazon's reasons (the order details
page's **Cancel Order**, and the integrator API).

A cancellation is recorded here and goes to Amazon with the store's next run, in one feed with
the store's other cancellations (``cancel_feed``). Its states (``SellerCancelState``):
requested -> sent (in a feed Amazon took) -> confirmed (a later sync shows the order
Canceled; the Commerce order is then canceled as for any order Amazon cancels), or refused
(Amazon's words say why, e.g. the order shipped meanwhile; the merchant may act again).

Asking again while one is under way is refused (``CancellationRefused``), so repeating a
request never sends a second cancellation. The record is one conditional UPDATE: of two
requests at once, one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from connector.domain import (
    CancelReason,
    FulfilledBy,
    OrderStatus,
    SellerCancelState,
    StoreStatus,
    cancel_reason_label,
)
from connector.models import AmazonOrder, CancellationFeed, Store
from connector.orders.records import add_note
from connector.orders.services import Services
from mappings.status import GRID_LABELS, grid_status

#: A new cancellation may be asked for in these states (none yet, or Amazon refused one).
OPEN_TO_REQUEST = (None, SellerCancelState.REFUSED)
REASON_CHOICES = [reason.value for reason in CancelReason]


class CancellationRefused(Exception):
    """The order cannot be canceled from here now; the message says why, in the merchant's
    words (the API answers 409 with it)."""


class CancellationBodySchema(Schema):
    """``{"reason": <one of Amazon's CancelReason values>}``."""

    class Meta:
        unknown = RAISE

    reason = fields.String(
        required=True, validate=validate.OneOf(
            REASON_CHOICES, error="Choose one of Amazon's reasons: " + ", ".join(REASON_CHOICES)
            + "."),
        error_messages={"required": "Choose a reason for cancellation."},
        metadata={"enum": REASON_CHOICES, "example": CancelReason.NO_INVENTORY.value,
                  "description": "Amazon's reason (the order acknowledgement's CancelReason)."})


@dataclass(frozen=True)
class Cancellation:
    """The merchant's cancellation of one order, as the pages and the API show it."""

    state: str | None
    reason: str | None = None
    requested_at: datetime | None = None
    requested_by: str | None = None
    feed_id: str | None = None  # Amazon's id of the feed that carried it
    message: str | None = None  # Amazon's words when it refused

    @property
    def reason_label(self) -> str | None:
        return cancel_reason_label(self.reason)


def cancellation_of(session: Session, row: AmazonOrder) -> Cancellation:
    """The order's cancellation (``state`` None: the merchant never asked for one)."""
    feed_id = None
    if row.seller_cancel_feed_id is not None:
        feed_id = session.scalar(select(CancellationFeed.feed_id)
                                 .where(CancellationFeed.id == row.seller_cancel_feed_id))
    return Cancellation(state=row.seller_cancel_state, reason=row.seller_cancel_reason,
                        requested_at=row.seller_cancel_requested_at,
                        requested_by=row.seller_cancel_requested_by, feed_id=feed_id,
                        message=row.seller_cancel_message)


def why_not_cancelable(row: AmazonOrder, store: Store) -> str | None:
    """Why the merchant cannot cancel this order from here now, or ``None`` when they can."""
    state = row.seller_cancel_state
    if state == SellerCancelState.REQUESTED:
        return ("A cancellation of this order is already requested: it goes to Amazon with "
                "the store's next sync.")
    if state == SellerCancelState.SENT:
        return "Amazon is processing the cancellation of this order."
    if state == SellerCancelState.CONFIRMED or row.amazon_status == OrderStatus.CANCELED:
        return "This order is canceled already."
    if row.fulfilled_by == FulfilledBy.AMAZON:
        return "Amazon fulfils this order: cancel it in Seller Central."
    if row.amazon_status != OrderStatus.UNSHIPPED:
        label = GRID_LABELS.get(grid_status(row.amazon_status), row.amazon_status)
        return (f"Only an Unshipped order can be canceled from here; this one is {label}. "
                "Cancel it in Seller Central if Amazon allows it.")
    if store.status != StoreStatus.ACTIVE:
        return "The store is Inactive: activate it to send cancellations to Amazon."
    return None


def request_cancellation(svc: Services, store_id: int, amazon_order_id: str, reason: str, *,
                         by: str) -> Cancellation:
    """Record the merchant's cancellation; it goes to Amazon with the store's next run.

    ``reason`` is one of ``CancelReason`` (checked by ``CancellationBodySchema``; a
    ``ValueError`` here otherwise). Raises ``LookupError`` (no such store or order) or
    ``CancellationRefused`` (not Unshipped, already under way, ...)."""
    reason = CancelReason(reason).value
    now = svc.clock()
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        row = None if store is None else session.scalar(select(AmazonOrder).where(
            AmazonOrder.store_id == store_id, AmazonOrder.amazon_order_id == amazon_order_id))
        if row is None:
            raise LookupError(f"Store {store_id} has no Amazon order {amazon_order_id}.")
        refused = why_not_cancelable(row, store)
        if refused:
            raise CancellationRefused(refused)
        won = session.execute(
            update(AmazonOrder)
            .where(AmazonOrder.id == row.id, AmazonOrder.amazon_status == OrderStatus.UNSHIPPED,
                   or_(AmazonOrder.seller_cancel_state.is_(None),
                       AmazonOrder.seller_cancel_state == SellerCancelState.REFUSED))
            .values(seller_cancel_state=SellerCancelState.REQUESTED,
                    seller_cancel_reason=reason, seller_cancel_requested_at=now,
                    seller_cancel_requested_by=by[:255], seller_cancel_feed_id=None,
                    seller_cancel_message_id=None, seller_cancel_message=None)
            .execution_options(synchronize_session=False)).rowcount == 1
        if not won:
            raise CancellationRefused("A cancellation of this order is already requested.")
        session.refresh(row)
        add_note(session, row, f"Cancellation requested by {by[:255]} "
                               f"({cancel_reason_label(reason)}): it goes to Amazon with the "
                               "next sync.", now)
        return cancellation_of(session, row)
