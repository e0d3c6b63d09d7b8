"""What every lifecycle step works with: the database, the clients of a store, the clock, and
read-only mode.

Clients are built per store from its stored (encrypted) credentials. Tests and benchmarks pass
their own factories.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from connector.amazon import AmazonClient, LwaCredentials
from connector.commerce import CommerceClient
from connector.db import Database
from connector.models import Store, utcnow

log = logging.getLogger("connector.orders")


def default_amazon(store: Store) -> AmazonClient:
    return AmazonClient(
        LwaCredentials(store.lwa_client_id, store.lwa_client_secret, store.refresh_token),
        store.region, endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
        api=store.amazon_api)


def default_commerce(store: Store, *, pool_size: int | None = None) -> CommerceClient:
    return CommerceClient(store.commerce_url, json.loads(store.commerce_credentials),
                          store.commerce_store_code, pool_size=pool_size)


@dataclass
class Lifecycle:
    """The order lifecycle's dependencies, shared by jobs, views and tests."""

    db: Database
    owner: str
    read_only: bool = False
    #: Orders created in Commerce at once per run (Commerce's latency, not CPU, bounds it).
    import_concurrency: int = 4
    amazon_factory: Callable[[Store], AmazonClient] = default_amazon
    commerce_factory: Callable[[Store], CommerceClient] = default_commerce
    clock: Callable[[], datetime] = utcnow
    #: State-changing calls held back in read-only mode (newest last), for health and tests.
    withheld: deque = field(default_factory=lambda: deque(maxlen=1000))

    def __post_init__(self) -> None:
        # A run's import threads share one Commerce client: the default one keeps a
        # connection for each of them (also when copied with ``dataclasses.replace``).
        factory = self.commerce_factory
        if (factory is default_commerce
                or getattr(factory, "__func__", None) is Lifecycle.pooled_commerce):
            self.commerce_factory = self.pooled_commerce

    def pooled_commerce(self, store: Store) -> CommerceClient:
        """``default_commerce`` with a connection pool the size of the import concurrency."""
        return default_commerce(store, pool_size=max(1, self.import_concurrency))

    def withhold(self, what: str, **details) -> None:
        """Read-only mode: note the call that would have been sent, and send nothing."""
        self.withheld.append({"call": what, **details, "at": self.clock().isoformat()})
        log.info("read-only mode: withheld %s %s", what, details)
