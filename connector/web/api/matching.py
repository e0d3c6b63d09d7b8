"""The API's SKU matches and imports on request: what the SKU matching page and the order's
Import into Commerce action do, for integrators."""

from __future__ import annotations

from flask import current_app
from flask_smorest import abort
from marshmallow import RAISE, Schema, fields, validate

from connector.orders import (
    ImportRefused,
    MatchRefused,
    match_sku,
    request_import,
    services_for,
    sku_matches_of,
    unmatch_sku,
    unmatched_skus,
)
from connector.web.api.schemas import Time
from connector.web.api.views import _errors, _order_or_404, _session, _store_or_404, blp

SKU_PATTERN = r"^\S(.*\S)?$"  # no leading or trailing space


class SkuMatchSchema(Schema):
    amazon_sku = fields.String(required=True)
    commerce_sku = fields.String(required=True)
    matched_at = Time(required=True)


class UnmatchedSkuSchema(Schema):
    amazon_sku = fields.String(required=True, metadata={
        "description": "An Amazon SKU that blocks orders: Commerce has no such product."})
    blocked_orders = fields.Integer(required=True)


class SkuMatchListSchema(Schema):
    matches = fields.List(fields.Nested(SkuMatchSchema), required=True)
    unmatched = fields.List(fields.Nested(UnmatchedSkuSchema), required=True)


class SkuMatchBodySchema(Schema):
    class Meta:
        unknown = RAISE

    commerce_sku = fields.String(required=True, validate=[
        validate.Length(min=1, max=255), validate.Regexp(SKU_PATTERN, error=(
            "Enter a Commerce SKU without leading or trailing spaces."))], metadata={
        "description": "An existing, enabled Commerce product of a type an order line can be "
                       "(simple, virtual, downloadable)."})


class RetrySchema(Schema):
    """What the retry of the blocked orders did."""

    orders = fields.Integer(required=True, metadata={
        "description": "Blocked orders with this Amazon SKU, tried again at once."})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                         metadata={"description": "created, already_imported, blocked, "
                                                  "failed, skipped, queued: orders by result."})
    retry_at_next_sync = fields.Boolean(required=True, metadata={
        "description": "Commerce (or the database) stopped the retry: the next sync tries "
                       "again."})


class SkuMatchSavedSchema(Schema):
    amazon_sku = fields.String(required=True)
    commerce_sku = fields.String(allow_none=True, metadata={
        "description": "Null once the match is removed."})
    retry = fields.Nested(RetrySchema, required=True)


class ImportRequestBodySchema(Schema):
    class Meta:
        unknown = RAISE

    confirm = fields.Boolean(required=True, validate=validate.Equal(True, error=(
        "Confirm with true: the order may already have been handled in Seller Central.")),
        metadata={"description": "Must be true: the order may already have been handled in "
                                 "Seller Central, and importing it creates a Commerce order."})


class ImportRequestSchema(Schema):
    amazon_order_id = fields.String(required=True)
    retry = fields.Nested(RetrySchema, required=True)


def _retry(result_orders: int, imports) -> dict:
    return {"orders": result_orders, "counts": dict(imports.counts),
            "retry_at_next_sync": imports.stopped_by is not None}


@blp.get("/stores/<int:store_id>/sku-matches")
@blp.response(200, SkuMatchListSchema)
@_errors(404)
def list_sku_matches(store_id: int):
    """The store's SKU matches, and the Amazon SKUs that block orders for want of one."""
    with _session() as session:
        _store_or_404(session, store_id)
        matches = [{"amazon_sku": m.amazon_sku, "commerce_sku": m.commerce_sku,
                    "matched_at": m.created_at} for m in sku_matches_of(session, store_id)]
    return {"matches": matches,
            "unmatched": unmatched_skus(services_for(current_app), store_id)}


@blp.put("/stores/<int:store_id>/sku-matches/<path:amazon_sku>")
@blp.arguments(SkuMatchBodySchema, example={"commerce_sku": "MUG-1"})
@blp.response(200, SkuMatchSavedSchema)
@blp.alt_response(503, response="DEFAULT_ERROR", description=(
    "Commerce could not be reached to check the product: nothing was saved; try again."))
@_errors(404)
def put_sku_match(body: dict, store_id: int, amazon_sku: str):
    """Match (or re-match) an Amazon SKU to a Commerce product; the orders it blocked are
    tried again at once. A product that does not exist, is disabled or cannot be an order
    line is refused with a field error and nothing is saved."""
    with _session() as session:
        _store_or_404(session, store_id)
    try:
        result = match_sku(services_for(current_app), store_id, amazon_sku,
                           body["commerce_sku"])
    except MatchRefused as refused:
        field = "commerce_sku" if refused.field == "commerce_sku" else "amazon_sku"
        location = "json" if field == "commerce_sku" else "path"
        abort(422, message=refused.message, errors={location: {field: [refused.message]}})
    if not result.saved:
        abort(503, message=f"Commerce could not be reached to check the product "
                           f"({result.not_saved.detail}). Nothing was saved; try again.",
              headers={"Retry-After": "60"})
    return {"amazon_sku": result.amazon_sku, "commerce_sku": result.commerce_sku,
            "retry": _retry(result.retried, result.imports)}


@blp.delete("/stores/<int:store_id>/sku-matches/<path:amazon_sku>")
@blp.response(200, SkuMatchSavedSchema)
@_errors(404)
def delete_sku_match(store_id: int, amazon_sku: str):
    """Remove a match; the orders blocked with the Amazon SKU are looked at again at once."""
    with _session() as session:
        _store_or_404(session, store_id)
    result = unmatch_sku(services_for(current_app), store_id, amazon_sku)
    if result is None:
        abort(404, message=f"Store {store_id} has no match for Amazon SKU {amazon_sku}.")
    return {"amazon_sku": result.amazon_sku, "commerce_sku": None,
            "retry": _retry(result.retried, result.imports)}


@blp.post("/stores/<int:store_id>/orders/<amazon_order_id>/import")
@blp.arguments(ImportRequestBodySchema, example={"confirm": True})
@blp.response(200, ImportRequestSchema)
@_errors(404, 409)
def import_on_request(body: dict, store_id: int, amazon_order_id: str):
    """Import into Commerce an order that arrived while import was disabled (such orders are
    otherwise left to Seller Central). It may have been handled there already: confirm."""
    with _session() as session:
        _order_or_404(session, store_id, amazon_order_id)
    try:
        result = request_import(services_for(current_app), store_id, amazon_order_id,
                                user="api")
    except ImportRefused as refused:
        abort(409, message=str(refused))
    return {"amazon_order_id": amazon_order_id, "retry": _retry(1, result.imports)}
