"""Token buckets per SP-API operation, so calls wait for a token instead of being throttled.

Each bucket starts with the documented rate and burst and follows ``x-amzn-RateLimit-Limit``
when Amazon sends it (Amazon adjusts each seller's real limit). The bucket refills
continuously, whether or not calls are in flight.

A call takes its token when it is sent (``RateLimiter.begin``), but Amazon takes it when the
request arrives, which can be any time until the answer comes back. So the bucket counts the
call as in flight until ``settle`` and assumes the worst of both: the new call arrives at
once, while each earlier one arrived as late as its answer. Concretely, while calls are in
flight the bucket cannot refill above the burst minus those calls (Amazon's bucket may still
be full, wasting its refill, until they arrive), and ``settle`` makes that cap permanent for
the call just answered. Refill below the cap is never lost: a chain of calls runs at the rate,
not at one call per round trip plus refill interval, and however long or uneven the network
is, Amazon never sees more than the burst at once nor more than the rate in the long run.
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
    # Feeds API 2021-06-30 (feeds_2021-06-30.json)
    "createFeedDocument": UsagePlan(0.5, 15),
    "createFeed": UsagePlan(0.0083, 15),
    "getFeed": UsagePlan(2.0, 15),
    "getFeeds": UsagePlan(0.0222, 10),
    "getFeedDocument": UsagePlan(0.0222, 10),
    # Notifications API v1 (notifications.json): 1 request per second, burst 5, each.
    "getDestinations": UsagePlan(1.0, 5),
    "createDestination": UsagePlan(1.0, 5),
    "getSubscription": UsagePlan(1.0, 5),
    "createSubscription": UsagePlan(1.0, 5),
    "deleteSubscriptionById": UsagePlan(1.0, 5),
}


_ROUNDING = 1e-9  # tokens
_SHORTEST_WAIT = 1e-6  # seconds


class TokenBucket:
    """A token bucket; thread-safe.

    ``try_take`` is the plain bucket (a token leaves when it is taken; the sandbox serves
    with it). A client sending calls uses ``try_begin`` and then ``settle`` (answer arrived,
    or the call failed after it may have reached Amazon) or ``release`` (never sent).
    """

    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)  # taken tokens are already out, in flight or not
        self._stamp = clock()
        self._in_flight = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            cap = float(self.burst - self._in_flight)
            if self._tokens < cap:
                self._tokens = min(cap, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def _wait(self) -> float:
        # With calls in flight and the bucket at its cap this is a lower bound: the next
        # token then also needs an answer. A token short by float rounding only counts as
        # whole, and a wait is never so short that a clock could not move by it.
        missing = 1 - self._tokens
        if missing <= _ROUNDING:
            return 0.0
        return max(missing / self.rate, _SHORTEST_WAIT)

    def wait_time(self) -> float:
        """Seconds until a token is free (0 when one is free now)."""
        with self._lock:
            self._refill(self._clock())
            return self._wait()

    def try_take(self) -> float:
        """Take a token and return 0, or take nothing and return the seconds to wait."""
        with self._lock:
            self._refill(self._clock())
            wait = self._wait()
            if wait == 0:
                self._tokens -= 1
            return wait

    def try_begin(self) -> float:
        """``try_take`` for a call about to be sent: it is in flight until settled/released."""
        with self._lock:
            self._refill(self._clock())
            wait = self._wait()
            if wait == 0:
                self._tokens -= 1
                self._in_flight += 1
            return wait

    def settle(self) -> None:
        """The call's answer arrived (or it failed after it may have reached Amazon).

        Amazon took its token at the latest now, so the bucket keeps the cap it had while the
        call was in flight: refill before now stays, refill Amazon's full bucket could not
        hold is gone. A token taken with ``try_take`` is settled as the only call in flight.
        """
        with self._lock:
            self._refill(self._clock())
            if self._in_flight:
                self._in_flight -= 1
            else:
                self._tokens = min(self._tokens, float(self.burst - 1))

    def release(self) -> None:
        """The call begun was never sent: its token comes back."""
        with self._lock:
            self._refill(self._clock())
            if self._in_flight:
                self._in_flight -= 1
                self._tokens += 1

    def drain(self) -> None:
        """Amazon said 429: we have no tokens, whatever we believed."""
        with self._lock:
            self._tokens = 0.0
            self._stamp = self._clock()

    def set_rate(self, rate: float) -> None:
        with self._lock:
            self._refill(self._clock())
            self.rate = rate

    def snapshot(self) -> tuple[float, float]:
        """``(tokens, rate)`` now; a call in flight counts as taken."""
        with self._lock:
            self._refill(self._clock())
            return self._tokens, self.rate

    def restore(self, tokens: float, rate: float, seconds_ago: float) -> None:
        """Start from what an earlier run (here or in another process) left, ``seconds_ago``:
        its tokens plus the refill since, never above the burst."""
        with self._lock:
            if rate > 0:
                self.rate = rate
            refilled = max(0.0, tokens) + max(0.0, seconds_ago) * self.rate
            self._tokens = min(float(self.burst - self._in_flight), refilled)
            self._stamp = self._clock()


class RateLimiter:
    """One bucket per operation; ``begin`` sleeps until the operation may be called.

    Thread-safe: several threads may share one limiter (their calls then share the buckets).
    """

    def __init__(self, plans: dict[str, UsagePlan] | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._plans = dict(USAGE_PLANS if plans is None else plans)
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        #: Operations called (or re-rated by Amazon) since this limiter was made: only their
        #: buckets changed from what ``restore`` gave.
        self._used: set[str] = set()
        self._lock = threading.Lock()

    def bucket(self, operation: str) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(operation)
            if bucket is None:
                plan = self._plans.get(operation, UsagePlan(1.0, 1))
                bucket = self._buckets[operation] = TokenBucket(plan.rate, plan.burst,
                                                                clock=self._clock)
            return bucket

    def begin(self, operation: str, *, max_wait: float | None = None) -> float:
        """Take a token for a call about to be sent, sleeping as needed; returns the seconds
        waited. The caller must then ``settle`` (or, if it sends nothing, ``release``) the
        operation's bucket, however the call ends.

        Raises ``WaitTooLong`` when the wait would exceed ``max_wait`` (nothing is taken).
        """
        bucket = self._use(operation)
        return self._wait_for(operation, bucket, bucket.try_begin, max_wait)

    def acquire(self, operation: str, *, max_wait: float | None = None) -> float:
        """Take a token, sleeping as needed; returns the seconds waited (plain bucket: the
        token is not counted in flight).

        Raises ``WaitTooLong`` when the wait would exceed ``max_wait`` (nothing is taken).
        """
        bucket = self._use(operation)
        return self._wait_for(operation, bucket, bucket.try_take, max_wait)

    def _use(self, operation: str) -> TokenBucket:
        bucket = self.bucket(operation)
        with self._lock:
            self._used.add(operation)
        return bucket

    def _wait_for(self, operation: str, bucket: TokenBucket, take: Callable[[], float],
                  max_wait: float | None) -> float:
        waited = 0.0
        while True:
            wait = take()
            if wait <= 0:
                return waited
            if max_wait is not None and waited + wait > max_wait:
                raise WaitTooLong(operation, wait, bucket.rate)
            self._sleep(wait)
            waited += wait

    def snapshot(self) -> dict[str, tuple[float, float]]:
        """``operation -> (tokens, rate)`` of every bucket used so far (a bucket only restored
        is as its earlier run left it, plus refill: nothing new to keep)."""
        with self._lock:
            buckets = {op: self._buckets[op] for op in self._used}
        return {operation: bucket.snapshot() for operation, bucket in buckets.items()}

    def restore(self, states: dict[str, tuple[float, float, float]]) -> None:
        """``operation -> (tokens, rate, seconds_ago)``: buckets as an earlier run left them."""
        for operation, (tokens, rate, seconds_ago) in states.items():
            self.bucket(operation).restore(tokens, rate, seconds_ago)

    def update_from_header(self, operation: str, header: str | None) -> None:
        """Follow Amazon's ``x-amzn-RateLimit-Limit`` (best effort: ignore junk)."""
        if not header:
            return
        try:
            rate = float(header)
        except ValueError:
            return
        if rate > 0 and rate == rate and rate != float("inf"):
            bucket = self._use(operation)
            if bucket.rate != rate:
                bucket.set_rate(rate)


class WaitTooLong(Exception):
    def __init__(self, operation: str, wait: float, rate: float):
        super().__init__(f"{operation}: next token in {wait:.1f}s")
        self.operation = operation
        self.wait = wait
        self.rate = rate
