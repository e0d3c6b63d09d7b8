"""Orders API v0 reads (deprecated by Amazon, removal announced for 2027), kept for sellers
whose app registration has not moved to v2026 yet.

Buyer and address PII need a Restricted Data Token. One RDT for the generic paths
(``/orders/v0/orders``, ``.../{orderId}``, ``.../{orderId}/orderItems``) covers the whole
window for an hour, so a sync costs one RDT, one getOrders per 100 orders and one
getOrderItems per order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from urllib.parse import quote

from connector.amazon.errors import AuthError, InvalidOrderData
from connector.amazon.page import OrderPage, RejectedOrder
from connector.amazon.parse import parse_time, parse_v0_order
from connector.amazon.sanitize import is_order_id
from connector.amazon.times import amazon_time
from connector.amazon.transport import Transport
from connector.domain import Order, OrderStatus

BASE = "/orders/v0/orders"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
RESTRICTED_RESOURCES = [
    {"method": "GET", "path": BASE, "dataElements": ["buyerInfo", "shippingAddress"]},
    {"method": "GET", "path": f"{BASE}/{{orderId}}",
     "dataElements": ["buyerInfo", "shippingAddress"]},
    {"method": "GET", "path": f"{BASE}/{{orderId}}/orderItems", "dataElements": ["buyerInfo"]},
]
#: Renew the RDT this long before Amazon's stated expiry.
RDT_MARGIN = 60.0
PAGE_SIZE = 100


class RestrictedToken:
    """The one RDT an adapter uses, renewed shortly before it expires."""

    def __init__(self, transport: Transport, clock: Callable[[], float] = time.monotonic):
        self._transport = transport
        self._clock = clock
        self._value: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> str:
        with self._lock:
            if self._value is None or self._clock() >= self._renew_at:
                body = self._transport.call("createRestrictedDataToken", "POST", RDT_PATH,
                                            body={"restrictedResources": RESTRICTED_RESOURCES},
                                            retry=True)  # creating a token changes nothing
                if (not isinstance(body, dict)
                        or not isinstance(body.get("restrictedDataToken"), str)):
                    raise InvalidOrderData("restrictedDataToken", "RDT answer has no token")
                expires_in = body.get("expiresIn")
                lifetime = float(expires_in) if isinstance(expires_in, int | float) else 3600.0
                self._value = body["restrictedDataToken"]
                self._renew_at = self._clock() + lifetime - min(RDT_MARGIN, lifetime / 10)
            return self._value

    def forget(self, value: str) -> None:
        with self._lock:
            if self._value == value:
                self._value = None


class V0Orders:
    def __init__(self, transport: Transport, clock: Callable[[], float] = time.monotonic):
        self.transport = transport
        self.rdt = RestrictedToken(transport, clock)

    def _restricted(self, operation: str, path: str, params: dict | None = None):
        """A GET with the RDT; a rejected RDT (expired early, revoked) is renewed once."""
        token = self.rdt.get()
        try:
            return self.transport.call(operation, "GET", path, params=params, token=token)
        except AuthError:
            self.rdt.forget(token)
            return self.transport.call(operation, "GET", path, params=params,
                                       token=self.rdt.get())

    def search_orders(self, marketplace_ids: Sequence[str], since: datetime, until: datetime,
                      *, statuses: Sequence[OrderStatus] = (),
                      created: bool = False) -> Iterator[OrderPage]:
        after, before = ("CreatedAfter", "CreatedBefore") if created else (
            "LastUpdatedAfter", "LastUpdatedBefore")
        params: dict[str, str | int] = {
            "MarketplaceIds": ",".join(marketplace_ids),
            after: amazon_time(since),
            before: amazon_time(until),
            "MaxResultsPerPage": PAGE_SIZE,
        }
        if statuses:
            params["OrderStatuses"] = ",".join(s.value for s in statuses)
        token = None
        while True:
            page_params = dict(params, NextToken=token) if token else params
            payload = _payload(self._restricted("getOrders", BASE, page_params), "getOrders")
            raw_orders = payload.get("Orders")
            if not isinstance(raw_orders, list):
                raise InvalidOrderData("payload.Orders", "getOrders answer has no Orders list")
            orders, rejected = [], []
            for raw in raw_orders:
                try:
                    orders.append(self._with_items(raw))
                except InvalidOrderData as exc:
                    rejected.append(RejectedOrder(_order_id(raw), exc))
            token = payload.get("NextToken") or None
            echoed = payload.get(before)
            try:
                bound = parse_time(echoed, before) if isinstance(echoed, str) else until
            except InvalidOrderData:
                bound = until
            yield OrderPage(orders=orders, until=bound, has_more=bool(token), rejected=rejected)
            if not token:
                return

    def get_order(self, order_id: str) -> Order:
        payload = _payload(self._restricted("getOrderV0", f"{BASE}/{quote(order_id, safe='')}"),
                           "getOrder")
        return self._with_items(payload)

    def items(self, order_id: str) -> list[dict]:
        path = f"{BASE}/{quote(order_id, safe='')}/orderItems"
        items: list[dict] = []
        token = None
        while True:
            payload = _payload(self._restricted("getOrderItems", path,
                                                {"NextToken": token} if token else None),
                               "getOrderItems")
            page = payload.get("OrderItems")
            if not isinstance(page, list):
                raise InvalidOrderData("payload.OrderItems", "getOrderItems has no OrderItems")
            items.extend(page)
            token = payload.get("NextToken") or None
            if not token:
                return items

    def _with_items(self, raw: dict) -> Order:
        order_id = _order_id(raw)
        if order_id is None:
            raise InvalidOrderData("AmazonOrderId", "required field is missing")
        if not is_order_id(order_id):  # before it goes into a getOrderItems path
            raise InvalidOrderData("AmazonOrderId", f"not an Amazon order id (3-7-7): "
                                                    f"{order_id[:40]!r}")
        return parse_v0_order(raw, self.items(order_id))


def _payload(body, operation: str) -> dict:
    if not isinstance(body, dict) or not isinstance(body.get("payload"), dict):
        raise InvalidOrderData("payload", f"{operation} answer has no payload object")
    return body["payload"]


def _order_id(raw) -> str | None:
    value = raw.get("AmazonOrderId") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and value else None
