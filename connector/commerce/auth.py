"""The two ways an integration authenticates to Commerce's REST API.

- ``{"token": ...}``: ``Authorization: Bearer``. An admin token, or an integration's access token
  when the merchant enabled *Allow OAuth Access Tokens to be used as standalone Bearer tokens*
  (needed since Magento 2.4.4).
- ``{"consumer_key", "consumer_secret", "access_token", "access_token_secret"}``: every request
  signed with OAuth 1.0a, HMAC-SHA256, which works on every version without that setting.
"""

from __future__ import annotations

from collections.abc import Mapping

import requests
from requests_oauthlib import OAuth1

__all__ = ["BearerAuth", "OAUTH_KEYS", "auth_for", "auth_mode"]

OAUTH_KEYS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")


class BearerAuth(requests.auth.AuthBase):
    """``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def auth_mode(credentials: Mapping[str, str]) -> str:
    """``"bearer"`` or ``"oauth1"``; a ValueError names what is missing or extra."""
    keys = {k for k, v in credentials.items() if v}
    if keys == {"token"}:
        return "bearer"
    if keys == set(OAUTH_KEYS):
        return "oauth1"
    missing = sorted(set(OAUTH_KEYS) - keys) if keys & set(OAUTH_KEYS) else []
    hint = f" (missing: {', '.join(missing)})" if missing else ""
    raise ValueError("Commerce credentials are either {'token'} or the four integration values "
                     f"{', '.join(OAUTH_KEYS)}{hint}")


def auth_for(credentials: Mapping[str, str]) -> requests.auth.AuthBase:
    if auth_mode(credentials) == "bearer":
        return BearerAuth(credentials["token"])
    return OAuth1(credentials["consumer_key"], credentials["consumer_secret"],
                  credentials["access_token"], credentials["access_token_secret"],
                  signature_method="HMAC-SHA256", signature_type="AUTH_HEADER")
