"""Amazon's envelope around every SP-API operation: the error shape, ``x-amzn-RequestId``,
``x-amzn-RateLimit-Limit`` (on 200, 204, 400 and 404 only, never on a 429), access and
Restricted Data Tokens, the rate limit, and the faults a test asked for.

The order of the checks is Amazon's as far as a client can tell: an injected throttle or 500
comes before authorisation, authorisation before the bucket, the bucket before the operation.
"""

from __future__ import annotations

import functools
import json
import time
import uuid

from flask import Response, g, request

from connector.sandbox.amazon.state import SandboxState, sandbox

QUOTA = "You exceeded your quota for the requested resource."
DENIED = "Access to requested resource is denied."


def json_response(body, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def errors(status: int, code: str, message: str, details: str | None = None) -> Response:
    error = {"code": code, "message": message}
    if details:
        error["details"] = details
    return json_response({"errors": [error]}, status)


class ApiError(Exception):
    """Raised by an operation to answer with Amazon's error shape."""

    def __init__(self, status: int, code: str, message: str, details: str | None = None):
        super().__init__(message)
        self.response = errors(status, code, message, details)


def invalid(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "InvalidInput", message, details)


def sold_in(marketplaces) -> None:
    """A search of a marketplace the seller does not sell in: Amazon answers 403
    Unauthorized, as it does for a missing role (the answer does not say which)."""
    selling = sandbox().seller_marketplaces
    if selling is not None and any(m not in selling for m in marketplaces):
        raise ApiError(403, "Unauthorized", DENIED, "")


def list_param(name: str) -> list[str]:
    """Amazon's arrays arrive comma-separated (Swagger csv); repeated keys are accepted too."""
    values = []
    for raw in request.args.getlist(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return values


def pii(element: str) -> bool:
    """Whether this request's Restricted Data Token grants ``element`` (``buyerInfo``...)."""
    return element in getattr(g, "pii", set())


def operation(name: str, *, restricted: bool = False, rdt_only: bool = False,
              grantless: bool = False):
    """Serve the view as Amazon's operation ``name``. ``restricted``: a Restricted Data Token
    is accepted (and unlocks PII); ``rdt_only``: nothing else is; ``grantless``: only the
    app's own token (``client_credentials``) is."""
    def wrap(handler):
        @functools.wraps(handler)
        def run(**kwargs):
            state = sandbox()
            state.feeds.process_due()  # Amazon works on feeds whether or not anyone asks
            with state.lock:
                state.calls[name] += 1
                faults = dict(state.faults)
                if state.fault_operations and name not in state.fault_operations:
                    faults = dict.fromkeys(faults, 0.0)
                roll = [state.fault_rng.random() for _ in range(3)]
            if faults["latency_ms"]:
                time.sleep(faults["latency_ms"] / 1000)
            response = _serve(state, name, restricted, rdt_only, lambda: handler(**kwargs),
                              faults, roll, grantless)
            response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
            if response.status_code in (200, 204, 400, 404):
                response.headers["x-amzn-RateLimit-Limit"] = state.rate_header(name)
            return response
        return run
    return wrap


def _serve(state: SandboxState, name: str, restricted: bool, rdt_only: bool, handler,
           faults: dict, roll: list[float], grantless: bool = False) -> Response:
    if roll[0] < faults["throttle_rate"]:
        state.count("throttled", name)
        return errors(429, "QuotaExceeded", QUOTA)
    if roll[1] < faults["error_rate"]:
        state.count("server_errors", name)
        return errors(500, "InternalFailure", "We encountered an internal error. Please try "
                      "again.")
    denied = _grantless(state) if grantless else _authorise(state, restricted, rdt_only)
    if denied is not None:
        return denied
    if not state.buckets[name].take():
        state.count("throttled", name)
        return errors(429, "QuotaExceeded", QUOTA)
    try:
        response = handler()
    except ApiError as exc:
        return exc.response
    if response.status_code == 200 and roll[2] < faults["malformed_rate"]:
        state.count("malformed", name)
        body = response.get_data()
        response.set_data(body[: max(1, len(body) // 2)])
    return response


def _authorise(state: SandboxState, restricted: bool, rdt_only: bool) -> Response | None:
    token = request.headers.get("x-amz-access-token", "")
    moment = state.clock()
    with state.lock:
        if token in state.access_tokens and not rdt_only:
            if moment >= state.access_tokens[token]:
                return _expired()
            g.pii = set()
            return None
        if token in state.rdts and restricted:
            expiry, resources = state.rdts[token]
            if moment >= expiry:
                return _expired()
            # request.path is relative to the mount point: Flask strips SCRIPT_NAME.
            elements = covered(resources, request.method, request.path)
            if elements is None:
                return _denied()
            g.pii = elements
            return None
    return _denied()


def _grantless(state: SandboxState) -> Response | None:
    """A grantless operation takes the app's token for its scope, never a seller's."""
    token = request.headers.get("x-amz-access-token", "")
    with state.lock:
        expiry = state.grantless_tokens.get(token)
    if expiry is None:
        return _denied()
    if state.clock() >= expiry:
        return _expired()
    g.pii = set()
    return None


def _denied() -> Response:
    return errors(403, "Unauthorized", DENIED,
                  "The access token you provided is revoked, malformed or invalid.")


def _expired() -> Response:
    return errors(403, "Unauthorized", DENIED, "The access token you provided has expired.")


def covered(resources: list[dict], method: str, path: str) -> set[str] | None:
    """The data elements an RDT grants for this request, or None when it does not cover it."""
    target = path.rstrip("/").split("/")
    for resource in resources:
        if resource.get("method") != method:
            continue
        pattern = resource["path"].rstrip("/").split("/")
        if len(pattern) == len(target) and all(
                p == t or (p.startswith("{") and p.endswith("}")) for p, t in
                zip(pattern, target, strict=True)):
            return set(resource.get("dataElements", []))
    return None
