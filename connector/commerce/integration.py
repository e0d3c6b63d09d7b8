"""Magento's integration activation, the connector's side: with the consumer key, secret and
verifier Commerce posted to the callback URL, ask Commerce for a request token, then an access
token (``/oauth/token/request`` and ``/oauth/token/access``, both signed with OAuth 1.0a
HMAC-SHA256), as Magento's ``OauthService`` and ``Token`` controllers expect."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256
from requests_oauthlib import OAuth1Session
from requests_oauthlib.oauth1_session import TokenRequestDenied

# Both libraries log the tokens and secrets of every exchange at DEBUG: never let them.
for _name in ("requests_oauthlib", "oauthlib"):
    logging.getLogger(_name).setLevel(logging.INFO)


@dataclass(frozen=True)
class ExchangeRefused(Exception):
    """Commerce refused a token request: its HTTP status (0: no answer) and its
    ``oauth_problem`` ("Consumer key has expired", ...)."""

    status: int
    problem: str

    def __str__(self) -> str:
        return f"{self.status}: {self.problem}"


def _problem(text: str) -> str:
    found = parse_qs(text or "").get("oauth_problem")
    return found[0] if found else (text or "")[:200]


def exchange_tokens(base_url: str, consumer_key: str, consumer_secret: str, verifier: str, *,
                    timeout: float = 10.0) -> dict[str, str]:
    """The integration's access token and its secret; raises ``ExchangeRefused``."""
    base = base_url.rstrip("/")
    try:
        first = OAuth1Session(consumer_key, client_secret=consumer_secret,
                              signature_method=SIGNATURE_HMAC_SHA256)
        request_token = first.fetch_request_token(f"{base}/oauth/token/request",
                                                  timeout=timeout)
        second = OAuth1Session(consumer_key, client_secret=consumer_secret,
                               resource_owner_key=request_token["oauth_token"],
                               resource_owner_secret=request_token["oauth_token_secret"],
                               verifier=verifier, signature_method=SIGNATURE_HMAC_SHA256)
        access = second.fetch_access_token(f"{base}/oauth/token/access", timeout=timeout)
    except TokenRequestDenied as denied:
        raise ExchangeRefused(denied.status_code, _problem(denied.response.text)) from None
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise ExchangeRefused(0, f"no usable answer ({type(exc).__name__})") from None
    return {"access_token": access["oauth_token"],
            "access_token_secret": access["oauth_token_secret"]}
