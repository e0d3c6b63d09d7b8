"""Orders API v0: getOrders, getOrder, getOrderItems, getOrderAddress, getOrderBuyerInfo (PII
only through a Restricted Data Token) and confirmShipment, which v2026 does not replace."""

from __future__ import annotations

from flask import Blueprint, Response, request

from connector.sandbox.amazon.book import ConfirmationRejected
from connector.sandbox.amazon.contract import amazon_time
from connector.sandbox.amazon.envelope import (
    ApiError,
    invalid,
    json_response,
    list_param,
    operation,
    pii,
    sold_in,
)
from connector.sandbox.amazon.search import Search, continued, page_size, serve, window
from connector.sandbox.amazon.state import sandbox
from connector.sandbox.amazon.views import v0_address, v0_items_view, v0_order_view

V0 = "/orders/v0/orders"
V0_STATUSES = {"PendingAvailability": "PENDING_AVAILABILITY", "Pending": "PENDING",
               "Unshipped": "UNSHIPPED", "PartiallyShipped": "PARTIALLY_SHIPPED",
               "Shipped": "SHIPPED", "Canceled": "CANCELLED", "Unfulfillable": "UNFULFILLABLE",
               "InvoiceUnconfirmed": "SHIPPED"}
CHANNELS = {"AFN": "AMAZON", "MFN": "MERCHANT"}
ECHO = {"createdTime": "CreatedBefore", "lastUpdatedTime": "LastUpdatedBefore"}

orders_v0 = Blueprint("orders_v0", __name__)


def _translated(name: str, vocabulary: dict[str, str]) -> set[str]:
    values = set()
    for value in list_param(name):
        if value not in vocabulary:
            raise invalid(f"Invalid {name} value {value}")
        values.add(vocabulary[value])
    return values


def _search() -> Search:
    field, after, before = window("LastUpdatedAfter", "LastUpdatedBefore", "CreatedAfter",
                                  "CreatedBefore", sandbox().now())
    statuses = _translated("OrderStatuses", V0_STATUSES)
    fulfilled_by = _translated("FulfillmentChannels", CHANNELS)
    sold_in(list_param("MarketplaceIds"))
    return Search(field, after, before, tuple(list_param("MarketplaceIds")),
                  tuple(sorted(statuses)), tuple(sorted(fulfilled_by)),
                  page_size("MaxResultsPerPage"))


@orders_v0.get(V0)
@operation("getOrders", restricted=True)
def get_orders():
    """A page of orders; with ``NextToken``, the next page of the search it names."""
    if not list_param("MarketplaceIds"):
        raise invalid("MarketplaceIds is required")
    token = request.args.get("NextToken")
    search, resume = continued(token, "v0") if token else (_search(), None)
    page = serve(sandbox().book, "v0", search, resume)
    with_pii = pii("shippingAddress") and pii("buyerInfo")
    payload: dict = {"Orders": [_order(o, with_pii) for o in page.orders]}
    if page.next_token:
        payload["NextToken"] = page.next_token
    payload[ECHO[search.field]] = amazon_time(search.before)
    return json_response({"payload": payload})


def _order(order: dict, with_pii: bool) -> dict:
    shown = v0_order_view(order, pii=with_pii)
    if not pii("buyerInfo"):
        shown.pop("BuyerInfo", None)
    return shown


def _order_or_404(order_id: str) -> dict:
    order = sandbox().book.get(order_id)
    if order is None:
        raise ApiError(404, "NotFound", f"Order {order_id} not found")
    return order


@orders_v0.get(f"{V0}/<order_id>")
@operation("getOrderV0", restricted=True)
def get_order(order_id: str):
    order = _order_or_404(order_id)
    return json_response({"payload": _order(order, pii("shippingAddress"))})


@orders_v0.get(f"{V0}/<order_id>/orderItems")
@operation("getOrderItems", restricted=True)
def get_order_items(order_id: str):
    order = _order_or_404(order_id)
    items = v0_items_view(order, pii=pii("buyerInfo"))
    return json_response({"payload": {"AmazonOrderId": order_id, "OrderItems": items}})


@orders_v0.get(f"{V0}/<order_id>/address")
@operation("getOrderAddress", restricted=True, rdt_only=True)
def get_order_address(order_id: str):
    order = _order_or_404(order_id)
    view = v0_order_view(order, pii=True)
    payload: dict = {"AmazonOrderId": order_id}
    address = (order.get("recipient") or {}).get("deliveryAddress")
    if "ShippingAddress" in view and address:
        payload["ShippingAddress"] = v0_address(address, pii=True)
    company = (order.get("buyer") or {}).get("buyerCompanyName")
    if company:
        payload["BuyerCompanyName"] = company
    return json_response({"payload": payload})


@orders_v0.get(f"{V0}/<order_id>/buyerInfo")
@operation("getOrderBuyerInfo", restricted=True, rdt_only=True)
def get_order_buyer_info(order_id: str):
    order = _order_or_404(order_id)
    info = v0_order_view(order, pii=True).get("BuyerInfo", {})
    return json_response({"payload": {"AmazonOrderId": order_id, **info}})


@orders_v0.post(f"{V0}/<order_id>/shipmentConfirmation")
@operation("confirmShipment")
def confirm_shipment(order_id: str):
    state = sandbox()
    body = request.get_json(silent=True)
    try:
        state.book.confirm_shipment(order_id, body)
    except ConfirmationRejected as exc:
        raise ApiError(404 if exc.code == "NotFound" else 400, exc.code, exc.message) from None
    with state.lock:
        state.confirmations.append({"orderId": order_id, "body": body,
                                    "receivedAt": state.now().strftime("%Y-%m-%dT%H:%M:%SZ")})
    return Response(status=204)
