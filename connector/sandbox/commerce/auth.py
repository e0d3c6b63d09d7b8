"""Who may call: a bearer token, or an integration's OAuth 1.0a signature (HMAC-SHA256), as
Magento 2.4.4+ accepts them, and ACL resources a test can deny.

The signature is checked over the URL exactly as the client sent it (``REQUEST_URI``), because
that is what Magento signs against: a client that encodes a SKU's path segment one way and
signs it another is refused here as it would be there.
"""

from __future__ import annotations

import hmac
from types import SimpleNamespace
from urllib.parse import quote

from flask import request
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from connector.sandbox.commerce.errors import NOT_AUTHORIZED, MagentoError

DEFAULT_TOKEN = "sandbox-token"


ANONYMOUS = "anonymous"


class Credentials:
    """What the sandbox accepts. ``oauth`` holds the integration's four values, or is None."""

    def __init__(self, token: str = DEFAULT_TOKEN, oauth: dict | None = None,
                 denied_resources: tuple[str, ...] = ()):
        self.token = token
        self.oauth = oauth
        self.denied_resources = set(denied_resources)
        #: The four values of each integration activated on the Integrations page.
        self.activated: list[dict] = []

    def authorize(self, resource: str) -> None:
        """Let the current request through to ``resource``, or answer Magento's 401. An
        ``anonymous`` route (the directory) answers anyone, as in Magento's webapi.xml."""
        if resource == ANONYMOUS:
            return
        header = request.headers.get("Authorization", "")
        allowed = False
        if header.startswith("Bearer "):
            allowed = hmac.compare_digest(header[7:].strip(), self.token)
        elif header.startswith("OAuth "):
            allowed = any(self._oauth_valid(header, oauth)
                          for oauth in ([self.oauth] if self.oauth else []) + self.activated)
        if not allowed or resource in self.denied_resources:
            raise MagentoError(401, NOT_AUTHORIZED, {"resources": resource})

    @staticmethod
    def _oauth_valid(header: str, oauth: dict) -> bool:
        params = oauth_params(header)
        if (params.get("oauth_consumer_key") != oauth["consumer_key"]
                or params.get("oauth_token") != oauth["access_token"]):
            return False
        return signature_matches(header, oauth["consumer_secret"],
                                 oauth["access_token_secret"])


def oauth_params(header: str) -> dict[str, str]:
    """The ``oauth_*`` values of an ``Authorization: OAuth ...`` header."""
    try:
        return {k: oauth_utils.unescape(v)
                for k, v in oauth_utils.parse_authorization_header(header)}
    except (ValueError, TypeError):
        return {}


def signature_matches(header: str, client_secret: str, token_secret: str) -> bool:
    """Whether the request's HMAC-SHA256 signature is the one these secrets make."""
    params = oauth_params(header)
    if params.get("oauth_signature_method") != "HMAC-SHA256":
        return False
    # The base string, as Magento builds it.
    raw = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI") or (
        quote(request.script_root + request.path) + (
            "?" + request.query_string.decode() if request.query_string else ""))
    path, _, query = raw.partition("?")
    uri = request.host_url.rstrip("/") + path
    collected = oauth_signature.collect_parameters(uri_query=query,
                                                   headers={"Authorization": header})
    normalized = oauth_signature.normalize_parameters(collected)
    base = oauth_signature.signature_base_string(
        request.method, oauth_signature.base_string_uri(uri), normalized)
    secrets = SimpleNamespace(client_secret=client_secret,
                              resource_owner_secret=token_secret)
    expected = oauth_signature.sign_hmac_sha256_with_client(base, secrets)
    return hmac.compare_digest(expected, params.get("oauth_signature", ""))
