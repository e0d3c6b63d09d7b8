"""A local stand-in for Amazon: LWA, Orders v2026-01-01 and v0, Tokens (RDT), confirmShipment.

It speaks Amazon's HTTP (paths, parameters, bodies, error shapes, ``x-amzn-RequestId`` and
``x-amzn-RateLimit-Limit`` headers) so the client is tested over real sockets. Each operation
has Amazon's documented token bucket; ``time_scale`` speeds refill up (100 = a hundred times
faster) and the advertised ``x-amzn-RateLimit-Limit`` is the scaled rate, exactly as Amazon
advertises a seller's real rate. Control API under ``/_sandbox/``; a page at ``/`` to place
orders and move them along (``amazon_page``). Works mounted under a prefix: nothing here
builds an absolute URL.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import random
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import click
from flask import Flask, Response, g, request

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_time
from connector.amazon.ratelimit import USAGE_PLANS, TokenBucket
from connector.sandbox.amazon_generator import DEFAULT_CATALOG, generate_orders
from connector.sandbox.amazon_page import add_page, backdated
from connector.sandbox.amazon_store import (
    ConfirmationRejected,
    OrderBook,
    sample_orders,
    v0_address,
    v0_items_view,
    v0_order_view,
    v2026_view,
)

V2026 = "/orders/2026-01-01/orders"
V0 = "/orders/v0/orders"
INCLUDED_DATA = {"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
                 "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS"}
STATUSES = {"PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED",
            "CANCELLED", "UNFULFILLABLE"}
V0_STATUSES = {"PendingAvailability": "PENDING_AVAILABILITY", "Pending": "PENDING",
               "Unshipped": "UNSHIPPED", "PartiallyShipped": "PARTIALLY_SHIPPED",
               "Shipped": "SHIPPED", "Canceled": "CANCELLED", "Unfulfillable": "UNFULFILLABLE",
               "InvoiceUnconfirmed": "SHIPPED"}
DATA_ELEMENTS = {"buyerInfo", "shippingAddress", "buyerTaxInformation"}
FAULT_KEYS = ("throttle_rate", "error_rate", "malformed_rate", "latency_ms")
BEFORE_LAG = timedelta(minutes=2)


def utcnow() -> datetime:
    return datetime.now(UTC)


class SandboxState:
    def __init__(self, *, client_id: str, client_secret: str, refresh_token: str,
                 expires_in: float, time_scale: float, generate: int, seed: int,
                 skus, samples: bool, clock: Callable[[], float],
                 now: Callable[[], datetime], stamp: Callable[[], datetime] | None = None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.expires_in = expires_in
        self.time_scale = time_scale
        self.generate = generate
        self.seed = seed
        self.skus = skus
        self.samples = samples
        self.clock = clock
        self.now = now
        self.book = OrderBook(stamp or now)  # ``stamp``: the clock changes are stamped with
        self.lock = threading.Lock()
        self.access_tokens: dict[str, float] = {}
        self.rdts: dict[str, tuple[float, list[dict]]] = {}
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.calls: Counter[str] = Counter()
            self.throttled: Counter[str] = Counter()
            self.server_errors: Counter[str] = Counter()
            self.malformed: Counter[str] = Counter()
            self.confirmations: list[dict] = []
            self.faults = {key: 0.0 for key in FAULT_KEYS}
            self.fault_rng = random.Random(self.seed)
            self.buckets = {op: TokenBucket(plan.rate * self.time_scale, plan.burst,
                                            clock=self.clock)
                            for op, plan in USAGE_PLANS.items()}
        self.book.clear()
        now = self.now()
        if self.samples:
            for order in sample_orders(now):
                self.book.add(order)
        if self.generate:
            self.book.add_many(generate_orders(self.generate, seed=self.seed, skus=self.skus,
                                               now=now))

    def rate_header(self, operation: str) -> str:
        return f"{self.buckets[operation].rate:g}"


# -- responses --------------------------------------------------------------------------------

def _json(body, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _errors(status: int, code: str, message: str, details: str | None = None) -> Response:
    error = {"code": code, "message": message}
    if details:
        error["details"] = details
    return _json({"errors": [error]}, status)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: str | None = None):
        super().__init__(message)
        self.response = _errors(status, code, message, details)


def _invalid(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "InvalidInput", message, details)


def _list_param(name: str) -> list[str]:
    """Amazon's arrays arrive comma-separated (Swagger csv); repeated keys are accepted too."""
    values = []
    for raw in request.args.getlist(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return values


def _time_param(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        if "T" not in raw:
            raise InvalidOrderData(name, "no time part")
        return parse_time(raw, name)
    except InvalidOrderData:
        raise _invalid(f"Invalid {name}: must be an ISO 8601 date-time",
                       f"{name}={raw!r}") from None


def _page_token(fingerprint: str, offset: int) -> str:
    raw = json.dumps({"f": fingerprint, "o": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_page_token(token: str, fingerprint: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["f"] != fingerprint:
            raise ValueError
        return int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise _invalid("Invalid pagination token",
                       "The token is malformed or was issued for other filters") from None


def _window(after_name: str, before_name: str, created_after: str, created_before: str,
            now: datetime) -> tuple[str, datetime, datetime, str]:
    """Validate Amazon's time-window rules; returns (field, after, before, echo key)."""
    created = _time_param(created_after)
    created_to = _time_param(created_before)
    updated = _time_param(after_name)
    updated_to = _time_param(before_name)
    if (created is None) == (updated is None):
        raise _invalid(f"Exactly one of {created_after} and {after_name} is required")
    if created is not None and (updated_to is not None):
        raise _invalid(f"{before_name} cannot be combined with {created_after}")
    if updated is not None and created_to is not None:
        raise _invalid(f"{created_before} cannot be combined with {after_name}")
    latest = now - BEFORE_LAG
    if created is not None:
        after, before, echo = created, created_to, created_before
    else:
        after, before, echo = updated, updated_to, before_name
    if before is not None and before > latest:
        raise _invalid(f"{echo} must be at least 2 minutes before the time of the request")
    before = before or latest
    if before < after:
        raise _invalid(f"{echo} must be equal to or after the 'After' date")
    return ("createdTime" if created is not None else "lastUpdatedTime"), after, before, echo


# -- the app ----------------------------------------------------------------------------------

def create_amazon_sandbox(*, client_id: str = "sandbox-client",
                          client_secret: str = "sandbox-secret",
                          refresh_token: str = "Atzr|sandbox", expires_in: float = 3600,
                          time_scale: float = 1.0, generate: int = 0, seed: int = 0,
                          skus=None, samples: bool = True,
                          clock: Callable[[], float] = time.monotonic,
                          now: Callable[[], datetime] = utcnow, backdate_minutes: float = 0.0,
                          catalog: Mapping[str, tuple[str, str]] | None = None) -> Flask:
    """The sandbox app. ``samples`` loads the bundled sample orders; ``generate`` adds that
    many generated ones (``seed``, ``skus`` as for ``generate_orders``).

    ``backdate_minutes`` stamps orders placed or changed here that many minutes in the past:
    Amazon only returns changes older than two minutes, so a demo with it set to 3 or more
    shows each change on the connector's next sync. ``catalog`` (SKU -> (title, unit price))
    is what the page at ``/`` sells; default the generator's catalogue."""
    if time_scale <= 0:
        raise ValueError("time_scale must be positive")
    if backdate_minutes < 0:
        raise ValueError("backdate_minutes must not be negative")
    app = Flask(__name__)
    stamp = backdated(now, backdate_minutes)
    state = SandboxState(client_id=client_id, client_secret=client_secret,
                         refresh_token=refresh_token, expires_in=expires_in,
                         time_scale=time_scale, generate=generate, seed=seed, skus=skus,
                         samples=samples, clock=clock, now=now, stamp=stamp)
    app.extensions["amazon_sandbox"] = state

    def operation(name: str, *, restricted: bool = False, rdt_only: bool = False):
        """Amazon's envelope around an operation: count, faults, auth, rate limit, headers.

        ``restricted``: a Restricted Data Token is accepted (and unlocks PII); ``rdt_only``:
        nothing else is.
        """
        def wrap(handler):
            @functools.wraps(handler)
            def run(**kwargs):
                request_id = str(uuid.uuid4())
                with state.lock:
                    state.calls[name] += 1
                    faults = dict(state.faults)
                    roll = state.fault_rng.random(), state.fault_rng.random(), \
                        state.fault_rng.random()
                if faults["latency_ms"]:
                    time.sleep(faults["latency_ms"] / 1000)
                response = _serve(name, restricted, rdt_only, handler, kwargs, faults, roll)
                response.headers["x-amzn-RequestId"] = request_id
                if response.status_code in (200, 204, 400, 404):
                    response.headers["x-amzn-RateLimit-Limit"] = state.rate_header(name)
                return response
            return run
        return wrap

    def _serve(name, restricted, rdt_only, handler, kwargs, faults, roll) -> Response:
        if roll[0] < faults["throttle_rate"]:
            with state.lock:
                state.throttled[name] += 1
            return _errors(429, "QuotaExceeded", "You exceeded your quota for the requested "
                           "resource.")
        if roll[1] < faults["error_rate"]:
            with state.lock:
                state.server_errors[name] += 1
            return _errors(500, "InternalFailure", "We encountered an internal error. Please "
                           "try again.")
        denied = _authorise(restricted, rdt_only)
        if denied is not None:
            return denied
        if state.buckets[name].try_take() > 0:
            with state.lock:
                state.throttled[name] += 1
            return _errors(429, "QuotaExceeded", "You exceeded your quota for the requested "
                           "resource.")
        try:
            response = handler(**kwargs)
        except ApiError as exc:
            return exc.response
        if response.status_code == 200 and roll[2] < faults["malformed_rate"]:
            with state.lock:
                state.malformed[name] += 1
            body = response.get_data()
            response.set_data(body[: max(1, len(body) // 2)])
        return response

    def _authorise(restricted: bool, rdt_only: bool) -> Response | None:
        token = request.headers.get("x-amz-access-token", "")
        denied = _errors(403, "Unauthorized", "Access to requested resource is denied.",
                         "The access token you provided is revoked, malformed or invalid.")
        expired = _errors(403, "Unauthorized", "Access to requested resource is denied.",
                          "The access token you provided has expired.")
        moment = state.clock()
        with state.lock:
            if token in state.access_tokens and not rdt_only:
                if moment >= state.access_tokens[token]:
                    return expired
                g.pii = set()
                return None
            if token in state.rdts and restricted:
                expiry, resources = state.rdts[token]
                if moment >= expiry:
                    return expired
                elements = _covered(resources, request.method, _api_path())
                if elements is None:
                    return denied
                g.pii = elements
                return None
        return denied

    def _api_path() -> str:
        return request.path  # relative to the mount point: Flask strips SCRIPT_NAME

    # -- LWA ----------------------------------------------------------------------------

    @app.post("/auth/o2/token")
    def lwa_token():
        with state.lock:
            state.calls["lwaToken"] += 1
        form = request.form
        if form.get("grant_type") != "refresh_token":
            return _json({"error": "unsupported_grant_type",
                          "error_description": "Only refresh_token is supported here"}, 400)
        if not form.get("refresh_token") or not form.get("client_id"):
            return _json({"error": "invalid_request",
                          "error_description": "The request is missing a required "
                          "parameter"}, 400)
        if (form.get("client_id") != state.client_id
                or form.get("client_secret") != state.client_secret):
            return _json({"error": "invalid_client",
                          "error_description": "Client authentication failed"}, 401)
        if form.get("refresh_token") != state.refresh_token:
            return _json({"error": "invalid_grant",
                          "error_description": "The request has an invalid grant parameter "
                          ": refresh_token"}, 400)
        token = "Atza|" + secrets.token_urlsafe(24)
        with state.lock:
            state.access_tokens[token] = state.clock() + state.expires_in
        return _json({"access_token": token, "refresh_token": state.refresh_token,
                      "token_type": "bearer", "expires_in": int(state.expires_in)})

    # -- Tokens API -----------------------------------------------------------------------

    @app.post("/tokens/2021-03-01/restrictedDataToken")
    @operation("createRestrictedDataToken")
    def create_rdt():
        body = request.get_json(silent=True)
        resources = body.get("restrictedResources") if isinstance(body, dict) else None
        if not isinstance(resources, list) or not resources or len(resources) > 50:
            raise ApiError(400, "InvalidRequest", "Request is missing or has invalid "
                           "parameters", "Resource not provided.")
        for resource in resources:
            if (not isinstance(resource, dict) or resource.get("method") not in
                    ("GET", "PUT", "POST", "DELETE") or not isinstance(resource.get("path"), str)
                    or not resource["path"].startswith("/")):
                raise ApiError(400, "InvalidRequest", "Request is missing or has invalid "
                               "parameters", "Resource not provided.")
            elements = resource.get("dataElements", [])
            if not isinstance(elements, list) or not set(elements) <= DATA_ELEMENTS:
                raise ApiError(400, "InvalidRequest", "Request is missing or has invalid "
                               "parameters", "Invalid dataElements.")
        token = "Atz.sprdt|" + secrets.token_urlsafe(24)
        with state.lock:
            state.rdts[token] = (state.clock() + 3600, resources)
        return _json({"restrictedDataToken": token, "expiresIn": 3600})

    # -- Orders v2026-01-01 -----------------------------------------------------------------

    def _included() -> set[str]:
        included = set(_list_param("includedData"))
        unknown = included - INCLUDED_DATA
        if unknown:
            raise _invalid(f"Invalid includedData: {', '.join(sorted(unknown))}")
        return included

    @app.get(V2026)
    @operation("searchOrders")
    def search_orders():
        now = state.now()
        field, after, before, echo = _window("lastUpdatedAfter", "lastUpdatedBefore",
                                             "createdAfter", "createdBefore", now)
        included = _included()
        marketplaces = _list_param("marketplaceIds")
        if len(marketplaces) > 50:
            raise _invalid("marketplaceIds accepts at most 50 values")
        statuses = set(_list_param("fulfillmentStatuses"))
        if statuses - STATUSES:
            raise _invalid(f"Invalid fulfillmentStatuses: {sorted(statuses - STATUSES)}")
        fulfilled_by = set(_list_param("fulfilledBy"))
        if fulfilled_by - {"MERCHANT", "AMAZON"}:
            raise _invalid("Invalid fulfilledBy")
        size = _page_size("maxResultsPerPage")
        fingerprint = _fingerprint(field, after, before, marketplaces, statuses, fulfilled_by)
        token = request.args.get("paginationToken")
        offset = _read_page_token(token, fingerprint) if token else 0
        found = state.book.select(field=field, after=after, before=before,
                                  marketplace_ids=set(marketplaces), statuses=statuses,
                                  fulfilled_by=fulfilled_by)
        page = found[offset:offset + size]
        body: dict = {"orders": [v2026_view(o, included) for o in page]}
        if offset + size < len(found):
            body["pagination"] = {"nextToken": _page_token(fingerprint, offset + size)}
        body[echo] = before.strftime("%Y-%m-%dT%H:%M:%SZ")
        return _json(body)

    @app.get(f"{V2026}/<order_id>")
    @operation("getOrder")
    def get_order(order_id: str):
        included = _included()
        order = state.book.get(order_id)
        if order is None:
            raise ApiError(404, "NotFound", f"Order {order_id} not found")
        return _json({"order": v2026_view(order, included)})

    # -- Orders v0 ----------------------------------------------------------------------------

    def _pii(element: str) -> bool:
        return element in getattr(g, "pii", set())

    @app.get(V0)
    @operation("getOrders", restricted=True)
    def v0_get_orders():
        now = state.now()
        if not _list_param("MarketplaceIds"):
            raise _invalid("MarketplaceIds is required")
        field, after, before, echo = _window("LastUpdatedAfter", "LastUpdatedBefore",
                                             "CreatedAfter", "CreatedBefore", now)
        marketplaces = _list_param("MarketplaceIds")
        statuses = set()
        for status in _list_param("OrderStatuses"):
            if status not in V0_STATUSES:
                raise _invalid(f"Invalid OrderStatuses value {status}")
            statuses.add(V0_STATUSES[status])
        channels = {"AFN": "AMAZON", "MFN": "MERCHANT"}
        fulfilled_by = set()
        for channel in _list_param("FulfillmentChannels"):
            if channel not in channels:
                raise _invalid(f"Invalid FulfillmentChannels value {channel}")
            fulfilled_by.add(channels[channel])
        size = _page_size("MaxResultsPerPage")
        fingerprint = _fingerprint(field, after, before, marketplaces, statuses, fulfilled_by)
        token = request.args.get("NextToken")
        offset = _read_page_token(token, fingerprint) if token else 0
        found = state.book.select(field=field, after=after, before=before,
                                  marketplace_ids=set(marketplaces), statuses=statuses,
                                  fulfilled_by=fulfilled_by)
        pii = _pii("shippingAddress") and _pii("buyerInfo")
        page = found[offset:offset + size]
        payload: dict = {"Orders": [_v0_order(o, pii) for o in page]}
        if offset + size < len(found):
            payload["NextToken"] = _page_token(fingerprint, offset + size)
        payload[echo] = before.strftime("%Y-%m-%dT%H:%M:%SZ")
        return _json({"payload": payload})

    def _v0_order(order: dict, pii: bool) -> dict:
        shown = v0_order_view(order, pii=pii)
        if not _pii("buyerInfo"):
            shown.pop("BuyerInfo", None)
        return shown

    def _order_or_404(order_id: str) -> dict:
        order = state.book.get(order_id)
        if order is None:
            raise ApiError(404, "NotFound", f"Order {order_id} not found")
        return order

    @app.get(f"{V0}/<order_id>")
    @operation("getOrderV0", restricted=True)
    def v0_get_order(order_id: str):
        order = _order_or_404(order_id)
        return _json({"payload": _v0_order(order, _pii("shippingAddress"))})

    @app.get(f"{V0}/<order_id>/orderItems")
    @operation("getOrderItems", restricted=True)
    def v0_get_order_items(order_id: str):
        order = _order_or_404(order_id)
        items = v0_items_view(order, pii=_pii("buyerInfo"))
        return _json({"payload": {"AmazonOrderId": order_id, "OrderItems": items}})

    @app.get(f"{V0}/<order_id>/address")
    @operation("getOrderAddress", restricted=True, rdt_only=True)
    def v0_get_order_address(order_id: str):
        order = _order_or_404(order_id)
        view = v0_order_view(order, pii=True)
        payload: dict = {"AmazonOrderId": order_id}
        address = (order.get("recipient") or {}).get("deliveryAddress")
        if "ShippingAddress" in view and address:
            payload["ShippingAddress"] = v0_address(address, pii=True)
        company = (order.get("buyer") or {}).get("buyerCompanyName")
        if company:
            payload["BuyerCompanyName"] = company
        return _json({"payload": payload})

    @app.get(f"{V0}/<order_id>/buyerInfo")
    @operation("getOrderBuyerInfo", restricted=True, rdt_only=True)
    def v0_get_order_buyer_info(order_id: str):
        order = _order_or_404(order_id)
        info = v0_order_view(order, pii=True).get("BuyerInfo", {})
        return _json({"payload": {"AmazonOrderId": order_id, **info}})

    @app.post(f"{V0}/<order_id>/shipmentConfirmation")
    @operation("confirmShipment")
    def v0_confirm_shipment(order_id: str):
        body = request.get_json(silent=True)
        try:
            state.book.confirm_shipment(order_id, body)
        except ConfirmationRejected as exc:
            raise ApiError(404 if exc.code == "NotFound" else 400, exc.code,
                           exc.message) from None
        with state.lock:
            state.confirmations.append({"orderId": order_id, "body": body,
                                        "receivedAt": state.now().strftime(
                                            "%Y-%m-%dT%H:%M:%SZ")})
        return Response(status=204)

    # -- control API ----------------------------------------------------------------------------

    @app.post("/_sandbox/orders")
    def control_add_orders():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _json({"errors": {"_body": ["a JSON object is required"]}}, 400)
        if "generate" in body:
            count = body["generate"]
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100000:
                return _json({"errors": {"generate": ["an integer from 1 to 100000"]}}, 400)
            seed = body.get("seed", state.seed + 7919 * (len(state.book) + 1))
            if isinstance(seed, bool) or not isinstance(seed, int):
                return _json({"errors": {"seed": ["an integer"]}}, 400)
            ids: list[str] = []
            while len(ids) < count:  # an id may already be held: draw again for those
                ids += state.book.add_many(generate_orders(count - len(ids), seed=seed,
                                                           skus=state.skus, now=state.now()))
                seed += 1
            return _json({"generated": len(ids), "orderIds": ids}, 201)
        try:
            order_id = state.book.add(body)
        except InvalidOrderData as exc:
            return _json({"errors": {exc.field: [exc.message]}}, 400)
        except KeyError:
            return _json({"errors": {"orderId": ["an order with this id exists"]}}, 409)
        return _json({"orderId": order_id}, 201)

    @app.get("/_sandbox/orders")
    def control_list_orders():
        return _json({"orders": state.book.all()})

    @app.get("/_sandbox/orders/<order_id>")
    def control_get_order(order_id: str):
        order = state.book.get(order_id)
        if order is None:
            return _json({"errors": {"orderId": ["no such order"]}}, 404)
        return _json(order)

    @app.post("/_sandbox/orders/<order_id>/status")
    def control_move_order(order_id: str):
        body = request.get_json(silent=True)
        status = body.get("status") if isinstance(body, dict) else None
        if not isinstance(status, str):
            return _json({"errors": {"status": ["a status such as UNSHIPPED is required"]}},
                         400)
        try:
            order = state.book.move(order_id, status)
        except KeyError:
            return _json({"errors": {"orderId": ["no such order"]}}, 404)
        except ValueError as exc:
            return _json({"errors": {"status": [str(exc)]}}, 400)
        return _json(order)

    @app.get("/_sandbox/calls")
    def control_calls():
        with state.lock:
            return _json({"calls": dict(state.calls), "total": sum(state.calls.values()),
                          "throttled": dict(state.throttled),
                          "server_errors": dict(state.server_errors),
                          "malformed": dict(state.malformed),
                          "shipment_confirmations": list(state.confirmations)})

    @app.post("/_sandbox/faults")
    def control_faults():
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _json({"errors": {"_body": ["a JSON object is required"]}}, 400)
        errors: dict[str, list[str]] = {}
        faults = {key: 0.0 for key in FAULT_KEYS}
        for key, value in body.items():
            if key not in FAULT_KEYS:
                errors[key] = ["unknown fault; expected one of " + ", ".join(FAULT_KEYS)]
            elif isinstance(value, bool) or not isinstance(value, int | float):
                errors[key] = ["must be a number"]
            elif key == "latency_ms" and not 0 <= value <= 60000:
                errors[key] = ["must be between 0 and 60000"]
            elif key != "latency_ms" and not 0 <= value <= 1:
                errors[key] = ["must be a fraction between 0 and 1"]
            else:
                faults[key] = float(value)
        if errors:
            return _json({"errors": errors}, 400)
        with state.lock:
            state.faults = faults
            state.fault_rng = random.Random(state.seed)
        return _json({"faults": faults})

    @app.post("/_sandbox/reset")
    def control_reset():
        state.reset()
        return _json({"orders": len(state.book)})

    add_page(app, state, catalog or DEFAULT_CATALOG, stamp, backdate_minutes)
    return app


def _page_size(name: str) -> int:
    raw = request.args.get(name, "100")
    try:
        size = int(raw)
    except ValueError:
        raise _invalid(f"{name} must be an integer between 1 and 100") from None
    if not 1 <= size <= 100:
        raise _invalid(f"{name} must be an integer between 1 and 100")
    return size


def _fingerprint(*parts) -> str:
    text = json.dumps([sorted(p) if isinstance(p, set | list) else str(p) for p in parts])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _covered(resources: list[dict], method: str, path: str) -> set[str] | None:
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


@click.command(help="Run the Amazon SP-API sandbox (LWA, Orders v2026 and v0, RDT, "
                    "confirmShipment, control API under /_sandbox/).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8101, show_default=True, type=click.IntRange(1, 65535))
@click.option("--time-scale", default=1.0, show_default=True, type=click.FloatRange(min=0.001),
              help="Rate-limit refill speed-up (100 = a hundred times faster).")
@click.option("--generate", default=0, show_default=True, type=click.IntRange(min=0),
              help="Generate this many orders on start, besides the sample orders.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--backdate-minutes", default=0.0, show_default=True,
              type=click.FloatRange(min=0),
              help="Stamp changes this many minutes in the past (3: a change shows on the "
                   "connector's next sync).")
def command(host: str, port: int, time_scale: float, generate: int, seed: int,
            backdate_minutes: float) -> None:
    app = create_amazon_sandbox(time_scale=time_scale, generate=generate, seed=seed,
                                backdate_minutes=backdate_minutes)
    click.echo(f"Amazon sandbox on http://{host}:{port}/  (client id sandbox-client, secret "
               "sandbox-secret, refresh token Atzr|sandbox)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)
