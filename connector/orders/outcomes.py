"""The outcome policy: what a failure of Amazon, Commerce or the database means, decided once.

Lifecycle entry points return outcomes; jobs and views render them and never catch a client's
error. Three kinds of trouble:

- **retry later**: a passing failure (Amazon throttled or unreachable, Commerce unreachable or
  answering 5xx, the database connection lost). Nothing is lost; the next run, or the order's
  retry time, tries again.
- **blocked**: this order cannot be imported until the merchant fixes something; the reason is
  the note the merchant reads.
- **store error**: the store cannot be worked on until someone acts (credentials revoked, an
  ACL resource missing, Amazon refusing the request).

Errors that are none of these (a bug) are not classified: they propagate, and the job logs them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError

from connector.amazon import AmazonError, NetworkError, ServerError, Throttled
from connector.commerce import (
    CommerceError,
    CommerceNetworkError,
    CommerceServerError,
    CommerceValidationError,
)
from connector.domain import BlockReason
from connector.models import SyncState


class Kind(enum.StrEnum):
    DONE = "done"
    RETRY_LATER = "retry_later"
    BLOCKED = "blocked"
    STORE_ERROR = "store_error"


class Source(enum.StrEnum):
    AMAZON = "amazon"
    COMMERCE = "commerce"
    DATABASE = "database"


@dataclass(frozen=True)
class Outcome:
    """What happened, in words a merchant or an integrator can act on."""

    kind: Kind
    message: str | None = None
    source: Source | None = None
    #: Amazon's rate limit stopped the work (a kind of "retry later").
    throttled: bool = False
    #: The client's own words (for the store's last Amazon/Commerce error on health).
    detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.kind == Kind.DONE


DONE = Outcome(Kind.DONE)


class OrderBlocked(Exception):
    """The order cannot be imported until the merchant fixes something; the message is the
    note the merchant reads, ``reason`` and ``sku`` let the pages offer the fix."""

    def __init__(self, message: str, reason: str = BlockReason.REFUSED,
                 sku: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.sku = sku


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def classify(exc: BaseException) -> Outcome | None:
    """The outcome of a failure of Amazon, Commerce or the database; ``None`` for anything
    else (a bug, which must surface)."""
    if isinstance(exc, Throttled):
        return Outcome(Kind.RETRY_LATER, f"Amazon: {exc}", Source.AMAZON, throttled=True,
                       detail=str(exc))
    if isinstance(exc, AmazonError):
        kind = Kind.RETRY_LATER if isinstance(exc, NetworkError | ServerError) else \
            Kind.STORE_ERROR
        return Outcome(kind, f"Amazon: {exc}", Source.AMAZON, detail=str(exc))
    if isinstance(exc, CommerceError):
        kind = Kind.RETRY_LATER if isinstance(exc, CommerceNetworkError | CommerceServerError) \
            else Kind.STORE_ERROR
        return Outcome(kind, f"Commerce: {exc}", Source.COMMERCE, detail=str(exc))
    if isinstance(exc, DBAPIError):  # the database connection was lost mid-work
        cause = exc.orig if exc.orig is not None else exc
        return Outcome(Kind.RETRY_LATER, f"Database: {_first_line(cause)}", Source.DATABASE)
    return None


@dataclass(frozen=True)
class OrderFailure:
    """What an import's failure means for that one order."""

    kind: Kind
    message: str
    reason: str = BlockReason.REFUSED
    sku: str | None = None


def order_failure(exc: BaseException) -> OrderFailure | None:
    """Failures that concern one order only (the others stop the store's work)."""
    if isinstance(exc, OrderBlocked):
        return OrderFailure(Kind.BLOCKED, str(exc), exc.reason, exc.sku)
    if isinstance(exc, CommerceValidationError):
        return OrderFailure(Kind.BLOCKED, f"Cannot create sales order: {exc.message}")
    if isinstance(exc, CommerceNetworkError | CommerceServerError):
        return OrderFailure(Kind.RETRY_LATER, f"{exc}.")
    return None


def note_on_store(state: SyncState | None, outcome: Outcome, now) -> None:
    """Keep a store-level failure where ``/health/ready`` and the dashboard read it."""
    if state is None or outcome.ok:
        return
    if outcome.throttled:
        state.throttled_at = now
    if outcome.source == Source.AMAZON:
        state.last_amazon_error = outcome.detail
    elif outcome.source == Source.COMMERCE:
        state.last_commerce_error = outcome.detail


@dataclass
class ImportOutcome:
    """What importing some orders did (``counts`` by result), and the store-level trouble that
    stopped it, if any (then the orders are retried on the next sync)."""

    counts: dict[str, int] = field(default_factory=dict)
    stopped_by: Outcome | None = None

    def add(self, result: str, number: int = 1) -> None:
        self.counts[result] = self.counts.get(result, 0) + number

    def get(self, result: str, default: int = 0) -> int:
        return self.counts.get(result, default)
