"""Orders API v2026-01-01: searchOrders and getOrder, answering with the sections the caller
names in ``includedData`` (no RDT: PII comes with BUYER and RECIPIENT)."""

from __future__ import annotations

from flask import Blueprint, request

from connector.sandbox.amazon.contract import FULFILLED_BY, FULFILLMENT_STATUSES, amazon_time
from connector.sandbox.amazon.envelope import (
    ApiError,
    invalid,
    json_response,
    list_param,
    operation,
    sold_in,
)
from connector.sandbox.amazon.search import Search, continued, page_size, serve, window
from connector.sandbox.amazon.state import sandbox
from connector.sandbox.amazon.views import v2026_view

V2026 = "/orders/2026-01-01/orders"
INCLUDED_DATA = {"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
                 "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS"}
ECHO = {"createdTime": "createdBefore", "lastUpdatedTime": "lastUpdatedBefore"}

orders_v2026 = Blueprint("orders_v2026", __name__)


def _included() -> set[str]:
    included = set(list_param("includedData"))
    unknown = included - INCLUDED_DATA
    if unknown:
        raise invalid(f"Invalid includedData: {', '.join(sorted(unknown))}")
    return included


def _search() -> Search:
    field, after, before = window("lastUpdatedAfter", "lastUpdatedBefore", "createdAfter",
                                  "createdBefore", sandbox().now())
    included = _included()
    marketplaces = list_param("marketplaceIds")
    if len(marketplaces) > 50:
        raise invalid("marketplaceIds accepts at most 50 values")
    sold_in(marketplaces)
    statuses = set(list_param("fulfillmentStatuses"))
    unknown = statuses - set(FULFILLMENT_STATUSES)
    if unknown:
        raise invalid(f"Invalid fulfillmentStatuses: {sorted(unknown)}")
    fulfilled_by = set(list_param("fulfilledBy"))
    if fulfilled_by - set(FULFILLED_BY):
        raise invalid("Invalid fulfilledBy")
    return Search(field, after, before, tuple(marketplaces), tuple(sorted(statuses)),
                  tuple(sorted(fulfilled_by)), page_size("maxResultsPerPage"),
                  tuple(sorted(included)))


@orders_v2026.get(V2026)
@operation("searchOrders")
def search_orders():
    """A page of orders; with ``paginationToken``, the next page of the search it names."""
    token = request.args.get("paginationToken")
    search, resume = continued(token, "v2026") if token else (_search(), None)
    page = serve(sandbox().book, "v2026", search, resume)
    included = set(search.included)
    body: dict = {"orders": [v2026_view(o, included) for o in page.orders]}
    if page.next_token:
        body["pagination"] = {"nextToken": page.next_token}
    body[ECHO[search.field]] = amazon_time(search.before)
    return json_response(body)


@orders_v2026.get(f"{V2026}/<order_id>")
@operation("getOrder")
def get_order(order_id: str):
    included = _included()
    order = sandbox().book.get(order_id)
    if order is None:
        raise ApiError(404, "NotFound", f"Order {order_id} not found")
    return json_response({"order": v2026_view(order, included)})
