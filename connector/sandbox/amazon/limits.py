"""Amazon's rate limits as the sandbox enforces them: one token bucket per operation, with the
rate and burst each model documents in its "Usage Plan" table.

Kept apart from the connector's own rate limiter on purpose: if the limiter misjudged a rate
or a refill, a sandbox built on it would agree and never answer 429; built on Amazon's
published figures, the sandbox throttles the client exactly where Amazon would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UsagePlan:
    rate: float  # requests per second
    burst: int


#: The default usage plans in Amazon's models (orders_2026-01-01.json, ordersV0.json,
#: tokens_2021-03-01.json, feeds_2021-06-30.json), by the sandbox's operation names
#: (``getOrderV0`` is v0 getOrder).
USAGE_PLANS: dict[str, UsagePlan] = {
    "searchOrders": UsagePlan(0.0056, 20),
    "getOrder": UsagePlan(0.5, 30),
    "getOrders": UsagePlan(0.0167, 20),
    "getOrderV0": UsagePlan(0.5, 30),
    "getOrderItems": UsagePlan(0.5, 30),
    "getOrderAddress": UsagePlan(0.5, 30),
    "getOrderBuyerInfo": UsagePlan(0.5, 30),
    "confirmShipment": UsagePlan(2.0, 10),
    "createRestrictedDataToken": UsagePlan(1.0, 10),
    # feeds_2021-06-30.json
    "createFeedDocument": UsagePlan(0.5, 15),
    "createFeed": UsagePlan(0.0083, 15),
    "getFeed": UsagePlan(2.0, 15),
    "getFeeds": UsagePlan(0.0222, 10),
    "getFeedDocument": UsagePlan(0.0222, 10),
    # notifications.json: every operation 1 request per second, burst 5
    "getDestinations": UsagePlan(1.0, 5),
    "createDestination": UsagePlan(1.0, 5),
    "getSubscription": UsagePlan(1.0, 5),
    "createSubscription": UsagePlan(1.0, 5),
    "deleteSubscriptionById": UsagePlan(1.0, 5),
}

# A token short only by float rounding counts as whole: Amazon's buckets do not lose a call
# to the 15th decimal of a refill.
_ROUNDING = 1e-9


class TokenBucket:
    """Starts full with ``burst`` tokens and refills at ``rate`` per second up to ``burst``;
    a call that finds no whole token is throttled. Thread-safe."""

    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float]):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Take a token if there is one; False means throttle the call."""
        with self._lock:
            now = self._clock()
            if now > self._stamp:
                self._tokens = min(float(self.burst),
                                   self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
            if self._tokens < 1 - _ROUNDING:
                return False
            self._tokens = max(0.0, self._tokens - 1)
            return True
