"""What the integrator API accepts and answers; the OpenAPI document is generated from these.

Money is a decimal string (``"54.00"``), never a float; times are ISO-8601 UTC.
"""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, fields

from connector.domain import BlockReason, FulfilledBy, ResyncState, SellerCancelState, StoreStatus
from connector.orders import REASON_CHOICES
from connector.orders import RESYNC_COUNTS as COUNTS


class Time(fields.DateTime):
    """ISO-8601 in UTC with ``Z``, as Amazon writes times."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ErrorSchema(Schema):
    """Every error the API answers, whatever the status."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Dict(
        keys=fields.String(), values=fields.Raw(),
        metadata={"description": "Field errors by location (`json`, `query`), then field "
                                 "name: a list of messages."})


class StoreSyncSchema(Schema):
    last_run_at = Time(allow_none=True)
    last_success_at = Time(allow_none=True)
    last_error = fields.String(allow_none=True, metadata={
        "description": "Why the last run failed; null once a run succeeds."})
    last_error_at = Time(allow_none=True)
    last_amazon_error = fields.String(allow_none=True, metadata={
        "description": "The last error Amazon gave (kept after later successes)."})
    last_commerce_error = fields.String(allow_none=True, metadata={
        "description": "The last error Commerce gave (kept after later successes)."})
    throttled_at = Time(allow_none=True, metadata={"description": "When Amazon last "
                                                                  "throttled a run."})


class StoreSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    region = fields.String(required=True, metadata={"enum": ["NA", "EU", "FE"]})
    marketplace_ids = fields.List(fields.String(), required=True)
    seller_id = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": [s.value for s in StoreStatus]})
    amazon_api = fields.String(required=True)
    commerce_url = fields.String(required=True)
    commerce_store_code = fields.String(required=True)
    commerce_website = fields.String(allow_none=True)
    integration_time = fields.String(required=True, metadata={"format": "date-time"})
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    import_enabled = fields.Boolean(required=True)
    orders_in_error = fields.Integer(required=True)
    sync = fields.Nested(StoreSyncSchema, required=True)


class StoreListSchema(Schema):
    stores = fields.List(fields.Nested(StoreSchema), required=True)


class MoneySchema(Schema):
    amount = fields.String(required=True, metadata={"example": "54.00"})
    currency = fields.String(allow_none=True, metadata={"example": "USD"})


class OrderSummarySchema(Schema):
    amazon_order_id = fields.String(required=True)
    purchase_date = Time(required=True)
    status = fields.String(required=True, metadata={
        "description": "What the grids show: Amazon's status, or the connector's own `Error` "
                       "(cannot be imported; see `latest_note`) and `Completed`."})
    amazon_status = fields.String(required=True)
    fulfilled_by = fields.String(required=True,
                                 metadata={"enum": [f.value for f in FulfilledBy]})
    marketplace_id = fields.String(allow_none=True)
    buyer_name = fields.String(allow_none=True)
    total = fields.Nested(MoneySchema, allow_none=True)
    latest_note = fields.String(allow_none=True)
    commerce_increment_id = fields.String(allow_none=True)
    buyer_asked_to_cancel = fields.Boolean(required=True, metadata={
        "description": "The buyer asked Amazon to cancel and the order has not shipped or "
                       "been canceled yet (the grids' \"Buyer asked to cancel\")."})
    cancellation_state = fields.String(allow_none=True, metadata={
        "enum": [*(s.value for s in SellerCancelState), None],  # OpenAPI 3.0: null listed
        "description": "The merchant's cancellation, if any (see `cancellation`)."})


class OrderPageSchema(Schema):
    orders = fields.List(fields.Nested(OrderSummarySchema), required=True)
    total = fields.Integer(required=True, metadata={
        "description": "Orders matching the filters, on all pages, counted up to 100,000"})
    total_is_exact = fields.Boolean(required=True, metadata={
        "description": "False when more than 100,000 orders match: total is then 100,000"})
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class OrderItemSchema(Schema):
    order_item_id = fields.String(required=True)
    seller_sku = fields.String(allow_none=True)
    asin = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    quantity_ordered = fields.Integer(required=True)
    quantity_shipped = fields.Integer(required=True)
    unit_price = fields.String(allow_none=True)
    line_price = fields.String(allow_none=True)
    item_tax = fields.String(allow_none=True)
    shipping_price = fields.String(allow_none=True)
    promotion_discount = fields.String(allow_none=True)


class NoteSchema(Schema):
    created_at = Time(required=True)
    text = fields.String(required=True)


class CommerceOrderSchema(Schema):
    order_id = fields.Integer(required=True)
    increment_id = fields.String(allow_none=True)
    state = fields.String(allow_none=True)


class BlockedSchema(Schema):
    reason = fields.String(required=True, metadata={
        "enum": [r.value for r in BlockReason]})
    sku = fields.String(allow_none=True)


class ShipToSchema(Schema):
    """Only the parts of the address Amazon shows without a Restricted Data Token."""

    city = fields.String(allow_none=True)
    state_or_region = fields.String(allow_none=True)
    postal_code = fields.String(allow_none=True)
    country_code = fields.String(allow_none=True)


class BuyerCancellationSchema(Schema):
    reason = fields.String(allow_none=True, metadata={"description": "The buyer's words, "
                                                                     "when Amazon gives them."})
    requested_at = Time(required=True, metadata={"description": "When the connector first "
                                                                "saw the request."})


class CancellationSchema(Schema):
    """The merchant's cancellation of an order: requested -> sent (in a feed Amazon took) ->
    confirmed (a later sync shows the order Canceled), or refused (``message`` is Amazon's)."""

    state = fields.String(required=True, metadata={"enum": [s.value for s in
                                                            SellerCancelState]})
    reason = fields.String(required=True, metadata={"enum": REASON_CHOICES})
    reason_label = fields.String(required=True, metadata={"example": "No inventory"})
    requested_at = Time(required=True)
    requested_by = fields.String(allow_none=True)
    feed_id = fields.String(allow_none=True, metadata={
        "description": "The Amazon feed that carried it, once sent."})
    message = fields.String(allow_none=True, metadata={
        "description": "Amazon's words when it refused (e.g. the order shipped meanwhile)."})


class OrderCancellationSchema(CancellationSchema):
    amazon_order_id = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "Where to follow it."})


class OrderDetailSchema(OrderSummarySchema):
    last_updated = Time(required=True)
    importable = fields.Boolean(required=True, metadata={
        "description": "False for orders placed before the store was connected: listed, "
                       "never imported."})
    ship_to = fields.Nested(ShipToSchema, allow_none=True)
    commerce_order = fields.Nested(CommerceOrderSchema, allow_none=True)
    blocked = fields.Nested(BlockedSchema, allow_none=True)
    buyer_cancellation = fields.Nested(BuyerCancellationSchema, allow_none=True, metadata={
        "description": "The buyer's cancellation request, while Amazon reports one."})
    cancellation = fields.Nested(CancellationSchema, allow_none=True, metadata={
        "description": "The merchant's cancellation, if one was asked for."})
    items = fields.List(fields.Nested(OrderItemSchema), required=True)
    notes = fields.List(fields.Nested(NoteSchema), required=True,
                        metadata={"description": "Every note, oldest first."})


class StoreRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    orders = fields.Integer(metadata={"description": "How many of its orders the message "
                                                     "is about (buyer-cancellation-requests)."})


class SystemMessageSchema(Schema):
    id = fields.String(required=True, metadata={
        "enum": ["blocked-orders", "buyer-cancellation-requests"]})
    text = fields.String(required=True)
    stores = fields.List(fields.Nested(StoreRefSchema), required=True)


class SystemMessageListSchema(Schema):
    messages = fields.List(fields.Nested(SystemMessageSchema), required=True)


class ResyncParamsSchema(Schema):
    amazon_order_ids = fields.List(fields.String())
    since = fields.String(allow_none=True, metadata={"format": "date-time"})
    until = fields.String(allow_none=True, metadata={"format": "date-time"})


ResyncCountsSchema = Schema.from_dict(
    {name: fields.Integer(required=True) for name in COUNTS}, name="ResyncCounts")


class ResyncSchema(Schema):
    id = fields.String(required=True)
    store_id = fields.Integer(required=True)
    state = fields.String(required=True, metadata={"enum": [s.value for s in ResyncState]})
    params = fields.Nested(ResyncParamsSchema, required=True)
    counts = fields.Nested(ResyncCountsSchema, required=True, metadata={
        "description": "fetched: orders Amazon returned; created: Commerce orders created; "
                       "already_imported: orders that had one already; blocked: orders that "
                       "cannot be imported (status Error); failed: imports that failed for a "
                       "passing reason (retried later) and orders Amazon sent unreadable; "
                       "skipped: not importable now (Pending, canceled, placed before the "
                       "store was connected, import disabled, read-only mode); not_found: ids "
                       "Amazon does not know."})
    error = fields.String(allow_none=True)
    created_at = Time(required=True)
    finished_at = Time(allow_none=True)
    url = fields.String(required=True, metadata={"description": "Where to follow it."})
