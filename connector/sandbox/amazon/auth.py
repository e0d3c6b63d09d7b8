"""Login with Amazon (refresh token -> access token) and the Tokens API (Restricted Data
Tokens), with their error answers, so the client's handling of each can be tested."""

from __future__ import annotations

import secrets

from flask import Blueprint, request

from connector.sandbox.amazon.envelope import ApiError, json_response, operation
from connector.sandbox.amazon.state import sandbox

DATA_ELEMENTS = {"buyerInfo", "shippingAddress", "buyerTaxInformation"}
RDT_LIFETIME = 3600  # seconds

auth = Blueprint("auth", __name__)


def _lwa_error(status: int, error: str, description: str):
    return json_response({"error": error, "error_description": description}, status)


@auth.post("/auth/o2/token")
def lwa_token():
    state = sandbox()
    state.count("calls", "lwaToken")
    form = request.form
    if form.get("grant_type") == "authorization_code":
        from connector.sandbox.amazon.consent import exchange

        return json_response(*exchange(form))
    if form.get("grant_type") == "client_credentials":
        return _grantless_token(state, form)
    if form.get("grant_type") != "refresh_token":
        return _lwa_error(400, "unsupported_grant_type",
                          "Only refresh_token, authorization_code and client_credentials are "
                          "supported here")
    if not form.get("refresh_token") or not form.get("client_id"):
        return _lwa_error(400, "invalid_request", "The request is missing a required parameter")
    if (form.get("client_id") != state.client_id
            or form.get("client_secret") != state.client_secret):
        return _lwa_error(401, "invalid_client", "Client authentication failed")
    if form.get("refresh_token") != state.refresh_token:
        return _lwa_error(400, "invalid_grant",
                          "The request has an invalid grant parameter : refresh_token")
    token = "Atza|" + secrets.token_urlsafe(24)
    with state.lock:
        state.access_tokens[token] = state.clock() + state.expires_in
    return json_response({"access_token": token, "refresh_token": state.refresh_token,
                          "token_type": "bearer", "expires_in": int(state.expires_in)})


#: The scopes a grantless token may have (the Notifications API's is the one served here).
GRANTLESS_SCOPES = {"sellingpartnerapi::notifications"}


def _grantless_token(state, form):
    """The app's own token (no seller): ``client_credentials`` with a scope."""
    if not form.get("client_id") or not form.get("scope"):
        return _lwa_error(400, "invalid_request", "The request is missing a required parameter")
    if (form.get("client_id") != state.client_id
            or form.get("client_secret") != state.client_secret):
        return _lwa_error(401, "invalid_client", "Client authentication failed")
    if form.get("scope") not in GRANTLESS_SCOPES:
        return _lwa_error(400, "invalid_scope", "The scope is not valid")
    token = "Atc|" + secrets.token_urlsafe(24)
    with state.lock:
        state.grantless_tokens[token] = state.clock() + state.expires_in
    return json_response({"access_token": token, "scope": form["scope"],
                          "token_type": "bearer", "expires_in": int(state.expires_in)})


def _invalid_request(details: str) -> ApiError:
    return ApiError(400, "InvalidRequest", "Request is missing or has invalid parameters",
                    details)


@auth.post("/tokens/2021-03-01/restrictedDataToken")
@operation("createRestrictedDataToken")
def create_rdt():
    body = request.get_json(silent=True)
    resources = body.get("restrictedResources") if isinstance(body, dict) else None
    if not isinstance(resources, list) or not resources or len(resources) > 50:
        raise _invalid_request("Resource not provided.")
    for resource in resources:
        if (not isinstance(resource, dict) or resource.get("method") not in
                ("GET", "PUT", "POST", "DELETE") or not isinstance(resource.get("path"), str)
                or not resource["path"].startswith("/")):
            raise _invalid_request("Resource not provided.")
        elements = resource.get("dataElements", [])
        if not isinstance(elements, list) or not set(elements) <= DATA_ELEMENTS:
            raise _invalid_request("Invalid dataElements.")
    token = "Atz.sprdt|" + secrets.token_urlsafe(24)
    state = sandbox()
    with state.lock:
        state.rdts[token] = (state.clock() + RDT_LIFETIME, resources)
    return json_response({"restrictedDataToken": token, "expiresIn": RDT_LIFETIME})
