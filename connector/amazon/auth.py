"""Login with Amazon: trade a store's refresh token for short-lived access tokens.

Tokens are cached per credentials (one store = one refresh token) and refreshed a little
before they expire. One lock per credentials means concurrent callers for the same store
trigger one exchange, not one each.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from connector.amazon.errors import AuthError, MalformedResponse, ReauthoriseStore, ServerError

LWA_URL = "https://api.amazon.com/auth/o2/token"
#: Refresh this long before expiry (capped at a tenth of the lifetime for short-lived tokens).
REFRESH_MARGIN = 60.0


@dataclass(frozen=True)
class LwaCredentials:
    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)

    @property
    def cache_key(self) -> str:
        """Identifies the store without keeping the secret in clear in a dict key."""
        raw = f"{self.client_id}\0{self.client_secret}\0{self.refresh_token}".encode()
        return hashlib.sha256(raw).hexdigest()


@dataclass
class _Token:
    value: str
    refresh_at: float


class LwaTokenCache:
    """Access tokens per (LWA URL, credentials). Share one instance across clients to reuse
    a store's token between runs in the same process."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._tokens: dict[tuple[str, str], _Token] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock_for(self, key) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def get(self, credentials: LwaCredentials, lwa_url: str,
            fetch: Callable[[], tuple[str, float]], *, fresh: bool = False) -> tuple[str, bool]:
        """The cached token, or a new one from ``fetch() -> (token, expires_in)``; with
        ``fresh``, always a new one (a connection check proves the exchange itself works).

        Returns ``(token, fresh)``; ``fresh`` says it was fetched just now.
        """
        key = (lwa_url, credentials.cache_key)
        with self._lock_for(key):
            token = self._tokens.get(key)
            if not fresh and token is not None and self._clock() < token.refresh_at:
                return token.value, False
            value, expires_in = fetch()
            margin = min(REFRESH_MARGIN, expires_in / 10)
            self._tokens[key] = _Token(value, self._clock() + expires_in - margin)
            return value, True

    def invalidate(self, credentials: LwaCredentials, lwa_url: str, value: str) -> None:
        """Drop the token if it is still the one that was rejected."""
        key = (lwa_url, credentials.cache_key)
        with self._lock_for(key):
            token = self._tokens.get(key)
            if token is not None and token.value == value:
                del self._tokens[key]


def post_lwa(session: requests.Session, lwa_url: str, form: dict[str, str], *,
             timeout: float, headers: dict[str, str]
             ) -> tuple[requests.Response, object, str | None]:
    """POST one grant to Login with Amazon: ``(response, JSON body or None, request id)``.
    Each grant reads the answer its own way."""
    response = session.post(
        lwa_url, data=form, timeout=timeout,
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"})
    try:
        body = response.json()
    except ValueError:
        body = None
    return response, body, response.headers.get("x-amzn-RequestId")


def exchange_refresh_token(session: requests.Session, lwa_url: str,
                           credentials: LwaCredentials, *, timeout: float,
                           headers: dict[str, str]) -> tuple[str, float]:
    """One LWA exchange: ``(access_token, expires_in)``, or a typed error."""
    response, body, request_id = post_lwa(
        session, lwa_url,
        {"grant_type": "refresh_token", "refresh_token": credentials.refresh_token,
         "client_id": credentials.client_id, "client_secret": credentials.client_secret},
        timeout=timeout, headers=headers)
    if response.status_code == 200:
        if (not isinstance(body, dict) or not isinstance(body.get("access_token"), str)
                or not isinstance(body.get("expires_in"), int | float)):
            raise MalformedResponse("LWA answered 200 without access_token/expires_in",
                                    operation="lwaToken", status=200, request_id=request_id)
        return body["access_token"], float(body["expires_in"])
    error = body.get("error") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    if error == "invalid_grant":
        raise ReauthoriseStore(
            "Amazon no longer accepts this store's authorisation (invalid_grant); "
            "re-authorise the store in Seller Central",
            operation="lwaToken", status=response.status_code, request_id=request_id)
    if error == "invalid_client":
        raise AuthError("Amazon rejected the app's LWA client id or secret (invalid_client)",
                        operation="lwaToken", status=response.status_code, request_id=request_id)
    if response.status_code >= 500:
        raise ServerError(f"LWA answered {response.status_code}", operation="lwaToken",
                          status=response.status_code, request_id=request_id)
    raise AuthError(f"LWA refused the token exchange: {error or response.status_code}"
                    + (f" ({description})" if description else ""),
                    operation="lwaToken", status=response.status_code, request_id=request_id)


def exchange_client_credentials(session: requests.Session, lwa_url: str, client_id: str,
                                client_secret: str, scope: str, *, timeout: float,
                                headers: dict[str, str]) -> tuple[str, float]:
    """A grantless token (``client_credentials`` for ``scope``): the app's own, for the
    operations no seller authorises, such as the Notifications API's destinations."""
    response, body, request_id = post_lwa(
        session, lwa_url,
        {"grant_type": "client_credentials", "scope": scope, "client_id": client_id,
         "client_secret": client_secret},
        timeout=timeout, headers=headers)
    if response.status_code == 200 and isinstance(body, dict) and isinstance(
            body.get("access_token"), str) and isinstance(body.get("expires_in"), int | float):
        return body["access_token"], float(body["expires_in"])
    if response.status_code == 200:
        raise MalformedResponse("LWA answered 200 without access_token/expires_in",
                                operation="lwaGrantless", status=200, request_id=request_id)
    if response.status_code >= 500:
        raise ServerError(f"LWA answered {response.status_code}", operation="lwaGrantless",
                          status=response.status_code, request_id=request_id)
    error = body.get("error") if isinstance(body, dict) else None
    raise AuthError(f"LWA refused the grantless token for {scope}: "
                    f"{error or response.status_code}", operation="lwaGrantless",
                    status=response.status_code, request_id=request_id)
