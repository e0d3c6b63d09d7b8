"""``AmazonClient``: one store's SP-API connection, reading orders through v2026 or v0."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Literal
from urllib.parse import quote

import requests

from connector.amazon import cancellations, orders_v2026
from connector.amazon.acknowledgement import Cancellation
from connector.amazon.auth import LWA_URL, LwaCredentials, LwaTokenCache
from connector.amazon.cancellations import CancellationOutcome
from connector.amazon.feeds import Feed, Feeds
from connector.amazon.notifications import Notifications
from connector.amazon.orders_v0 import V0Orders
from connector.amazon.page import OrderPage
from connector.amazon.ratelimit import RateLimiter
from connector.amazon.times import clamp_before, utcnow
from connector.amazon.transport import USER_AGENT, Transport
from connector.domain import Order, OrderStatus

ENDPOINTS = {
    "NA": "https://sellingpartnerapi-na.amazon.com",
    "EU": "https://sellingpartnerapi-eu.amazon.com",
    "FE": "https://sellingpartnerapi-fe.amazon.com",
}
Api = Literal["v2026", "v0"]


class AmazonClient:
    """Reads a store's orders and confirms its shipments. No business rules live here.

    ``endpoint`` and ``lwa_url`` override the regional SP-API host and the LWA token URL
    (the sandbox uses both). ``clock``/``sleep`` (monotonic seconds) drive rate limiting,
    token expiry and backoff; ``now`` is the wall clock used for time windows. All three are
    injectable so tests never wait for real.
    """

    def __init__(self, credentials: LwaCredentials, region: str, *, endpoint: str | None = None,
                 lwa_url: str | None = None, api: Api = "v2026",
                 session: requests.Session | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], datetime] = utcnow,
                 token_cache: LwaTokenCache | None = None,
                 limiter: RateLimiter | None = None,
                 max_retries: int = 3, max_wait: float | None = None, timeout: float = 30.0,
                 user_agent: str = USER_AGENT, rng: random.Random | None = None):
        region = region.upper()
        if region not in ENDPOINTS:
            raise ValueError(f"unknown SP-API region {region!r}; expected one of "
                             f"{', '.join(ENDPOINTS)}")
        if api not in ("v2026", "v0"):
            raise ValueError(f"unknown Orders API version {api!r}; expected v2026 or v0")
        self.region = region
        self.api = api
        self._own_session = session is None
        self._now = now
        self._transport = Transport(
            credentials, endpoint or ENDPOINTS[region], lwa_url or LWA_URL,
            session=session or requests.Session(),
            limiter=limiter or RateLimiter(clock=clock, sleep=sleep),
            token_cache=token_cache or LwaTokenCache(clock=clock),
            sleep=sleep, max_retries=max_retries, max_wait=max_wait, timeout=timeout,
            user_agent=user_agent, rng=rng)
        self._v0 = V0Orders(self._transport, clock) if api == "v0" else None
        self._feeds = Feeds(self._transport)
        #: Notifications API v1: destinations and the seller's ORDER_CHANGE subscription.
        self.notifications = Notifications(self._transport)

    # -- lifetime -----------------------------------------------------------------------------

    def close(self) -> None:
        if self._own_session:
            self._transport.session.close()

    def __enter__(self) -> AmazonClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def calls(self) -> Counter[str]:
        """Calls sent per operation (``lwaToken`` and ``createRestrictedDataToken`` too)."""
        return self._transport.calls

    def rate_limits(self) -> dict[str, tuple[float, float]]:
        """``operation -> (tokens, rate)`` of the buckets used, to keep for the next run."""
        return self._transport.limiter.snapshot()

    def restore_rate_limits(self, states: dict[str, tuple[float, float, float]]) -> None:
        """Start from ``operation -> (tokens, rate, seconds_ago)`` an earlier run kept."""
        self._transport.limiter.restore(states)

    def observe_calls(self, observer: Callable[[str, int], None] | None) -> None:
        """Tell ``observer(operation, status)`` of every answer (for monitoring)."""
        self._transport.observe = observer

    def sign_in(self) -> None:
        """Exchange the refresh token for an access token now (LWA), or raise why not; never
        a token kept from an earlier exchange."""
        self._transport.access_token(fresh=True)

    # -- reads --------------------------------------------------------------------------------

    def iter_orders_updated(self, marketplace_ids: Sequence[str], since: datetime,
                            until: datetime | None = None, *,
                            statuses: Iterable[OrderStatus] = ()) -> Iterator[OrderPage]:
        """Orders last updated in ``[since, until]``, page by page.

        ``until`` defaults to, and is clamped to, now minus two minutes (Amazon's rule). An
        empty window yields nothing. After the last page, the caller's watermark can move to
        ``page.until``.
        """
        if not marketplace_ids:
            raise ValueError("at least one marketplace id is required")
        if since.tzinfo is None:
            raise ValueError("since must be an aware (UTC) datetime")
        bound = clamp_before(until, self._now())
        if since >= bound:
            return
        wanted = tuple(statuses)
        if self._v0 is not None:
            yield from self._v0.search_orders(marketplace_ids, since, bound, statuses=wanted)
        else:
            yield from orders_v2026.search_orders(self._transport, marketplace_ids, since,
                                                  bound, statuses=wanted)

    def get_order(self, order_id: str) -> Order:
        if self._v0 is not None:
            return self._v0.get_order(order_id)
        return orders_v2026.get_order(self._transport, order_id)

    def get_orders(self, order_ids: Iterable[str]) -> list[Order]:
        """Each order in turn (getOrder is 0.5/s with a burst of 30 in both versions)."""
        return [self.get_order(order_id) for order_id in order_ids]

    # -- writes -------------------------------------------------------------------------------

    def confirm_shipment(self, order_id: str, marketplace_id: str, package: dict) -> None:
        """Send one confirmShipment (v0; not deprecated, used by both read paths).

        ``package`` is the ``packageDetail`` object, or a whole body that already holds
        ``packageDetail``. Sent once: on a ``NetworkError`` the caller must check the order
        before trying again. Confirming the same ``packageReferenceId`` again edits it.
        """
        if "packageDetail" in package:
            body = dict(package)
            if body.setdefault("marketplaceId", marketplace_id) != marketplace_id:
                raise ValueError("package body names another marketplace than marketplace_id")
        else:
            body = {"marketplaceId": marketplace_id, "packageDetail": package}
        self._transport.call("confirmShipment", "POST",
                             f"/orders/v0/orders/{quote(order_id, safe='')}/shipmentConfirmation",
                             body=body, retry=False)

    # -- seller cancellations -----------------------------------------------------------------

    def request_cancellations(self, seller_id: str, marketplace_ids: Sequence[str],
                              orders: Sequence[Cancellation]) -> str:
        """Ask Amazon to cancel these whole orders, each with its reason; the submission's
        id. Today one order acknowledgement feed (``POST_ORDER_ACKNOWLEDGEMENT_DATA``) carries
        them all. Amazon answers later (``cancellation_outcome``), and an order shows
        Canceled in a later read, not at once.

        The last call, createFeed, is sent once: after a ``NetworkError`` or ``ServerError``
        the submission may exist, so look (``cancellation_requests_since``) before sending
        again. A ``Throttled`` or ``InvalidInput`` means Amazon created nothing."""
        return cancellations.request(self._feeds, seller_id, marketplace_ids, orders)

    def cancellation_requests_since(self, marketplace_ids: Sequence[str],
                                    since: datetime) -> list[Feed]:
        """Cancellation submissions Amazon received from ``since`` on (by anyone selling
        with this seller account)."""
        return cancellations.requests_since(self._feeds, marketplace_ids, since)

    def cancellation_outcome(self, submission_id: str) -> CancellationOutcome:
        """Whether Amazon processed a submission yet, and what it said of each order."""
        return cancellations.outcome(self._feeds, submission_id)
