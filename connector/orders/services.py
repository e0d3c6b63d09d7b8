"""What every lifecycle step works with: the database, the clients of a store, the clock, and
read-only mode.

Clients are built per store from its stored (encrypted) credentials by two factories: one for
Amazon, called as ``amazon_factory(store)``, one for Commerce, called as
``commerce_factory(store, pool_size=n)``. Tests and benchmarks pass their own.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from connector import metrics
from connector.amazon import AmazonClient, LwaCredentials, LwaTokenCache
from connector.commerce import CommerceClient
from connector.db import Database
from connector.models import Store, utcnow
from connector.notifications import OrderChangeQueue
from connector.orders.coordination import run_holder
from connector.orders.rate_limits import restore_rate_limits

log = logging.getLogger("connector.orders")

AmazonFactory = Callable[[Store], AmazonClient]
#: ``factory(queue_arn)``: the SQS queue Amazon sends a store's notifications to.
QueueFactory = Callable[[str], OrderChangeQueue]
#: ``factory(store, pool_size=n)``: a client keeping up to ``n`` connections open.
CommerceFactory = Callable[..., CommerceClient]

#: Seconds to connect and to answer when a page asks Commerce: a page waits seconds, not the
#: minutes a scheduled run allows.
PAGE_TIMEOUT = (3, 5)


#: The process's LWA access tokens, by LWA URL and credentials: a token lasts an hour, so a
#: store's runs in that hour reuse it instead of each asking LWA first (with a thousand
#: stores, a thousand exchanges saved per interval). A rejected token is dropped at once.
LWA_TOKENS = LwaTokenCache()


def default_amazon(store: Store) -> AmazonClient:
    return AmazonClient(
        LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
        store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
        api=store.amazon_api, token_cache=LWA_TOKENS)


def default_queue(queue_arn: str) -> OrderChangeQueue:
    return OrderChangeQueue(queue_arn)


def default_commerce(store: Store, *, pool_size: int | None = None) -> CommerceClient:
    return CommerceClient(store.commerce_url, json.loads(store.commerce_credentials),
                          store.commerce_store_code, pool_size=pool_size)


@dataclass
class Services:
    """The lifecycle's dependencies, shared by jobs, views and tests: one per process."""

    db: Database
    owner: str
    read_only: bool = False
    #: Orders created in Commerce at once per run (Commerce's latency, not CPU, bounds it).
    import_concurrency: int = 4
    amazon_factory: AmazonFactory = default_amazon
    commerce_factory: CommerceFactory = default_commerce
    clock: Callable[[], datetime] = utcnow
    queue_factory: QueueFactory = default_queue
    #: State-changing calls held back in read-only mode (newest last), for health and tests.
    withheld: deque = field(default_factory=lambda: deque(maxlen=1000))
    #: Each store's Commerce region list, with when it was read (``orders.regions``).
    regions: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    #: Set when the process is shutting down: runs stop at their next safe point (between
    #: steps, pages and orders), release their lease, and leave the rest to the next run.
    stopping: threading.Event = field(default_factory=threading.Event)
    #: The queues opened so far, by ARN (opening one asks SQS for its URL).
    queues: dict = field(default_factory=dict)
    #: Queues that could not be read, and until when (monotonic) they are left alone.
    queue_trouble: dict = field(default_factory=dict)
    #: Each store's Amazon client for notifications, kept between messages so its token and
    #: its rate-limit buckets carry over (a fresh client would start with a full getOrder
    #: bucket every few seconds, and Amazon would answer 429).
    notify_clients: dict = field(default_factory=dict)

    def amazon_for(self, store: Store) -> AmazonClient:
        """The store's Amazon client, its rate-limit buckets where the last run of the same
        seller and application left them (``orders.rate_limits``)."""
        amazon = self.amazon_factory(store)
        amazon.observe_calls(metrics.amazon_call)
        restore_rate_limits(self.db, store, amazon)
        return amazon

    def commerce_for(self, store: Store, *, for_page: bool = False) -> CommerceClient:
        """The store's Commerce client. A run's import threads share it, so it keeps a
        connection for each of them; one made ``for_page`` gives up fast."""
        commerce = self.commerce_factory(store, pool_size=max(1, self.import_concurrency))
        commerce.observe = metrics.commerce_call
        if for_page:
            commerce.timeout = PAGE_TIMEOUT
            commerce.max_retries = 0
        return commerce

    def amazon_for_notifications(self, store: Store) -> AmazonClient:
        key = (store.id, store.updated_at)
        with self._lock:
            client = self.notify_clients.get(store.id)
            if client is None or client[0] != key:
                if client is not None:
                    client[1].close()
                client = (key, self.amazon_for(store))  # from the kept buckets, counted
                self.notify_clients[store.id] = client
            return client[1]

    def queue_for(self, queue_arn: str) -> OrderChangeQueue:
        if queue_arn not in self.queues:
            self.queues[queue_arn] = self.queue_factory(queue_arn)
        return self.queues[queue_arn]

    def holder(self) -> str:
        """A fresh holder name for one piece of work (a run, a resync, an import batch)."""
        return run_holder(self.owner)

    def withhold(self, what: str, **details) -> None:
        """Read-only mode: note the call that would have been sent, and send nothing."""
        self.withheld.append({"call": what, **details, "at": self.clock().isoformat()})
        log.info("read-only mode: withheld %s %s", what, details)
