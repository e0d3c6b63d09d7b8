"""Login with Amazon's ``authorization_code`` grant: the last step of the website
authorization workflow, where the ``spapi_oauth_code`` Seller Central handed the seller's
browser becomes the store's refresh token. The code lives five minutes and is good once."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from connector.amazon.auth import LWA_URL, post_lwa


@dataclass(frozen=True)
class CodeRefused(Exception):
    """LWA refused the exchange; ``error`` is its OAuth error code (``invalid_grant`` for an
    expired or used code, ``invalid_client``, ...), or ``network`` when it did not answer."""

    error: str
    description: str = ""

    def __str__(self) -> str:
        return f"{self.error}: {self.description}" if self.description else self.error


def exchange_code(code: str, *, client_id: str, client_secret: str, redirect_uri: str,
                  lwa_url: str | None = None, timeout: float = 10.0) -> str:
    """The refresh token the code is worth; raises ``CodeRefused``."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": client_id, "client_secret": client_secret}
    try:
        with requests.Session() as session:
            answer, body, _ = post_lwa(session, lwa_url or LWA_URL, form, timeout=timeout,
                                       headers={})
    except requests.RequestException:
        raise CodeRefused("network", "Login with Amazon did not answer") from None
    if not isinstance(body, dict):
        body = {}
    if answer.status_code != 200 or not isinstance(body.get("refresh_token"), str):
        raise CodeRefused(str(body.get("error") or f"HTTP {answer.status_code}"),
                          str(body.get("error_description") or ""))
    return body["refresh_token"]
