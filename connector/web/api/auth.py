"""API keys: ``Authorization: Bearer <key>``, compared in constant time."""

from __future__ import annotations

import hmac

from flask import current_app, request
from flask_smorest import abort

KEYS = "connector_api_keys"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="amazon-orders-connector"'}


def set_keys(app, keys) -> None:
    """The keys this process accepts (settings, plus the demo's generated one)."""
    app.extensions[KEYS] = tuple(k for k in keys if k)


def key_matches(given: str, keys) -> bool:
    """Compare against every key, without stopping early, so timing says nothing."""
    found = False
    for key in keys:
        found |= hmac.compare_digest(given.encode(), key.encode())
    return found


def require_key() -> None:
    """``before_request`` of the API: 401 with a Bearer challenge unless the key is known."""
    keys = current_app.extensions.get(KEYS, ())
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    if not keys:
        abort(401, message="The API has no keys configured: set CONNECTOR_API_KEYS.",
              headers=CHALLENGE)
    if scheme.lower() != "bearer" or not given:
        abort(401, message="Send an API key as 'Authorization: Bearer <key>'.",
              headers=CHALLENGE)
    if not key_matches(given, keys):
        abort(401, message="The API key is not valid.",
              headers={"WWW-Authenticate": CHALLENGE["WWW-Authenticate"]
                       + ', error="invalid_token"'})
