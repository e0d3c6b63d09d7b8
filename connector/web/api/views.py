"""The integrator API's endpoints: thin, they call the lifecycle and the grid."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, Schema, fields, validate

from connector.orders import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_TEXT,
    PAGE_COUNT_LIMIT,
    SORTS,
    CancellationBodySchema,
    CancellationRefused,
    FilterError,
    ResyncBodySchema,
    ResyncRefused,
    buyer_requests_message,
    cancellation_of,
    describe_resync,
    errors_by_store,
    filters_from_args,
    find_order,
    find_store,
    get_resync,
    message_for,
    normalise_params,
    reading,
    request_cancellation,
    request_resync,
    search_orders,
    services_for,
    stores_by_id,
    stores_with_blocked_orders,
    stores_with_buyer_requests,
)
from connector.web.api import present
from connector.web.api.auth import require_key
from connector.web.api.schemas import (
    OrderCancellationSchema,
    OrderDetailSchema,
    OrderPageSchema,
    ResyncSchema,
    StoreListSchema,
    StoreSchema,
    SystemMessageListSchema,
)
from connector.web.api.worker import worker_for
from mappings.status import GRID_STATUSES

blp = Blueprint("integrator", __name__, url_prefix="/api/v1",
                description="Stores, orders, cancellations, SKU matches, system messages and "
                            "resyncs. Every call needs an API key: `Authorization: Bearer <key>`.")
blp.before_request(require_key)

UNAUTHORIZED = "ApiKeyRequired"  # a response component (see connector.web.api.init_app)


def _errors(*codes: int):
    """Document the error answers of an endpoint (401 always)."""
    names = {400: "BAD_REQUEST", 404: "NOT_FOUND", 409: "CONFLICT"}

    def decorate(view):
        view = blp.alt_response(401, response=UNAUTHORIZED)(view)
        for code in codes:
            view = blp.alt_response(code, response=names[code])(view)
        return view
    return decorate


def _session():
    return reading(services_for(current_app))


def _store_or_404(session, store_id: int):
    store = find_store(session, store_id)
    if store is None:
        abort(404, message=f"No store with id {store_id}.")
    return store


@blp.get("/stores")
@blp.response(200, StoreListSchema)
@_errors()
def list_stores():
    """All stores, with how their sync is going."""
    with _session() as session:
        errors = errors_by_store(session)
        return {"stores": [present.store(session, row, errors)
                           for row in stores_by_id(session)]}


@blp.get("/stores/<int:store_id>")
@blp.response(200, StoreSchema)
@_errors(404)
def show_store(store_id: int):
    """One store."""
    with _session() as session:
        store = _store_or_404(session, store_id)
        return present.store(session, store, errors_by_store(session))


def _order_or_404(session, store_id: int, amazon_order_id: str):
    _store_or_404(session, store_id)
    row = find_order(session, store_id, amazon_order_id)
    if row is None:
        abort(404, message=f"Store {store_id} has no Amazon order {amazon_order_id}.")
    return row


# What the amount filters accept: 0 up to 10^14, at most four decimals.
AMOUNT_PATTERN = r"^[0-9]{1,14}(\.[0-9]{1,4})?$"


class OrderQuerySchema(Schema):
    """The All Orders grid's filters, sorting and paging."""

    purchased_from = fields.String(metadata={"format": "date", "description":
                                             "Purchase date from (UTC, inclusive)."})
    purchased_to = fields.String(metadata={"format": "date", "description":
                                           "Purchase date to (UTC, inclusive)."})
    order_number = fields.String(metadata={
        "description": "Amazon order id, or its beginning.", "pattern": r"^[0-9A-Za-z-]+$",
        "maxLength": MAX_TEXT})
    buyer_name = fields.String(metadata={"description": "Buyer's name, or its beginning "
                                                        "(any case).", "maxLength": MAX_TEXT})
    total_min = fields.String(metadata={"format": "decimal", "example": "25.50",
                                        "pattern": AMOUNT_PATTERN})
    total_max = fields.String(metadata={"format": "decimal", "pattern": AMOUNT_PATTERN})
    status = fields.List(fields.String(metadata={"enum": list(GRID_STATUSES)}), metadata={
        "description": "Grid status; repeat for several."})
    buyer_asked_to_cancel = fields.Boolean(metadata={
        "description": "true: only orders whose buyer asked to cancel (not shipped or "
                       "canceled yet)."})
    sort = fields.String(load_default="purchase_date", validate=validate.OneOf(SORTS))
    dir = fields.String(load_default="desc", validate=validate.OneOf(["asc", "desc"]),
                        metadata={"description": "Sort direction."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE,
                              validate=validate.Range(min=1, max=MAX_PER_PAGE))


@blp.get("/stores/<int:store_id>/orders")
@blp.arguments(OrderQuerySchema, location="query", unknown=RAISE)  # a typo must not list all
@blp.response(200, OrderPageSchema)
@_errors(404)
def list_orders(query: dict, store_id: int):
    """The store's orders as in the All Orders grid: same filters, same order. A page past
    the last one is empty (with its own page number), so paging until an empty page ends."""
    try:
        filters = filters_from_args(request.args)
    except FilterError as bad:
        abort(422, message="Some filters are not valid.",
              errors={"query": {name: [text] for name, text in bad.errors.items()}})
    with _session() as session:
        _store_or_404(session, store_id)
        page = search_orders(session, store_id, filters, sort=query["sort"],
                             descending=query["dir"] == "desc", page=query["page"],
                             per_page=query["per_page"], count_limit=PAGE_COUNT_LIMIT,
                             clamp=False)
        return {"orders": [present.order_summary(row) for row in page.rows],
                "total": page.total, "total_is_exact": page.total_is_exact,
                "page": page.page, "per_page": page.per_page, "pages": page.pages}


@blp.get("/stores/<int:store_id>/orders/<amazon_order_id>")
@blp.response(200, OrderDetailSchema)
@_errors(404)
def show_order(store_id: int, amazon_order_id: str):
    """One order with its items, its Commerce order and every note."""
    with _session() as session:
        row = _order_or_404(session, store_id, amazon_order_id)
        return present.order_detail(row, cancellation_of(session, row))


def _cancellation_body(store_id: int, amazon_order_id: str, state) -> dict:
    return {**present.cancellation(state), "amazon_order_id": amazon_order_id,
            "url": url_for("integrator.show_cancellation", store_id=store_id,
                           amazon_order_id=amazon_order_id)}


@blp.post("/stores/<int:store_id>/orders/<amazon_order_id>/cancellation")
@blp.arguments(CancellationBodySchema, example={"reason": "NoInventory"})
@blp.response(202, OrderCancellationSchema, headers={"Location": {
    "description": "The cancellation's URL", "schema": {"type": "string"}}})
@_errors(404, 409)
def cancel_order(body: dict, store_id: int, amazon_order_id: str):
    """Cancel an Unshipped order, with one of Amazon's reasons.

    It goes to Amazon with the store's next run, in one order acknowledgement feed with the
    store's other cancellations; follow it with `GET` on the answer's `url`. An order that is
    not Unshipped, or whose cancellation is already under way, answers 409: repeating the call
    never sends a second cancellation."""
    try:
        state = request_cancellation(services_for(current_app), store_id, amazon_order_id,
                                     body["reason"], by="API")
    except LookupError as missing:
        abort(404, message=str(missing))
    except CancellationRefused as refused:
        abort(409, message=str(refused))
    answer = _cancellation_body(store_id, amazon_order_id, state)
    return answer, 202, {"Location": answer["url"]}


@blp.get("/stores/<int:store_id>/orders/<amazon_order_id>/cancellation")
@blp.response(200, OrderCancellationSchema)
@_errors(404)
def show_cancellation(store_id: int, amazon_order_id: str):
    """The merchant's cancellation of an order: requested, sent, confirmed or refused."""
    with _session() as session:
        state = cancellation_of(session, _order_or_404(session, store_id, amazon_order_id))
        if state.state is None:
            abort(404, message=f"Order {amazon_order_id} has no cancellation.")
        return _cancellation_body(store_id, amazon_order_id, state)


@blp.get("/system-messages")
@blp.response(200, SystemMessageListSchema)
@_errors()
def system_messages():
    """The messages the Commerce admin shows; empty when all is well."""
    with _session() as session:
        messages = []
        stores = stores_with_blocked_orders(session)
        if stores:
            messages.append({"id": "blocked-orders", "text": message_for(stores),
                             "stores": [{"id": s.id, "name": s.name} for s in stores]})
        asked = stores_with_buyer_requests(session)
        if asked:
            messages.append({"id": "buyer-cancellation-requests",
                             "text": buyer_requests_message(asked),
                             "stores": [{"id": s.id, "name": s.name, "orders": n}
                                        for s, n in asked]})
        return {"messages": messages}


def _resync_body(row) -> dict:
    return {**describe_resync(row),
            "url": url_for("integrator.show_resync", resync_id=row.id)}


@blp.post("/stores/<int:store_id>/resync")
@blp.arguments(ResyncBodySchema, example={"amazon_order_ids": ["113-1234567-1234567"]})
@blp.response(202, ResyncSchema, headers={"Location": {
    "description": "The resync's URL", "schema": {"type": "string"}}})
@_errors(400, 404, 409)
def start_resync(body: dict, store_id: int):
    """Fetch orders from Amazon again and import what is importable, in the background.

    Safe to repeat: an order is never imported twice. While an identical request is still
    queued or running, the same resync is answered again."""
    services = services_for(current_app)
    params = normalise_params(body.get("amazon_order_ids"), body.get("since"),
                              body.get("until"))
    try:
        resync_id, created = request_resync(services, store_id, params)
    except LookupError:
        abort(404, message=f"No store with id {store_id}.")
    except ResyncRefused as refused:
        abort(409, message=str(refused))
    if created:
        worker_for(current_app).submit(resync_id)
    body = _resync_body(get_resync(services, resync_id))
    return body, 202, {"Location": body["url"]}


@blp.get("/resyncs/<resync_id>")
@blp.response(200, ResyncSchema)
@_errors(404)
def show_resync(resync_id: str):
    """A resync's state (queued, running, done, failed) and what it did so far."""
    row = get_resync(services_for(current_app), resync_id[:36])
    if row is None:
        abort(404, message=f"No resync with id {resync_id}.")
    return _resync_body(row)
