"""Orders API v2026-01-01: searchOrders and getOrder, answering with the sections the caller
names in ``includedData`` (no RDT: PII comes with BUYER and RECIPIENT)."""

from __future__ import annotations

from flask import Blueprint, request

from connector.sandbox.amazon.envelope import (
    ApiError,
    invalid,
    json_response,
    list_param,
    operation,
)
from connector.sandbox.amazon.search import (
    fingerprint,
    page_size,
    page_token,
    read_page_token,
    window,
)
from connector.sandbox.amazon.state import sandbox
from connector.sandbox.amazon.views import v2026_view

V2026 = "/orders/2026-01-01/orders"
INCLUDED_DATA = {"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
                 "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS"}
STATUSES = {"PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED",
            "CANCELLED", "UNFULFILLABLE"}

orders_v2026 = Blueprint("orders_v2026", __name__)


def _included() -> set[str]:
    included = set(list_param("includedData"))
    unknown = included - INCLUDED_DATA
    if unknown:
        raise invalid(f"Invalid includedData: {', '.join(sorted(unknown))}")
    return included


@orders_v2026.get(V2026)
@operation("searchOrders")
def search_orders():
    state = sandbox()
    field, after, before, echo = window("lastUpdatedAfter", "lastUpdatedBefore",
                                        "createdAfter", "createdBefore", state.now())
    included = _included()
    marketplaces = list_param("marketplaceIds")
    if len(marketplaces) > 50:
        raise invalid("marketplaceIds accepts at most 50 values")
    statuses = set(list_param("fulfillmentStatuses"))
    if statuses - STATUSES:
        raise invalid(f"Invalid fulfillmentStatuses: {sorted(statuses - STATUSES)}")
    fulfilled_by = set(list_param("fulfilledBy"))
    if fulfilled_by - {"MERCHANT", "AMAZON"}:
        raise invalid("Invalid fulfilledBy")
    size = page_size("maxResultsPerPage")
    key = fingerprint(field, after, before, marketplaces, statuses, fulfilled_by)
    token = request.args.get("paginationToken")
    offset = read_page_token(token, key) if token else 0
    found = state.book.select(field=field, after=after, before=before,
                              marketplace_ids=set(marketplaces), statuses=statuses,
                              fulfilled_by=fulfilled_by)
    page = found[offset:offset + size]
    body: dict = {"orders": [v2026_view(o, included) for o in page]}
    if offset + size < len(found):
        body["pagination"] = {"nextToken": page_token(key, offset + size)}
    body[echo] = before.strftime("%Y-%m-%dT%H:%M:%SZ")
    return json_response(body)


@orders_v2026.get(f"{V2026}/<order_id>")
@operation("getOrder")
def get_order(order_id: str):
    included = _included()
    order = sandbox().book.get(order_id)
    if order is None:
        raise ApiError(404, "NotFound", f"Order {order_id} not found")
    return json_response({"order": v2026_view(order, included)})
