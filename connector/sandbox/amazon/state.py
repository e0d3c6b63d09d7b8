"""One sandbox's state: its orders and feeds, the tokens it issued, its rate-limit buckets, the
faults it is told to inject and what it counted. The routes find it in
``current_app.extensions["amazon_sandbox"]``, so one process can run several sandboxes.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime

from flask import current_app

from connector.sandbox.amazon.book import OrderBook
from connector.sandbox.amazon.catalog import sample_orders
from connector.sandbox.amazon.feed_desk import FeedDesk
from connector.sandbox.amazon.generator import generate_orders
from connector.sandbox.amazon.limits import USAGE_PLANS, TokenBucket
from connector.sandbox.amazon.notify_desk import NotifyDesk

FAULT_KEYS = ("throttle_rate", "error_rate", "malformed_rate", "latency_ms")


class SandboxState:
    def __init__(self, *, client_id: str, client_secret: str, refresh_token: str,
                 expires_in: float, time_scale: float, generate: int, seed: int,
                 skus, samples: bool, clock: Callable[[], float],
                 now: Callable[[], datetime], stamp: Callable[[], datetime],
                 catalog: Mapping[str, tuple[str, str]], backdate_minutes: float,
                 feed_seconds: float = 60.0, seller_id: str = "A1SELLER", sqs=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.expires_in = expires_in
        self.time_scale = time_scale
        self.generate = generate
        self.seed = seed
        self.skus = skus
        self.samples = samples
        self.clock = clock
        self.now = now
        self.stamp = stamp  # the clock changes are stamped with (``backdated``)
        self.catalog = catalog
        self.backdate_minutes = backdate_minutes
        self.book = OrderBook(stamp)
        self.feeds = FeedDesk(self.book, now, feed_seconds)
        self.lock = threading.Lock()
        self.access_tokens: dict[str, float] = {}
        self.grantless_tokens: dict[str, float] = {}
        self.notify = NotifyDesk(seller_id, now, **({"sqs": sqs} if sqs else {}), seed=seed)
        self.book.listeners.append(self.notify.order_changed)
        self.rdts: dict[str, tuple[float, list[dict]]] = {}
        self.reset()

    def reset(self) -> None:
        """Counts, faults and buckets back to a fresh start; the orders back to the samples
        and generated ones. Tokens issued stay valid."""
        with self.lock:
            self.calls: Counter[str] = Counter()
            self.throttled: Counter[str] = Counter()
            self.server_errors: Counter[str] = Counter()
            self.malformed: Counter[str] = Counter()
            self.confirmations: list[dict] = []
            self.faults = {key: 0.0 for key in FAULT_KEYS}
            #: The operations the faults hit; empty: every operation.
            self.fault_operations: frozenset[str] = frozenset()
            self.fault_rng = random.Random(self.seed)
            #: The marketplaces the seller sells in; None: every one. Amazon answers a search
            #: of any other with 403 Unauthorized.
            self.seller_marketplaces: frozenset[str] | None = None
            self.buckets = {op: TokenBucket(plan.rate * self.time_scale, plan.burst,
                                            clock=self.clock)
                            for op, plan in USAGE_PLANS.items()}
        self.book.clear()
        self.feeds.clear()
        self.notify.clear()
        now = self.now()
        if self.samples:
            for order in sample_orders(now):
                self.book.add(order)
        if self.generate:
            self.book.add_many(generate_orders(self.generate, seed=self.seed, skus=self.skus,
                                               now=now))

    def rate_header(self, operation: str) -> str:
        return f"{self.buckets[operation].rate:g}"

    def count(self, counter: str, operation: str) -> None:
        with self.lock:
            getattr(self, counter)[operation] += 1


def sandbox() -> SandboxState:
    """The state of the sandbox app serving this request."""
    return current_app.extensions["amazon_sandbox"]
