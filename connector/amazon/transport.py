"""One SP-API call: token, rate limit, headers, retries, and Amazon's answer as a typed error.

Retry rules: reads (GET) and token exchanges are safe to repeat, so 5xx, broken connections
and garbled bodies are retried with jittered, bounded backoff. A POST that changes an order
(confirmShipment) is sent once: a retry after a timeout could confirm twice, and only the
caller can check what happened. 429 is never retried here: the caller stops the run.
"""

from __future__ import annotations

import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import requests

from connector.amazon.auth import LwaCredentials, LwaTokenCache, exchange_refresh_token
from connector.amazon.errors import (
    AmazonError,
    ApiErrorDetail,
    AuthError,
    InvalidInput,
    MalformedResponse,
    NetworkError,
    NotFound,
    ServerError,
    Throttled,
)
from connector.amazon.ratelimit import RateLimiter, WaitTooLong

APP_NAME = "AmazonOrdersForAdobeCommerce"
APP_VERSION = "0.1.0"
USER_AGENT = (f"{APP_NAME}/{APP_VERSION} (Language=Python/{platform.python_version()}; "
              f"Platform={platform.system() or sys.platform})")


class Transport:
    def __init__(self, credentials: LwaCredentials, base_url: str, lwa_url: str, *,
                 session: requests.Session, limiter: RateLimiter, token_cache: LwaTokenCache,
                 sleep: Callable[[float], None] = time.sleep, max_retries: int = 3,
                 backoff_base: float = 0.5, backoff_cap: float = 8.0,
                 max_wait: float | None = None, timeout: float = 30.0,
                 user_agent: str = USER_AGENT, rng: random.Random | None = None):
        self.credentials = credentials
        self.base_url = base_url.rstrip("/")
        self.lwa_url = lwa_url
        self.session = session
        self.limiter = limiter
        self.token_cache = token_cache
        self.sleep = sleep
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_wait = max_wait
        self.timeout = timeout
        self.user_agent = user_agent
        self.rng = rng or random.Random()
        self.calls: Counter[str] = Counter()
        #: 429 answers per operation.
        self.throttled: Counter[str] = Counter()
        #: Told ``(operation, status)`` after each answer (monitoring); None: nobody.
        self.observe: Callable[[str, int], None] | None = None

    # -- LWA --------------------------------------------------------------------------------

    def access_token(self, *, fresh: bool = False) -> tuple[str, bool]:
        return self.token_cache.get(self.credentials, self.lwa_url, self._exchange, fresh=fresh)

    def _exchange(self) -> tuple[str, float]:
        attempt = 0
        while True:
            self.calls["lwaToken"] += 1
            try:
                return exchange_refresh_token(self.session, self.lwa_url, self.credentials,
                                              timeout=self.timeout,
                                              headers={"user-agent": self.user_agent})
            except (requests.ConnectionError, requests.Timeout) as exc:
                error: AmazonError = NetworkError(f"LWA unreachable: {exc}", operation="lwaToken")
            except ServerError as exc:
                error = exc
            if attempt >= self.max_retries:
                raise error
            self._backoff(attempt)
            attempt += 1

    def _backoff(self, attempt: int) -> None:
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** attempt)
        self.sleep(ceiling / 2 + self.rng.uniform(0, ceiling / 2))

    # -- SP-API -----------------------------------------------------------------------------

    def call(self, operation: str, method: str, path: str, *, params: dict | None = None,
             body: Any = None, token: str | None = None, retry: bool | None = None) -> Any:
        """Send one operation; returns the decoded JSON (``None`` for 204).

        ``token`` is a Restricted Data Token to send instead of the LWA token. ``retry``
        defaults to True for GET only.
        """
        retry = method == "GET" if retry is None else retry
        url = self.base_url + path
        bucket = self.limiter.bucket(operation)
        attempt = 0
        renewed_token = False
        while True:
            try:
                self.limiter.begin(operation, max_wait=self.max_wait)
            except WaitTooLong as exc:
                raise Throttled(f"next {operation} token in {exc.wait:.0f}s, over the "
                                f"{self.max_wait:.0f}s allowed", operation=operation,
                                limit=exc.rate) from None
            # The call is in flight for the limiter from here until it is settled (sent) or
            # released (not sent), however it ends.
            try:
                access, fresh = (token, True) if token else self.access_token()
            except BaseException:
                bucket.release()
                raise
            self.calls[operation] += 1
            failure = None
            try:
                response = self.session.request(
                    method, url, params=params, json=body, timeout=self.timeout,
                    headers={"x-amz-access-token": access, "user-agent": self.user_agent,
                             "accept": "application/json"})
            except (requests.ConnectionError, requests.Timeout) as exc:
                failure = exc
            finally:
                bucket.settle()
            if failure is not None:
                if retry and attempt < self.max_retries:
                    self._backoff(attempt)
                    attempt += 1
                    continue
                raise NetworkError(f"{method} {path} failed: {failure}",
                                   operation=operation) from None
            self.limiter.update_from_header(operation,
                                            response.headers.get("x-amzn-RateLimit-Limit"))
            try:
                return self._answer(operation, response)
            except ServerError:
                if retry and attempt < self.max_retries:
                    self._backoff(attempt)
                    attempt += 1
                    continue
                raise
            except Throttled:
                bucket.drain()
                raise
            except AuthError:
                # A cached LWA token may have been revoked or expired early: get a new one,
                # once. A Restricted Data Token is renewed by its owner, not here.
                if token is None and not fresh and not renewed_token:
                    self.token_cache.invalidate(self.credentials, self.lwa_url, access)
                    renewed_token = True
                    continue
                raise

    def transfer(self, operation: str, method: str, url: str, *, data: bytes | None = None,
                 content_type: str | None = None) -> bytes:
        """Upload (PUT) or download (GET) a feed document at the pre-signed ``url`` Amazon
        gave: no token (the URL is the authorisation, and a token must not leak to the
        storage host), no SP-API rate limit. Both are safe to repeat (a PUT to the same URL
        replaces the same object), so failures are retried like reads."""
        headers = {"user-agent": self.user_agent}
        if content_type:
            headers["content-type"] = content_type
        attempt = 0
        while True:
            self.calls[operation] += 1
            try:
                response = self.session.request(method, url, data=data, headers=headers,
                                                timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                error: AmazonError = NetworkError(f"{operation} failed: {exc}",
                                                  operation=operation)
            else:
                if 200 <= response.status_code < 300:
                    return response.content
                error = (ServerError if response.status_code >= 500 else InvalidInput)(
                    f"{operation}: the document host answered HTTP {response.status_code}",
                    operation=operation, status=response.status_code)
            if isinstance(error, InvalidInput) or attempt >= self.max_retries:
                raise error
            self._backoff(attempt)
            attempt += 1

    def _answer(self, operation: str, response: requests.Response) -> Any:
        status = response.status_code
        if status == 429:
            self.throttled[operation] += 1
        if self.observe is not None:
            self.observe(operation, status)
        request_id = response.headers.get("x-amzn-RequestId")
        if 200 <= status < 300:
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise MalformedResponse(f"{operation}: answer is not valid JSON",
                                        operation=operation, status=status,
                                        request_id=request_id) from None
        errors = _error_details(response)
        first = errors[0] if errors else None
        summary = f"{first.code}: {first.message}" if first else f"HTTP {status}"
        if first and first.details:
            summary += f" ({first.details})"
        kwargs = {"operation": operation, "status": status, "request_id": request_id,
                  "errors": errors}
        if status == 429:
            bucket = self.limiter.bucket(operation)
            raise Throttled(f"{operation} throttled by Amazon: {summary}", limit=bucket.rate,
                            **kwargs)
        if status in (401, 403):
            raise AuthError(f"{operation} not authorised: {summary}", **kwargs)
        if status == 404:
            raise NotFound(f"{operation}: {summary}", **kwargs)
        if status >= 500:
            raise ServerError(f"{operation}: Amazon server error {summary}", **kwargs)
        raise InvalidInput(f"{operation} rejected: {summary}", **kwargs)


def _error_details(response: requests.Response) -> tuple[ApiErrorDetail, ...]:
    try:
        body = response.json()
    except ValueError:
        return ()
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return ()
    details = []
    for error in errors:
        if isinstance(error, dict):
            details.append(ApiErrorDetail(code=str(error.get("code") or ""),
                                          message=str(error.get("message") or ""),
                                          details=(str(error["details"])
                                                   if error.get("details") else None)))
    return tuple(details)
