"""Rows as the API shows them. Secrets never; of the buyer, only the name the grids show and
the parts of the address Amazon itself shows without a Restricted Data Token."""

from __future__ import annotations

from decimal import Decimal

from connector.domain import GridStatus
from connector.orders import Cancellation, has_open_request, sync_state
from connector.stores import describe

CENT = Decimal("0.01")


def amount(value: Decimal | None) -> str | None:
    """``54.00``; more decimals only when the amount has them."""
    if value is None:
        return None
    return str(value.quantize(CENT) if value == value.quantize(CENT) else value.normalize())


def store(session, row, errors: dict[int, int]) -> dict:
    state = sync_state(session, row.id)
    return {**describe(row), "import_enabled": bool(row.settings and row.settings.import_enabled),
            "orders_in_error": errors.get(row.id, 0),
            "sync": _sync(state)}


SYNC_FIELDS = ("last_run_at", "last_success_at", "last_error", "last_error_at",
               "last_amazon_error", "last_commerce_error", "throttled_at")


def _sync(state) -> dict:
    """How the store's runs go, errors in full (the key-less /health/ready only flags them)."""
    return {name: getattr(state, name, None) for name in SYNC_FIELDS}


def order_summary(row) -> dict:
    return {
        "amazon_order_id": row.amazon_order_id, "purchase_date": row.purchase_date,
        "status": row.status, "amazon_status": row.amazon_status,
        "fulfilled_by": row.fulfilled_by, "marketplace_id": row.marketplace_id,
        "buyer_name": row.buyer_name,
        "total": (None if row.order_total is None
                  else {"amount": amount(row.order_total), "currency": row.currency}),
        "latest_note": row.latest_note, "commerce_increment_id": row.commerce_increment_id,
        "buyer_asked_to_cancel": has_open_request(row),
        "cancellation_state": row.seller_cancel_state,
    }


def cancellation(state: Cancellation) -> dict | None:
    if state.state is None:
        return None
    return {"state": state.state, "reason": state.reason, "reason_label": state.reason_label,
            "requested_at": state.requested_at, "requested_by": state.requested_by,
            "feed_id": state.feed_id, "message": state.message}


def order_detail(row, cancellation_state: Cancellation) -> dict:
    address = row.shipping_address or None
    return {
        **order_summary(row),
        "buyer_cancellation": None if row.buyer_cancel_requested_at is None else {
            "reason": row.buyer_cancel_reason, "requested_at": row.buyer_cancel_requested_at},
        "cancellation": cancellation(cancellation_state),
        "last_updated": row.last_updated,
        "importable": row.importable,
        "ship_to": None if address is None else {
            key: address.get(key) for key in ("city", "state_or_region", "postal_code",
                                              "country_code")},
        "commerce_order": None if row.commerce_order_id is None else {
            "order_id": row.commerce_order_id, "increment_id": row.commerce_increment_id,
            "state": row.commerce_state},
        "blocked": None if row.status != GridStatus.ERROR or not row.blocked_reason else {
            "reason": row.blocked_reason, "sku": row.blocked_sku},
        "items": [{
            "order_item_id": item.order_item_id, "seller_sku": item.seller_sku,
            "asin": item.asin, "title": item.title, "quantity_ordered": item.quantity_ordered,
            "quantity_shipped": item.quantity_shipped, "unit_price": amount(item.unit_price),
            "line_price": amount(item.line_price), "item_tax": amount(item.item_tax),
            "shipping_price": amount(item.shipping_price),
            "promotion_discount": amount(item.promotion_discount),
        } for item in row.items],
        "notes": [{"created_at": note.created_at, "text": note.text} for note in row.notes],
    }
