"""Orders API v2026-01-01: searchOrders and getOrder, the primary way to read orders.

One searchOrders page brings up to 100 orders with items, buyer and address, so a sync
costs about one call per hundred orders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from urllib.parse import quote

from connector.amazon.errors import InvalidOrderData
from connector.amazon.page import OrderPage, RejectedOrder
from connector.amazon.parse import parse_time, parse_v2026_order
from connector.amazon.times import amazon_time
from connector.amazon.transport import Transport
from connector.domain import OrderStatus

BASE = "/orders/2026-01-01/orders"
INCLUDED_DATA = ("BUYER", "RECIPIENT", "PROCEEDS", "PROMOTION", "FULFILLMENT", "CANCELLATION")
STATUS_NAMES = {
    OrderStatus.PENDING_AVAILABILITY: "PENDING_AVAILABILITY",
    OrderStatus.PENDING: "PENDING",
    OrderStatus.UNSHIPPED: "UNSHIPPED",
    OrderStatus.PARTIALLY_SHIPPED: "PARTIALLY_SHIPPED",
    OrderStatus.SHIPPED: "SHIPPED",
    OrderStatus.CANCELED: "CANCELLED",
    OrderStatus.UNFULFILLABLE: "UNFULFILLABLE",
}
PAGE_SIZE = 100


def search_orders(transport: Transport, marketplace_ids: Sequence[str], since: datetime,
                  until: datetime, *, statuses: Sequence[OrderStatus] = (),
                  created: bool = False) -> Iterator[OrderPage]:
    """Walk every page of orders updated (or ``created``) in ``[since, until]``."""
    after, before = ("createdAfter", "createdBefore") if created else (
        "lastUpdatedAfter", "lastUpdatedBefore")
    params: dict[str, str | int] = {
        after: amazon_time(since),
        before: amazon_time(until),
        "marketplaceIds": ",".join(marketplace_ids),
        "includedData": ",".join(INCLUDED_DATA),
        "maxResultsPerPage": PAGE_SIZE,
    }
    wanted = [STATUS_NAMES[s] for s in statuses if s in STATUS_NAMES]
    if wanted:
        params["fulfillmentStatuses"] = ",".join(wanted)
    token = None
    while True:
        page_params = dict(params, paginationToken=token) if token else params
        body = transport.call("searchOrders", "GET", BASE, params=page_params)
        if not isinstance(body, dict) or not isinstance(body.get("orders"), list):
            raise InvalidOrderData("orders", "searchOrders answer has no orders list")
        orders, rejected = [], []
        for raw in body["orders"]:
            try:
                orders.append(parse_v2026_order(raw))
            except InvalidOrderData as exc:
                rejected.append(RejectedOrder(_order_id(raw), exc))
        pagination = body.get("pagination")
        token = pagination.get("nextToken") if isinstance(pagination, dict) else None
        echoed = body.get(before)
        bound = parse_time(echoed, before) if isinstance(echoed, str) else until
        yield OrderPage(orders=orders, until=bound, has_more=bool(token), rejected=rejected)
        if not token:
            return


def get_order(transport: Transport, order_id: str):
    body = transport.call("getOrder", "GET", f"{BASE}/{quote(order_id, safe='')}",
                          params={"includedData": ",".join(INCLUDED_DATA)})
    if not isinstance(body, dict) or not isinstance(body.get("order"), dict):
        raise InvalidOrderData("order", "getOrder answer has no order object")
    return parse_v2026_order(body["order"])


def _order_id(raw) -> str | None:
    value = raw.get("orderId") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None
