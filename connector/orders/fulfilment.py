"""After import: shipments confirmed to Amazon, shipments made in Seller Central recorded in
Commerce, shipped orders completed, canceled orders canceled in Commerce.

A shipment is confirmed, then recorded; a crash between the two sends it again next run, which
Amazon takes as an edit of the same package (the package reference is the Commerce shipment
id), so Amazon never sees two packages for one shipment.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from connector.amazon import AmazonClient, InvalidInput, NotFound
from connector.commerce import CommerceClient, CommerceValidationError
from connector.domain import CommerceState, FulfilledBy, GridStatus, OrderStatus
from connector.models import AmazonOrder, ConfirmedShipment
from connector.orders.buyer_cancel import release_for_cancel
from connector.orders.records import add_note, note_once, set_status
from connector.orders.services import Services
from connector.orders.snapshot import load_order
from mappings import (
    ShipmentMappingError,
    made_on_amazon,
    shipment_confirmation,
    shipment_for_amazon_shipped,
)

log = logging.getLogger("connector.orders.fulfilment")

# Shipped too: a confirmation Amazon took just before a crash or a lost database connection
# is then sent again (an edit of the same package on Amazon's side) and recorded.
AWAITING_SHIPMENT = (OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED)
DONE = (GridStatus.COMPLETED, GridStatus.CANCELED)
#: Commerce states in which nothing more can be shipped.
FINAL_STATES = (CommerceState.COMPLETE, CommerceState.CLOSED, CommerceState.CANCELED)


def _ids(svc: Services, query) -> list[int]:
    with svc.db.session() as session:
        return list(session.scalars(query))


#: Orders whose Commerce shipments one search asks for (``order_id in (...)``): one call per
#: hundred orders awaiting shipment instead of one each, in a URL any web server takes.
SHIPMENT_SEARCH_BATCH = 100


def confirm_shipments(svc: Services, store_id: int, amazon: AmazonClient,
                      commerce: CommerceClient, carrier_mapping: dict) -> int:
    """Tell Amazon about each Commerce shipment of imported merchant-fulfilled orders."""
    query = select(AmazonOrder.commerce_order_id, AmazonOrder.id).where(
        AmazonOrder.store_id == store_id, AmazonOrder.fulfilled_by == FulfilledBy.MERCHANT,
        AmazonOrder.commerce_order_id.is_not(None),
        AmazonOrder.amazon_status.in_(AWAITING_SHIPMENT),
        AmazonOrder.status.not_in(DONE)).order_by(AmazonOrder.id)
    with svc.db.session() as session:
        awaiting = dict(session.execute(query).all())  # Commerce order id -> row id
    commerce_ids = list(awaiting)
    confirmed = 0
    for start in range(0, len(commerce_ids), SHIPMENT_SEARCH_BATCH):
        batch = commerce_ids[start:start + SHIPMENT_SEARCH_BATCH]
        shipments: dict[int, list[dict]] = {}
        for shipment in commerce.search_shipments(order_ids=batch):
            shipments.setdefault(int(shipment["order_id"]), []).append(shipment)
        for commerce_id in batch:
            if commerce_id in shipments:
                confirmed += _confirm_order_shipments(svc, awaiting[commerce_id], amazon,
                                                      commerce, carrier_mapping,
                                                      shipments[commerce_id])
    return confirmed


def _confirm_order_shipments(svc, row_id, amazon, commerce, carrier_mapping,
                             shipments: list[dict]) -> int:
    with svc.db.session() as session:
        row = session.get(AmazonOrder, row_id)
        commerce_id, order = row.commerce_order_id, load_order(row.order_data)
        done = set(session.scalars(select(ConfirmedShipment.commerce_shipment_id)
                                   .where(ConfirmedShipment.order_id == row_id)))
    # A shipment made in Seller Central and recorded in Commerce is Amazon's already.
    new = [s for s in shipments if int(s["entity_id"]) not in done and not made_on_amazon(s)]
    if not new:
        return 0
    commerce_items = commerce.get_order(commerce_id).get("items", [])
    sent = 0
    for shipment in new:
        shipment_id = int(shipment["entity_id"])
        try:
            body = shipment_confirmation(order, shipment, carrier_mapping,
                                         commerce_items=commerce_items)
        except ShipmentMappingError as problem:
            with svc.db.session() as session:
                note_once(session, session.get(AmazonOrder, row_id),
                          f"Shipment {shipment_id} not confirmed to Amazon yet: {problem}",
                          svc.clock())
            continue
        if svc.read_only:
            svc.withhold("confirm_shipment", amazon_order_id=order.order_id,
                        shipment=shipment_id)
            continue
        try:
            amazon.confirm_shipment(order.order_id, order.marketplace_id, body)
        except (InvalidInput, NotFound) as refused:
            with svc.db.session() as session:
                note_once(session, session.get(AmazonOrder, row_id),
                          f"Amazon refused the confirmation of shipment {shipment_id}: "
                          f"{refused}", svc.clock())
            continue
        package = body["packageDetail"]
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            session.add(ConfirmedShipment(order_id=row_id, commerce_shipment_id=shipment_id,
                                          carrier_code=package.get("carrierCode"),
                                          tracking_number=package.get("trackingNumber")))
            add_note(session, row, f"Shipment {shipment_id} confirmed to Amazon: "
                                   f"{package.get('carrierName') or package.get('carrierCode')} "
                                   f"{package.get('trackingNumber')}.", svc.clock())
        sent += 1
    return sent


def record_amazon_shipments(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Merchant-fulfilled orders Amazon reports Shipped although Commerce has not shipped
    everything (the merchant shipped from Seller Central): create the Commerce shipment for
    the rest, so the order can complete and its stock leaves Commerce."""
    recorded = 0
    for row_id in _ids(svc, select(AmazonOrder.id).where(
            AmazonOrder.store_id == store_id, AmazonOrder.fulfilled_by == FulfilledBy.MERCHANT,
            AmazonOrder.commerce_order_id.is_not(None),
            AmazonOrder.amazon_status == OrderStatus.SHIPPED, AmazonOrder.status.not_in(DONE))
            .order_by(AmazonOrder.id)):
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            commerce_id, order = row.commerce_order_id, load_order(row.order_data)
        current = commerce.get_order(commerce_id)
        if current.get("state") in FINAL_STATES:
            continue
        body = shipment_for_amazon_shipped(order, current.get("items", []))
        if body is None:
            continue
        if svc.read_only:
            svc.withhold("record_amazon_shipment", commerce_order_id=commerce_id)
            continue
        try:
            shipment_id = commerce.ship(commerce_id, body)
        except CommerceValidationError as refused:
            with svc.db.session() as session:
                note_once(session, session.get(AmazonOrder, row_id),
                          "Shipped from Seller Central, but Commerce refused the shipment "
                          f"that records it: {refused.message} Will retry.", svc.clock())
            continue
        with svc.db.session() as session:  # its comment keeps it from being confirmed
            add_note(session, session.get(AmazonOrder, row_id),
                     f"Shipped from Seller Central: Commerce shipment {shipment_id} records it.",
                     svc.clock())
        recorded += 1
    return recorded


def _every_item(commerce_order: dict, done: str) -> bool:
    """Whether every ordered quantity is ``done`` (``qty_shipped``, ``qty_invoiced``);
    parent items are skipped, their children carry the quantities."""
    items = [i for i in commerce_order.get("items", []) if not i.get("parent_item_id")]
    return bool(items) and all(
        float(i.get(done) or 0) >= float(i.get("qty_ordered") or 0) for i in items)


def complete_shipped_orders(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Orders Amazon reports Shipped whose Commerce order is fully shipped: invoice what
    Amazon was paid (offline capture), re-read, and mark Completed once Commerce says
    ``complete``."""
    completed = 0
    for row_id in _ids(svc, select(AmazonOrder.id).where(
            AmazonOrder.store_id == store_id, AmazonOrder.commerce_order_id.is_not(None),
            AmazonOrder.amazon_status == OrderStatus.SHIPPED, AmazonOrder.status.not_in(DONE))
            .order_by(AmazonOrder.id)):
        with svc.db.session() as session:
            commerce_id = session.get(AmazonOrder, row_id).commerce_order_id
        current = commerce.get_order(commerce_id)
        if current.get("state") != CommerceState.COMPLETE:
            if not _every_item(current, "qty_shipped"):
                continue  # the merchant has not shipped everything in Commerce yet
            if not _every_item(current, "qty_invoiced"):
                if svc.read_only:
                    svc.withhold("invoice", commerce_order_id=commerce_id)
                    continue
                commerce.invoice(commerce_id, {"capture": True, "notify": False})
            current = commerce.get_order(commerce_id)
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            row.commerce_state = current.get("state")
            if current.get("state") == CommerceState.COMPLETE:
                set_status(session, row, GridStatus.COMPLETED, at=svc.clock())
                completed += 1
            else:
                note_once(session, row, f"Commerce order {row.commerce_increment_id} is "
                                        f"{current.get('state')}, not complete; will check "
                                        "again.", svc.clock())
    return completed


def cancel_canceled_orders(svc: Services, store_id: int, commerce: CommerceClient) -> int:
    """Amazon canceled it: cancel the Commerce order too, unless it was shipped (released
    from hold first: a held order cannot be canceled)."""
    canceled = 0
    for row_id in _ids(svc, select(AmazonOrder.id).where(
            AmazonOrder.store_id == store_id, AmazonOrder.commerce_order_id.is_not(None),
            AmazonOrder.amazon_status == OrderStatus.CANCELED,
            AmazonOrder.commerce_state.is_distinct_from(CommerceState.CANCELED),
            AmazonOrder.cancel_refused_at.is_(None))  # explained once; nothing more to do
            .order_by(AmazonOrder.id)):
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            commerce_id, increment = row.commerce_order_id, row.commerce_increment_id
        current = release_for_cancel(svc, row_id, commerce, commerce.get_order(commerce_id))
        state = current.get("state")
        if state == CommerceState.CANCELED:
            outcome, note = CommerceState.CANCELED, None
        elif any(float(i.get("qty_shipped") or 0) > 0 for i in current.get("items", [])):
            outcome = state
            note = (f"Commerce order {increment} was not canceled: it has been shipped "
                    f"(state {state}).")
        elif svc.read_only:
            svc.withhold("cancel", commerce_order_id=commerce_id)
            continue
        elif commerce.cancel(commerce_id):
            outcome, note = CommerceState.CANCELED, f"Commerce order {increment} canceled."
            canceled += 1
        else:
            outcome = state
            note = (f"Commerce order {increment} was not canceled: Commerce refused "
                    f"(state {state}).")
        with svc.db.session() as session:
            row = session.get(AmazonOrder, row_id)
            row.commerce_state = outcome
            if outcome != CommerceState.CANCELED:
                row.cancel_refused_at = svc.clock()
            if note:
                add_note(session, row, note, svc.clock())
    return canceled
