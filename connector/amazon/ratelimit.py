"""Token buckets per SP-API operation, so calls wait for a token instead of being throttled.

Each bucket starts with the documented rate and burst and follows ``x-amzn-RateLimit-Limit``
when Amazon sends it (Amazon adjusts each seller's real limit). A call takes a token before
it is sent; refill is paused while the call is in flight and restarts when its answer
arrives, so our count never runs ahead of Amazon's however long the network takes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UsagePlan:
    rate: float  # tokens per second
    burst: int


#: Default usage plans published in Amazon's models (requests per second, burst).
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
}


class TokenBucket:
    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def wait_time(self) -> float:
        """Seconds until a token is free (0 when one is free now)."""
        with self._lock:
            self._refill(self._clock())
            return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def try_take(self) -> float:
        """Take a token and return 0, or take nothing and return the seconds to wait."""
        with self._lock:
            now = self._clock()
            self._refill(now)
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self.rate

    def settle(self) -> None:
        """The call's answer arrived: forget refill accrued while it was in flight."""
        with self._lock:
            self._stamp = max(self._stamp, self._clock())

    def drain(self) -> None:
        """Amazon said 429: we have no tokens, whatever we believed."""
        with self._lock:
            self._tokens = 0.0
            self._stamp = self._clock()

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self._refill(self._clock())
            self.rate = rate


class RateLimiter:
    """One bucket per operation; ``acquire`` sleeps until the operation may be called."""

    def __init__(self, plans: dict[str, UsagePlan] | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._plans = dict(USAGE_PLANS if plans is None else plans)
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, operation: str) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(operation)
            if bucket is None:
                plan = self._plans.get(operation, UsagePlan(1.0, 1))
                bucket = self._buckets[operation] = TokenBucket(plan.rate, plan.burst,
                                                                clock=self._clock)
            return bucket

    def acquire(self, operation: str, *, max_wait: float | None = None) -> float:
        """Take a token, sleeping as needed; returns the seconds waited.

        Raises ``WaitTooLong`` when the wait would exceed ``max_wait`` (nothing is taken).
        """
        bucket = self.bucket(operation)
        waited = 0.0
        while True:
            wait = bucket.try_take()
            if wait <= 0:
                return waited
            if max_wait is not None and waited + wait > max_wait:
                raise WaitTooLong(operation, wait, bucket.rate)
            self._sleep(wait)
            waited += wait

    def update_from_header(self, operation: str, header: str | None) -> None:
        """Follow Amazon's ``x-amzn-RateLimit-Limit`` (best effort: ignore junk)."""
        if not header:
            return
        try:
            rate = float(header)
        except ValueError:
            return
        if rate > 0 and rate == rate and rate != float("inf"):
            bucket = self.bucket(operation)
            if bucket.rate != rate:
                bucket.set_rate(rate)


class WaitTooLong(Exception):
    def __init__(self, operation: str, wait: float, rate: float):
        super().__init__(f"{operation}: next token in {wait:.1f}s")
        self.operation = operation
        self.wait = wait
        self.rate = rate
