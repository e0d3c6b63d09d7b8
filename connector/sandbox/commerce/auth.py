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

    def authorize(self, resource: str) -> None:
        """Let the current request through to ``resource``, or answer Magento's 401. An
        ``anonymous`` route (the directory) answers anyone, as in Magento's webapi.xml."""
        if resource == ANONYMOUS:
            return
        header = request.headers.get("Authorization", "")
        allowed = False
        if header.startswith("Bearer "):
            allowed = hmac.compare_digest(header[7:].strip(), self.token)
        elif header.startswith("OAuth ") and self.oauth:
            allowed = self._oauth_valid(header)
        if not allowed or resource in self.denied_resources:
            raise MagentoError(401, NOT_AUTHORIZED, {"resources": resource})

    def _oauth_valid(self, header: str) -> bool:
        params = {k: oauth_utils.unescape(v)
                  for k, v in oauth_utils.parse_authorization_header(header)}
        if (params.get("oauth_consumer_key") != self.oauth["consumer_key"]
                or params.get("oauth_token") != self.oauth["access_token"]
                or params.get("oauth_signature_method") != "HMAC-SHA256"):
            return False
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
        secrets = SimpleNamespace(client_secret=self.oauth["consumer_secret"],
                                  resource_owner_secret=self.oauth["access_token_secret"])
        expected = oauth_signature.sign_hmac_sha256_with_client(base, secrets)
        return hmac.compare_digest(expected, params.get("oauth_signature", ""))
