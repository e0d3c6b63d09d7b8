"""A buyer's cancellation request: who should hear of it, and how.

Amazon reports the request on the order's items; a sync keeps it on the order (``records``).
A request is *open* while the order can still be canceled before it ships (Pending to
PartiallyShipped): the grids' badge and filter, ``/health/ready``, the system message and the
metrics count open requests.

The warehouse hears of it in Commerce (``tell_warehouse``, each run): a comment on the order,
once ("Buyer asked to cancel on Amazon: <reason>. Do not ship."), and, with the order setting
**Hold orders the buyer asked to cancel** (on by default), a hold. The connector releases only
holds it placed: when the request goes away, when the setting is turned off, when Amazon no
longer has the order open, and before it cancels the order (a held order can be neither
shipped, invoiced nor canceled). Magento holds only new and processing orders; an order that
cannot be held is left as it is. A shipment made anyway is confirmed to Amazon like any other:
Amazon decides. In read-only mode the calls are withheld.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from connector.commerce import (
    CommerceAuthError,
    CommerceClient,
    CommerceError,
    CommerceValidationError,
)
from connector.domain import CommerceState, GridStatus, OrderStatus
from connector.models import AmazonOrder, Store, SyncState
from connector.orders.outcomes import classify, note_on_store
from connector.orders.records import add_note, buyer_reason_text, note_once
from connector.orders.services import Services

#: Amazon statuses in which a buyer's request can still be honoured before shipping.
OPEN_STATUSES = (OrderStatus.PENDING_AVAILABILITY, OrderStatus.PENDING, OrderStatus.UNSHIPPED,
                 OrderStatus.PARTIALLY_SHIPPED)
#: Amazon statuses in which the Commerce order may be on hold for a request.
HOLD_STATUSES = (OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED)
#: Magento's ``canHold``: only these states can be put on hold.
HOLDABLE = (CommerceState.NEW, CommerceState.PROCESSING)
DONE = (GridStatus.CANCELED, GridStatus.COMPLETED)


def open_request():
    """The SQL condition of an open buyer's request; the partial index
    ``ix_amazon_orders_store_buyer_cancel`` (orders with a request only) serves it."""
    return and_(AmazonOrder.buyer_cancel_requested_at.is_not(None),
                AmazonOrder.amazon_status.in_(OPEN_STATUSES))


def has_open_request(row: AmazonOrder) -> bool:
    """Whether the order shows "Buyer asked to cancel" (``open_request`` for one row)."""
    return row.buyer_cancel_requested_at is not None and row.amazon_status in OPEN_STATUSES


def buyer_cancellation_counts(session: Session) -> dict[int, int]:
    """Orders with an open buyer's cancellation request, per store (stores with none are
    left out)."""
    return dict(session.execute(select(AmazonOrder.store_id, func.count())
                                .where(open_request()).group_by(AmazonOrder.store_id)).all())


def warehouse_comment(reason: str | None) -> str:
    """The Commerce order's comment, which the warehouse reads where it picks orders."""
    return f"Buyer asked to cancel on Amazon{buyer_reason_text(reason)}. Do not ship."


def _work(svc: Services, store_id: int, hold_wanted: bool) -> list[int]:
    """Imported, still open orders whose Commerce order needs a comment, a hold or a
    release."""
    requested = and_(AmazonOrder.buyer_cancel_requested_at.is_not(None),
                     AmazonOrder.amazon_status.in_(HOLD_STATUSES))
    to_tell = and_(requested, AmazonOrder.buyer_cancel_told_at.is_(None))
    to_hold = and_(requested, AmazonOrder.commerce_held_at.is_(None),
                   or_(AmazonOrder.commerce_state.is_(None),
                       AmazonOrder.commerce_state.in_(HOLDABLE)))
    ours = AmazonOrder.commerce_held_at.is_not(None)
    if hold_wanted:  # release when the request is over; hold the others
        wanted = or_(to_tell, to_hold, and_(ours, or_(
            AmazonOrder.buyer_cancel_requested_at.is_(None),
            AmazonOrder.amazon_status.not_in(HOLD_STATUSES))))
    else:  # the setting is off: release every hold of ours
        wanted = or_(to_tell, ours)
    with svc.db.session() as session:
        return list(session.scalars(select(AmazonOrder.id).where(
            AmazonOrder.store_id == store_id, AmazonOrder.commerce_order_id.is_not(None),
            AmazonOrder.status.not_in(DONE), wanted).order_by(AmazonOrder.id)))


def tell_warehouse(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Comment on, hold and release the store's Commerce orders as their buyers' requests
    say; how many orders were put on hold."""
    with svc.db.session() as session:
        hold_wanted = bool(session.get(Store, store_id).settings.hold_buyer_cancellations)
    held = 0
    for row_id in _work(svc, store_id, hold_wanted):
        held += _one(svc, row_id, commerce, hold_wanted)
    return held


def _one(svc: Services, row_id: int, commerce: CommerceClient, hold_wanted: bool) -> int:
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        commerce_id, increment = row.commerce_order_id, row.commerce_increment_id
        open_now = (row.buyer_cancel_requested_at is not None
                    and row.amazon_status in HOLD_STATUSES)
        reason, told, ours = row.buyer_cancel_reason, row.buyer_cancel_told_at, \
            row.commerce_held_at is not None
    current = commerce.get_order(commerce_id)
    state, status = current.get("state"), current.get("status")
    if ours and not (open_now and hold_wanted):
        return _release(svc, row_id, commerce, commerce_id, increment, state, open_now)
    if not open_now:
        return 0
    if told is None:
        if svc.read_only:
            svc.withhold("comment", commerce_order_id=commerce_id)
        else:
            commerce.add_comment(commerce_id, warehouse_comment(reason), status)
            _update(svc, row_id, f"Commerce order {increment} noted: the buyer asked to cancel, "
                                 "do not ship.", buyer_cancel_told_at=svc.clock())
    if not hold_wanted or ours:
        _update(svc, row_id, None, commerce_state=state)
        return 0
    if state not in HOLDABLE:
        _update(svc, row_id, None, commerce_state=state)  # shipped in full, canceled, held
        return 0
    if svc.read_only:
        svc.withhold("hold", commerce_order_id=commerce_id)
        return 0
    try:
        commerce.hold(commerce_id)
    except (CommerceValidationError, CommerceAuthError) as refused:
        _refused(svc, row_id, refused, f"Commerce order {increment} could not be put on hold")
        _update(svc, row_id, None, commerce_state=commerce.get_order(commerce_id).get("state"))
        return 0
    _update(svc, row_id, f"Commerce order {increment} put on hold: the buyer asked to cancel.",
            commerce_held_at=svc.clock(), commerce_state=CommerceState.HOLDED)
    return 1


def _release(svc: Services, row_id: int, commerce: CommerceClient, commerce_id: int,
             increment: str | None, state: str | None, open_now: bool) -> int:
    """Release the connector's hold (the merchant may have released it already)."""
    why = ("Hold orders the buyer asked to cancel is off" if open_now
           else "the buyer's cancellation request is no longer open")
    if state == CommerceState.HOLDED:
        if svc.read_only:
            svc.withhold("unhold", commerce_order_id=commerce_id)
            return 0
        try:
            commerce.unhold(commerce_id)
        except (CommerceValidationError, CommerceAuthError) as refused:
            _refused(svc, row_id, refused, f"Commerce order {increment} could not be released "
                                           "from hold; will retry")
            return 0
        state = commerce.get_order(commerce_id).get("state")
        _update(svc, row_id, f"Commerce order {increment} released from hold: {why}.",
                commerce_held_at=None, commerce_state=state)
    else:
        _update(svc, row_id, None, commerce_held_at=None, commerce_state=state)
    return 0


def _update(svc: Services, row_id: int, note: str | None, **values) -> None:
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        if note:
            add_note(session, row, note, svc.clock())


def _refused(svc: Services, row_id: int, refused: CommerceError, what: str) -> None:
    """Commerce would not hold or release: say so once on the order, and on the store when it
    is the integration's rights (an ACL resource to grant), without stopping the run: the
    shipments and completions after it must not wait for a hold."""
    now = svc.clock()
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        note_once(session, row, f"{what}: {refused.message}", now)
        if isinstance(refused, CommerceAuthError):
            note_on_store(session.get(SyncState, row.store_id), classify(refused), now)


def release_for_cancel(svc: Services, row_id: int, commerce: CommerceClient,
                       commerce_order: dict) -> dict:
    """Before the connector cancels an order (Amazon canceled it): a held order cannot be
    canceled, so release it first; the order as Commerce then shows it."""
    if commerce_order.get("state") != CommerceState.HOLDED or svc.read_only:
        return commerce_order
    try:
        commerce.unhold(int(commerce_order["entity_id"]))
    except CommerceValidationError:
        return commerce_order  # released meanwhile, or Commerce will say why on cancel
    _update(svc, row_id, None, commerce_held_at=None)
    return commerce.get_order(int(commerce_order["entity_id"]))
