"""Amazon Selling Partner API client: orders in, shipment confirmations and cancellations out.

Public API::

    from connector.amazon import AmazonClient, LwaCredentials

    client = AmazonClient(LwaCredentials(client_id, client_secret, refresh_token), "EU",
                          api="v2026")            # or "v0"; endpoint=/lwa_url= for the sandbox
    for page in client.iter_orders_updated(["A1F83G8C2ARO7P"], since=watermark):
        for order in page.orders: ...             # connector.domain.Order
        page.rejected                             # orders Amazon sent that failed to parse
    watermark = page.until                        # after the last page
    client.get_order("205-4417213-7730712")       # -> Order
    client.get_orders([...])                      # -> list[Order]
    client.confirm_shipment(order_id, marketplace_id, package_detail)
    feed_id = client.request_cancellations(seller_id, marketplace_ids,
                                           [Cancellation(order_id, reason, item_ids, 1)])
    client.cancellation_requests_since(marketplace_ids, since)  # -> [Feed]: look before resending
    client.cancellation_outcome(feed_id)          # -> CancellationOutcome (report per order)
    client.calls                                  # Counter of calls per operation
    client.close()                                # or use it as a context manager

Both API versions return the same internal model (``connector.domain``); the pure
parsers are in ``connector.amazon.parse``. Every failure is a subclass of ``AmazonError``;
the tree is documented in ``connector.amazon.errors``. ``Throttled`` means: stop this run and
resume later. ``ReauthoriseStore`` means the seller must authorise the app again.
"""

from connector.amazon.acknowledgement import Cancellation, MessageResult, ProcessingReport
from connector.amazon.auth import LwaCredentials, LwaTokenCache
from connector.amazon.cancellations import CancellationOutcome
from connector.amazon.client import ENDPOINTS, AmazonClient
from connector.amazon.errors import (
    AmazonError,
    ApiErrorDetail,
    AuthError,
    InvalidInput,
    InvalidOrderData,
    MalformedResponse,
    NetworkError,
    NotFound,
    ReauthoriseStore,
    ServerError,
    Throttled,
)
from connector.amazon.feeds import Feed
from connector.amazon.page import OrderPage, RejectedOrder
from connector.amazon.ratelimit import USAGE_PLANS, RateLimiter, UsagePlan

__all__ = [
    "ENDPOINTS",
    "USAGE_PLANS",
    "AmazonClient",
    "AmazonError",
    "ApiErrorDetail",
    "AuthError",
    "Cancellation",
    "CancellationOutcome",
    "Feed",
    "InvalidInput",
    "InvalidOrderData",
    "LwaCredentials",
    "LwaTokenCache",
    "MalformedResponse",
    "MessageResult",
    "NetworkError",
    "NotFound",
    "OrderPage",
    "ProcessingReport",
    "RateLimiter",
    "ReauthoriseStore",
    "RejectedOrder",
    "ServerError",
    "Throttled",
    "UsagePlan",
]
