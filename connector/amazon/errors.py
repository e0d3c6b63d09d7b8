"""Everything the Amazon client raises, as one tree so callers can catch at the right level.

::

    AmazonError                      any failure talking to Amazon or reading its answer
    ├── InvalidOrderData             (also ValueError) an order payload lacks a field or has
    │                                a wrong type; names the JSON field path
    ├── AuthError                    LWA rejected the app, or SP-API answered 401/403
    │   └── ReauthoriseStore         LWA said invalid_grant: the seller must authorise again
    ├── Throttled                    429: stop the run, resume later (carries operation, limit)
    ├── InvalidInput                 400 and other 4xx: Amazon's errors[] code/message
    │   └── NotFound                 404: no such order (or path)
    ├── ServerError                  5xx after the retries GETs are allowed
    │   └── MalformedResponse        a 2xx whose body is not the JSON Amazon promises
    └── NetworkError                 connection refused/reset, timeout

Every HTTP error carries ``operation``, ``status`` and Amazon's ``x-amzn-RequestId`` (as
``request_id``), which is what Amazon support asks for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiErrorDetail:
    """One element of Amazon's ``errors[]``."""

    code: str
    message: str
    details: str | None = None


class AmazonError(Exception):
    def __init__(self, message: str, *, operation: str | None = None, status: int | None = None,
                 request_id: str | None = None, errors: tuple[ApiErrorDetail, ...] = ()):
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status
        self.request_id = request_id
        self.errors = tuple(errors)

    def __str__(self) -> str:
        parts = [self.message]
        if self.operation:
            parts.append(f"operation={self.operation}")
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.request_id:
            parts.append(f"x-amzn-RequestId={self.request_id}")
        return " ".join(parts)

    @property
    def code(self) -> str | None:
        """The first Amazon error code, if Amazon sent one."""
        return self.errors[0].code if self.errors else None


class InvalidOrderData(AmazonError, ValueError):
    """An order payload we cannot trust: a required field is missing or has the wrong type."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class AuthError(AmazonError):
    pass


class ReauthoriseStore(AuthError):
    """The refresh token is no longer valid (revoked, expired, or for another app)."""


class Throttled(AmazonError):
    """Amazon answered 429. Carries the operation and the rate we believed we had."""

    def __init__(self, message: str, *, limit: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.limit = limit


class InvalidInput(AmazonError):
    pass


class NotFound(InvalidInput):
    pass


class ServerError(AmazonError):
    pass


class MalformedResponse(ServerError):
    pass


class NetworkError(AmazonError):
    pass
