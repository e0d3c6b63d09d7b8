"""A stand-in for Adobe Commerce's admin REST API, for the demo, tests and benchmarks.

It answers the endpoints the connector uses the way Magento does: the same paths
(``/rest/<store_code>/V1/...`` and ``/rest/V1/...``), bearer or OAuth 1.0a auth with Magento's
401 body, request bodies checked with ``connector.commerce.schemas`` (unknown field: ``Property
"X" does not have accessor method "setX"``), orders stored as sent, unique increment ids per
store, invoice/ship state rules (both = ``complete``), cancel answering ``false`` when Magento
would, MSI salable quantities with reservations, and the companion module's routes (order
reservations, pending holds, order statuses).

``/_sandbox/...`` is the control API (seed products, inspect orders and call counts, inject
faults, ship as the merchant would); ``/`` is a small page listing orders with a Ship button.
State lives in memory behind one lock. URLs are built from the request, so the app works
mounted under a prefix.
"""

from __future__ import annotations

import copy
import hmac
import json
import random
import re
import socket
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import click
from flask import Flask, Response, redirect, render_template_string, request, url_for
from marshmallow import Schema, ValidationError, fields, validate
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from connector.commerce.schemas import OPERATIONS as BODY_OPERATIONS
from connector.commerce.schemas import (
    REQUIRED_FIELD,
    UNKNOWN_FIELD,
    definition,
    php_class,
    request_body_errors,
)

__all__ = ["command", "create_commerce_sandbox"]

DEFAULT_TOKEN = "sandbox-token"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NO_ROUTE = "Request does not match any route."
NO_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
NO_PRODUCT = "The product that was requested doesn't exist. Verify the product and try again."
UNIQUE = "Unique constraint violation found"
CUSTOMER_EXISTS = "A customer with the same email address already exists in an associated website."
SHIP_ERRORS = "Shipment Document Validation Error(s):\n"
INVOICE_ERRORS = "Invoice Document Validation Error(s):\n"

# Default statuses per state (Magento's setup patch), plus a merchant's custom status.
ORDER_STATUSES = [
    {"status": "pending", "label": "Pending", "state": "new", "is_default": True},
    {"status": "pending_payment", "label": "Pending Payment", "state": "pending_payment",
     "is_default": True},
    {"status": "processing", "label": "Processing", "state": "processing", "is_default": True},
    {"status": "fraud", "label": "Suspected Fraud", "state": "processing", "is_default": False},
    {"status": "shipped_on_amazon", "label": "Shipped on Amazon", "state": "processing",
     "is_default": False},
    {"status": "complete", "label": "Complete", "state": "complete", "is_default": True},
    {"status": "closed", "label": "Closed", "state": "closed", "is_default": True},
    {"status": "canceled", "label": "Canceled", "state": "canceled", "is_default": True},
    {"status": "holded", "label": "On Hold", "state": "holded", "is_default": True},
    {"status": "payment_review", "label": "Payment Review", "state": "payment_review",
     "is_default": True},
]
DEFAULT_STATUS = {s["state"]: s["status"] for s in ORDER_STATUSES if s["is_default"]}
CARRIERS = {"ups": "United Parcel Service", "usps": "United States Postal Service",
            "fedex": "Federal Express", "dhl": "DHL", "custom": "Custom"}

STORE_VIEWS = [
    {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0,
     "is_active": 1},
    {"id": 1, "code": "default", "name": "Default Store View", "website_id": 1,
     "store_group_id": 1, "is_active": 1},
]
WEBSITES = [
    {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
    {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1},
]
WEBSITE_STOCKS = {"base": 1}
# The companion module's holds for Amazon orders still Pending (not in Commerce yet).
PENDING_OBJECT = "amazon_order"
PENDING_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
STOCK_TYPES = ("simple", "virtual", "downloadable")  # types MSI keeps source items for
STOCK_NAMES = {1: "Default Stock"}


class MagentoError(Exception):
    """An error answered in Magento's shape: ``{"message", "parameters"}``."""

    def __init__(self, status: int, message: str, parameters: Any = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters

    def response(self) -> Response:
        body: dict[str, Any] = {"message": self.message}
        if self.parameters is not None:
            body["parameters"] = self.parameters
        response = Flask.response_class(status=self.status, mimetype="application/json")
        response.set_data(_dumps(body))
        return response


def _dumps(value: Any) -> str:
    return json.dumps(value)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


# -- body errors in Magento's words -------------------------------------------------------------

def magento_body_error(operation: str, body: Any, errors: dict) -> MagentoError:
    """The first of marshmallow's errors, as Magento would word it."""
    path: list[Any] = []
    node: Any = errors
    while isinstance(node, dict):
        key = next(iter(node))
        path.append(key)
        node = node[key]
    message = node[0] if isinstance(node, list) and node else str(node)
    field = path[-1]
    owner = BODY_OPERATIONS[operation]
    for key in path[:-1]:
        if isinstance(key, int):
            continue
        spec = definition(owner).get(key, ("", False))[0].strip("[]+")
        if spec.startswith("@"):
            owner = spec[1:]
    value: Any = body
    for key in path:
        value = value.get(key) if isinstance(value, dict) else (
            value[key] if isinstance(value, list) and isinstance(key, int) and key < len(value)
            else None)
    if field == "_schema":
        return MagentoError(400, "Decoding error: %1", ["the body is not a JSON object"])
    if message == UNKNOWN_FIELD:
        camel = _camel(str(field))
        return MagentoError(400, 'Property "%1" does not have accessor method "%2" in class '
                                 '"%3".', [camel, f"set{camel}", php_class(owner)])
    if message == REQUIRED_FIELD:
        return MagentoError(400, "%fieldName is a required field.", {"fieldName": str(field)})
    if message.startswith("Not a valid") or message == "Invalid input type.":
        expected = definition(owner).get(field, ("", False))[0] if isinstance(field, str) else ""
        return MagentoError(400, "The \"%value\" value's type is invalid. The \"%type\" type was "
                                 "expected. Verify and try again.",
                            {"value": _dumps(value), "type": _php_type(expected)})
    return MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.',
                        {"value": _dumps(value), "fieldName": str(field)})


def _php_type(spec: str) -> str:
    spec = re.sub(r"(<=\d+)|(\{[^}]*\})", "", spec)
    if spec.startswith("["):
        return _php_type(spec.strip("[]+")) + "[]"
    if spec.startswith("@"):
        return "\\" + php_class(spec[1:])
    return {"str": "string", "int": "int", "num": "float", "bool": "bool", "obj": "mixed"}.get(
        spec, "mixed")


# -- searchCriteria ---------------------------------------------------------------------------

_KEYS = {"filterGroups": "filter_groups", "conditionType": "condition_type",
         "sortOrders": "sort_orders", "pageSize": "page_size", "currentPage": "current_page"}


def parse_criteria(args) -> dict:
    """``searchCriteria[filter_groups][0][filters][0][field]=...`` -> nested dicts."""
    root: dict = {}
    present = False
    for raw_key, value in args.items(multi=True):
        if not raw_key.startswith("searchCriteria"):
            continue
        present = True
        parts = re.findall(r"\[([^\]]*)\]", raw_key[len("searchCriteria"):])
        node = root
        for i, part in enumerate(parts):
            part = _KEYS.get(part, part)
            if i == len(parts) - 1:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    if not present:
        raise MagentoError(400, "%fieldName is a required field.",
                           {"fieldName": "searchCriteria"})
    return root


def _ordered(mapping: Any) -> list:
    if not isinstance(mapping, dict):
        return []
    return [mapping[k] for k in sorted(mapping, key=lambda k: int(k) if k.isdigit() else 0)]


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _equal(actual: Any, wanted: str) -> bool:
    a, w = _as_number(actual), _as_number(wanted)
    if a is not None and w is not None:
        return a == w
    return actual is not None and str(actual).casefold() == str(wanted).casefold()


def _compare(actual: Any, wanted: str) -> int | None:
    a, w = _as_number(actual), _as_number(wanted)
    if a is not None and w is not None:
        return (a > w) - (a < w)
    if actual is None:
        return None
    return (str(actual) > wanted) - (str(actual) < wanted)


def _like(actual: Any, pattern: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return actual is not None and re.fullmatch(regex, str(actual), re.I | re.S) is not None


def _matches(item: dict, flt: dict) -> bool:
    field = flt.get("field", "")
    value = flt.get("value", "")
    condition = flt.get("condition_type") or "eq"
    actual = item.get(field)
    if condition == "null":
        return actual is None
    if condition == "notnull":
        return actual is not None
    if condition in ("in", "nin"):
        found = any(_equal(actual, v) for v in str(value).split(","))
        return found if condition == "in" else not found
    if condition == "eq":
        return _equal(actual, value)
    if condition == "neq":
        return not _equal(actual, value)
    if condition in ("like", "nlike"):
        return _like(actual, value) == (condition == "like")
    if condition in ("finset", "nfinset"):
        found = str(value) in str(actual or "").split(",")
        return found if condition == "finset" else not found
    order = _compare(actual, value)
    if order is None:
        return False
    return {"gt": order > 0, "gteq": order >= 0, "from": order >= 0, "moreq": order >= 0,
            "lt": order < 0, "lteq": order <= 0, "to": order <= 0}.get(condition, False)


def matching(items, criteria: dict) -> list[dict]:
    """The items the criteria's filter groups keep (AND of groups, OR within a group)."""
    items = list(items)
    for group in _ordered(criteria.get("filter_groups")):
        filters = _ordered(group.get("filters") if isinstance(group, dict) else None)
        if filters:
            items = [i for i in items if any(_matches(i, f) for f in filters)]
    return items


def search_result(items: list[dict], criteria: dict) -> dict:
    """Filter, sort and page like Magento, including its habit of answering a page past the
    end with the last page."""
    items = matching(items, criteria)
    for order in reversed(_ordered(criteria.get("sort_orders"))):
        field = order.get("field", "")
        reverse = str(order.get("direction", "ASC")).upper() == "DESC"
        items = sorted(items, key=lambda i, f=field: (
            i.get(f) is None, _as_number(i.get(f)) if _as_number(i.get(f)) is not None
            else 0.0, str(i.get(f))), reverse=reverse)
    total = len(items)
    size = int(criteria.get("page_size") or 0)
    if size > 0:
        last = max(1, -(-total // size))
        page = min(max(1, int(criteria.get("current_page") or 1)), last)
        items = items[(page - 1) * size: page * size]
    return {"items": items, "search_criteria": criteria, "total_count": total}


# -- control API bodies -------------------------------------------------------------------------

class _SeedProduct(Schema):
    sku = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String()
    price = fields.Float(validate=validate.Range(min=0))
    status = fields.Raw(load_default=1)
    type_id = fields.String(load_default="simple")
    website_ids = fields.List(fields.Integer(), load_default=lambda: [1])
    weight = fields.Float()
    qty = fields.Float(validate=validate.Range(min=0))
    stocks = fields.Dict(keys=fields.String(), values=fields.Float(validate=validate.Range(min=0)))


class _Faults(Schema):
    error_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    timeout_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    commit_then_drop_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    latency_ms = fields.Dict(keys=fields.String(), values=fields.Integer(
        validate=validate.Range(min=0, max=60000)), load_default=dict)


class _MerchantShipment(Schema):
    carrier_code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    title = fields.String(validate=validate.Length(max=255))
    track_number = fields.String(required=True, validate=validate.Length(min=1, max=255))
    items = fields.List(fields.Dict(), load_default=list)


# -- state ------------------------------------------------------------------------------------

class CommerceState:
    """Everything the sandbox knows; callers hold ``lock`` while they read or change it."""

    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.orders: dict[int, dict] = {}
            self.invoices: dict[int, dict] = {}
            self.shipments: dict[int, dict] = {}
            self.products: dict[str, dict] = {}
            self.customers: dict[int, dict] = {}
            self.reservations: list[dict] = []
            self.reserved_orders: set[int] = set()
            self.sequences: Counter = Counter()
            self.ids: Counter = Counter()
            self.calls: Counter = Counter()
            self.faults: dict = _Faults().load({})

    def next_id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def next_increment_id(self, store_id: int) -> str:
        used = {o["increment_id"] for o in self.orders.values() if o.get("store_id") == store_id}
        while True:
            self.sequences[store_id] += 1
            candidate = f"{self.sequences[store_id]:09d}"
            if candidate not in used:
                return candidate

    def salable(self, sku: str, stock_id: int) -> float:
        product = self.products[sku]
        reserved = sum(r["quantity"] for r in self.reservations
                       if r["sku"] == sku and r["stock_id"] == stock_id)
        return product["stocks"].get(stock_id, 0.0) + reserved

    def reserve(self, stock_id: int, sku: str, quantity: float, event: str, order: dict) -> None:
        self.append_reservation(stock_id, sku, quantity, {
            "event_type": event, "object_type": "order", "object_id": str(order["entity_id"]),
            "object_increment_id": order["increment_id"]})

    def append_reservation(self, stock_id: int, sku: str, quantity: float,
                           metadata: dict) -> None:
        self.reservations.append({
            "reservation_id": self.next_id("reservation"), "stock_id": stock_id, "sku": sku,
            "quantity": quantity, "metadata": metadata})

    def held_for(self, amazon_order_id: str) -> dict[tuple[int, str], float]:
        """Net quantity per (stock, SKU) that a pending hold keeps for one Amazon order."""
        net: dict[tuple[int, str], float] = {}
        for r in self.reservations:
            meta = r["metadata"]
            if meta["object_type"] == PENDING_OBJECT and meta["object_id"] == amazon_order_id:
                key = (r["stock_id"], r["sku"])
                net[key] = round(net.get(key, 0.0) + r["quantity"], 4)
        return {key: qty for key, qty in net.items() if qty}


def _remaining(item: dict, done: str) -> float:
    return max(0.0, float(item.get("qty_ordered") or 0) - float(item.get(done) or 0)
               - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0))


def _stock_for_order(order: dict) -> int:
    store = next((s for s in STORE_VIEWS if s["id"] == order.get("store_id")), STORE_VIEWS[1])
    return _stock_for_store(store)


def _stock_for_store(store: dict) -> int:
    website = next(w for w in WEBSITES if w["id"] == store["website_id"])
    return WEBSITE_STOCKS.get(website["code"], 1)


class Sandbox:
    """The behaviour behind the routes; one instance per app."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, oauth_consumer_key: str | None = None,
                 oauth_consumer_secret: str | None = None, oauth_access_token: str | None = None,
                 oauth_access_token_secret: str | None = None, hang_seconds: float = 5.0,
                 seed: int | None = None, denied_resources: tuple[str, ...] = (),
                 currency: str = "USD", timezone: str = "UTC", locale: str = "en_US",
                 products: list[dict] | None = None):
        self.token = token
        self.oauth = None
        if oauth_consumer_key:
            self.oauth = {"consumer_key": oauth_consumer_key,
                          "consumer_secret": oauth_consumer_secret or "",
                          "access_token": oauth_access_token or "",
                          "access_token_secret": oauth_access_token_secret or ""}
        self.hang_seconds = hang_seconds
        self.random = random.Random(seed)
        self.denied_resources = set(denied_resources)
        self.currency, self.timezone, self.locale = currency, timezone, locale
        self.state = CommerceState()
        if products:
            self.seed_products(products)

    # -- auth and faults ----------------------------------------------------------------------

    def authorize(self, resource: str) -> None:
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

    def roll_fault(self, operation: str) -> str | None:
        with self.state.lock:
            faults = dict(self.state.faults)
            roll = self.random.random()
        latency = faults["latency_ms"].get(operation, 0)
        if latency:
            time.sleep(latency / 1000)
        if roll < faults["error_rate"]:
            return "error"
        roll -= faults["error_rate"]
        if roll < faults["timeout_rate"]:
            return "timeout"
        roll -= faults["timeout_rate"]
        if operation == "POST /V1/orders" and roll < faults["commit_then_drop_rate"]:
            return "drop"
        return None

    # -- orders -------------------------------------------------------------------------------

    def create_order(self, body: dict, store_id: int) -> dict:
        entity = copy.deepcopy(body["entity"])
        with self.state.lock:
            if entity.get("entity_id"):
                return self._update_order(entity)
            entity.setdefault("store_id", store_id)
            sid = entity["store_id"]
            if not any(s["id"] == sid for s in STORE_VIEWS):
                raise MagentoError(400, 'Invalid value of "%value" provided for the %fieldName '
                                        "field.", {"value": str(sid), "fieldName": "store_id"})
            if "increment_id" in entity:
                if any(o["increment_id"] == entity["increment_id"] and o["store_id"] == sid
                       for o in self.state.orders.values()):
                    raise MagentoError(400, UNIQUE)
            else:
                entity["increment_id"] = self.state.next_increment_id(sid)
            order_id = self.state.next_id("order")
            now = _now()
            entity.update({"entity_id": order_id, "quote_id": entity.get("quote_id", 0)})
            entity.setdefault("state", "new")
            entity.setdefault("status", DEFAULT_STATUS.get(entity["state"], "pending"))
            entity.setdefault("created_at", now)
            entity["updated_at"] = now
            entity.setdefault("total_paid", 0)
            entity.setdefault("total_invoiced", 0)
            entity.setdefault("status_histories", [])
            for item in entity["items"]:
                item.update({"item_id": self.state.next_id("order_item"), "order_id": order_id,
                             "created_at": now, "updated_at": now})
                for qty in ("qty_invoiced", "qty_shipped", "qty_canceled", "qty_refunded"):
                    item.setdefault(qty, 0)
                item.setdefault("product_type", "simple")
            address = entity["billing_address"]
            address.update({"entity_id": self.state.next_id("address"), "parent_id": order_id})
            entity["billing_address_id"] = address["entity_id"]
            for assignment in (entity.get("extension_attributes") or {}).get(
                    "shipping_assignments") or []:
                shipping_address = assignment.get("shipping", {}).get("address")
                if shipping_address is not None:
                    shipping_address.update({"entity_id": self.state.next_id("address"),
                                             "parent_id": order_id})
            assignments = (entity.get("extension_attributes") or {}).get(
                "shipping_assignments") or []
            if assignments:
                entity["shipping_method"] = assignments[0]["shipping"].get("method")
            entity["payment"].update({"entity_id": self.state.next_id("payment"),
                                      "parent_id": order_id})
            self.state.orders[order_id] = entity
            return self.order_view(order_id)

    def _update_order(self, entity: dict) -> dict:
        order = self.order(entity["entity_id"])
        for key, value in entity.items():
            if key not in ("items", "billing_address", "payment", "extension_attributes"):
                order[key] = value
        order["updated_at"] = _now()
        return self.order_view(order["entity_id"])

    def order(self, order_id: int) -> dict:
        try:
            return self.state.orders[int(order_id)]
        except (KeyError, ValueError):
            raise MagentoError(404, NO_ENTITY) from None

    def order_view(self, order_id: int) -> dict:
        """The order as ``GET /V1/orders/{id}`` shows it."""
        with self.state.lock:
            view = copy.deepcopy(self.order(order_id))
        for assignment in (view.get("extension_attributes") or {}).get(
                "shipping_assignments") or []:
            assignment["items"] = copy.deepcopy(view["items"])
        return view

    def _resolve_state(self, order: dict) -> None:
        if order["state"] in ("canceled", "holded", "closed"):
            return
        to_invoice = sum(_remaining(i, "qty_invoiced") for i in order["items"])
        to_ship = sum(_remaining(i, "qty_shipped") for i in order["items"]
                      if not i.get("is_virtual"))
        if to_invoice == 0 and to_ship == 0:
            state = "complete"
        else:
            state = "processing"
        if state != order["state"]:
            order["state"] = state
            order["status"] = DEFAULT_STATUS[state]
        order["updated_at"] = _now()

    def _lines(self, order: dict, requested: list[dict], done: str, verb: str) -> list[tuple]:
        """(order item, qty) pairs for an invoice or shipment; all that is left by default."""
        items = {i["item_id"]: i for i in order["items"]}
        if not requested:
            return [(i, _remaining(i, done)) for i in order["items"] if _remaining(i, done) > 0]
        lines = []
        for line in requested:
            item = items.get(line["order_item_id"])
            if item is None:
                raise MagentoError(400, f"We found an invalid quantity to {verb} item \"%1\".",
                                   [str(line["order_item_id"])])
            if float(line["qty"]) < 0 or float(line["qty"]) > _remaining(item, done):
                raise MagentoError(400, f"We found an invalid quantity to {verb} item \"%1\".",
                                   [item.get("name") or item["sku"]])
            if float(line["qty"]) > 0:
                lines.append((item, float(line["qty"])))
        return lines

    def invoice(self, order_id: int, body: dict) -> int:
        with self.state.lock:
            order = self.order(order_id)
            if order["state"] in ("payment_review", "holded", "canceled", "complete", "closed"):
                raise MagentoError(400, INVOICE_ERRORS + "An invoice cannot be created when an "
                                   f"order has a status of {order['status']}")
            if not any(_remaining(i, "qty_invoiced") > 0 for i in order["items"]):
                raise MagentoError(400, INVOICE_ERRORS +
                                   "The order does not allow an invoice to be created.")
            lines = self._lines(order, body.get("items") or [], "qty_invoiced", "invoice")
            if not lines:
                raise MagentoError(400, INVOICE_ERRORS +
                                   "You can't create an invoice without products.")
            first = not any(i["order_id"] == order["entity_id"]
                            for i in self.state.invoices.values())
            amount = sum(float(item.get("price") or 0) * qty for item, qty in lines)
            if first:
                amount += float(order.get("shipping_amount") or 0)
            for item, qty in lines:
                item["qty_invoiced"] = float(item["qty_invoiced"]) + qty
            if not any(_remaining(i, "qty_invoiced") > 0 for i in order["items"]):
                amount = float(order.get("grand_total") or 0) - float(order["total_invoiced"])
            invoice_id = self.state.next_id("invoice")
            self.state.invoices[invoice_id] = {
                "entity_id": invoice_id, "order_id": order["entity_id"],
                "increment_id": f"{invoice_id:09d}", "state": 2, "grand_total": amount,
                "created_at": _now(), "store_id": order["store_id"],
                "items": [{"order_item_id": item["item_id"], "sku": item["sku"], "qty": qty}
                          for item, qty in lines]}
            order["total_invoiced"] = float(order["total_invoiced"]) + amount
            order["total_paid"] = float(order["total_paid"]) + amount
            self._resolve_state(order)
            return invoice_id

    def ship(self, order_id: int, body: dict) -> int:
        with self.state.lock:
            order = self.order(order_id)
            if order["state"] in ("payment_review", "holded", "canceled"):
                raise MagentoError(400, SHIP_ERRORS + "A shipment cannot be created when an "
                                   f"order has a status of {order['state']}")
            if order["state"] in ("complete", "closed") or not any(
                    _remaining(i, "qty_shipped") > 0 for i in order["items"]):
                raise MagentoError(400, SHIP_ERRORS + "The order does not allow a shipment to "
                                   "be created.")
            lines = self._lines(order, body.get("items") or [], "qty_shipped", "ship")
            if not lines:
                raise MagentoError(400, SHIP_ERRORS +
                                   "You can't create a shipment without products.")
            stock_id = _stock_for_order(order)
            for item, qty in lines:
                product = self.state.products.get(item["sku"])
                if product and product["stocks"].get(stock_id, 0.0) < qty:
                    raise MagentoError(400, "Not all of your products are available in the "
                                            "requested quantity.")
            shipment_id = self.state.next_id("shipment")
            now = _now()
            for item, qty in lines:
                item["qty_shipped"] = float(item["qty_shipped"]) + qty
                product = self.state.products.get(item["sku"])
                if product:  # MSI: the source is deducted and a +qty compensation added
                    product["stocks"][stock_id] = product["stocks"].get(stock_id, 0.0) - qty
                    self.state.reserve(stock_id, item["sku"], qty, "shipment_created", order)
            self.state.shipments[shipment_id] = {
                "entity_id": shipment_id, "order_id": order["entity_id"],
                "increment_id": f"{shipment_id:09d}", "store_id": order["store_id"],
                "created_at": now, "updated_at": now,
                "total_qty": sum(qty for _, qty in lines),
                "items": [{"entity_id": self.state.next_id("shipment_item"),
                           "parent_id": shipment_id, "order_item_id": item["item_id"],
                           "sku": item["sku"], "name": item.get("name"), "qty": qty,
                           "price": item.get("price"), "product_id": item.get("product_id")}
                          for item, qty in lines],
                "tracks": [{"entity_id": self.state.next_id("track"), "parent_id": shipment_id,
                            "order_id": order["entity_id"], "created_at": now, "updated_at": now,
                            "carrier_code": t["carrier_code"], "title": t["title"],
                            "track_number": t["track_number"]}
                           for t in body.get("tracks") or []],
                "comments": [c for c in [body.get("comment")] if c],
                "packages": [], "extension_attributes": {
                    "source_code": ((body.get("arguments") or {}).get("extension_attributes")
                                    or {}).get("source_code", "default")}}
            self._resolve_state(order)
            return shipment_id

    def cancel(self, order_id: int) -> bool:
        with self.state.lock:
            order = self.order(order_id)
            if order["state"] in ("canceled", "complete", "closed", "holded", "payment_review"):
                return False
            if not any(_remaining(i, "qty_invoiced") > 0 for i in order["items"]):
                return False  # fully invoiced: a credit memo is needed instead
            stock_id = _stock_for_order(order)
            for item in order["items"]:
                left = _remaining(item, "qty_shipped")
                left = min(left, _remaining(item, "qty_invoiced"))
                if left > 0:
                    item["qty_canceled"] = float(item["qty_canceled"]) + left
                    if item["sku"] in self.state.products:
                        self.state.reserve(stock_id, item["sku"], left, "order_canceled", order)
            order["state"], order["status"] = "canceled", "canceled"
            order["updated_at"] = _now()
            return True

    def add_comment(self, order_id: int, body: dict) -> bool:
        history = body["statusHistory"]
        with self.state.lock:
            order = self.order(order_id)
            entry = dict(history)
            entry.update({"entity_id": self.state.next_id("history"),
                          "parent_id": order["entity_id"], "entity_name": "order",
                          "created_at": _now()})
            order["status_histories"].insert(0, entry)
            return True

    def place_reservations(self, body: dict) -> str:
        with self.state.lock:
            order = self.order(body["orderId"])
            if order["entity_id"] in self.state.reserved_orders:
                return "already_placed"
            items = [i for i in order["items"]
                     if i.get("product_type", "simple") not in ("configurable", "bundle")
                     and not i.get("is_virtual")]  # parents: their simple children carry it
            has_shipment = any(s["order_id"] == order["entity_id"]
                               for s in self.state.shipments.values())
            shipped_elsewhere = any(float(i.get("qty_shipped") or 0) > 0 for i in items)
            if not items or (shipped_elsewhere and not has_shipment):
                return "skipped"  # Amazon-fulfilled: shipped without a Commerce shipment
            stock_id = _stock_for_order(order)
            for item in items:
                self.state.reserve(stock_id, item["sku"], -float(item["qty_ordered"]),
                                   "order_placed", order)
            self.state.reserved_orders.add(order["entity_id"])
            return "placed"

    def hold_pending(self, body: dict) -> str:
        """The companion module's pending hold: negative reservations per SKU for an Amazon
        order not in Commerce yet (unknown SKUs and types without stock are skipped)."""
        amazon_order_id = body["amazonOrderId"]
        if not PENDING_ID.match(amazon_order_id):
            raise MagentoError(400, 'The Amazon order id "%1" is not valid.', [amazon_order_id])
        if any(float(item["qty"]) <= 0 for item in body["items"]):
            raise MagentoError(400, "Every quantity to hold must be greater than 0.")
        store = next((v for v in STORE_VIEWS if v["code"] == body["storeCode"]), None)
        if store is None:
            raise MagentoError(404, "The store that was requested wasn't found. Verify the "
                                    "store and try again.")
        with self.state.lock:
            if self.state.held_for(amazon_order_id):
                return "already_held"
            wanted: dict[str, float] = {}
            for item in body["items"]:
                product = self.state.products.get(item["sku"])
                if product is not None and product["type_id"] in STOCK_TYPES:
                    wanted[item["sku"]] = wanted.get(item["sku"], 0.0) + float(item["qty"])
            if not wanted:
                return "skipped"
            stock_id = _stock_for_store(store)
            for sku, qty in wanted.items():
                self.state.append_reservation(stock_id, sku, -qty, {
                    "event_type": "amazon_pending_held", "object_type": PENDING_OBJECT,
                    "object_id": amazon_order_id})
            return "held"

    def release_pending(self, amazon_order_id: str) -> str:
        """Compensate whatever a pending hold still keeps, per stock and SKU."""
        with self.state.lock:
            held = self.state.held_for(amazon_order_id)
            for (stock_id, sku), qty in held.items():
                self.state.append_reservation(stock_id, sku, -qty, {
                    "event_type": "amazon_pending_released", "object_type": PENDING_OBJECT,
                    "object_id": amazon_order_id})
            return "released" if held else "not_held"

    # -- catalog ------------------------------------------------------------------------------

    def seed_products(self, products: list[dict]) -> list[dict]:
        loaded = _SeedProduct(many=True).load(products)
        for index, data in enumerate(loaded):
            data["status"] = {"enabled": 1, "disabled": 2}.get(data["status"], data["status"])
            if data["status"] not in (1, 2):
                raise ValidationError({index: {"status": ["1 (enabled) or 2 (disabled)"]}})
        with self.state.lock:
            for data in loaded:
                existing = self.state.products.get(data["sku"])
                status = data["status"]
                stocks = {int(k): float(v) for k, v in (data.get("stocks") or {}).items()}
                if "qty" in data:
                    stocks[1] = float(data["qty"])
                product = {
                    "id": existing["id"] if existing else self.state.next_id("product"),
                    "sku": data["sku"], "name": data.get("name", data["sku"]),
                    "attribute_set_id": 4, "price": data.get("price", 0.0), "status": status,
                    "visibility": 4, "type_id": data["type_id"],
                    "weight": data.get("weight", 1.0), "created_at": _now(),
                    "updated_at": _now(), "website_ids": data["website_ids"],
                    "stocks": stocks or (existing or {}).get("stocks", {1: 0.0})}
                self.state.products[data["sku"]] = product
            return [self.product_view(p["sku"]) for p in loaded]

    def product(self, sku: str) -> dict:
        product = self.state.products.get(sku)
        if product is None:
            raise MagentoError(404, NO_PRODUCT)
        return product

    def product_view(self, sku: str) -> dict:
        with self.state.lock:
            product = self.product(sku)
            qty = product["stocks"].get(1, 0.0)
            view = {k: v for k, v in product.items() if k not in ("stocks", "website_ids")}
            view["extension_attributes"] = {
                "website_ids": list(product["website_ids"]),
                "stock_item": self._stock_item(product, qty)}
            return view

    @staticmethod
    def _stock_item(product: dict, qty: float) -> dict:
        return {"item_id": product["id"], "product_id": product["id"], "stock_id": 1,
                "qty": qty, "is_in_stock": qty > 0, "manage_stock": True, "backorders": 0,
                "min_sale_qty": 1, "max_sale_qty": 10000, "qty_increments": 1,
                "is_qty_decimal": False}

    def stock(self, stock_id: int) -> int:
        known = set(STOCK_NAMES) | {s for p in self.state.products.values() for s in p["stocks"]}
        if stock_id not in known:
            raise MagentoError(404, 'Stock with id "%value" does not exist.',
                               {"value": str(stock_id)})
        return stock_id


# -- routes -------------------------------------------------------------------------------------

# (method, path, operation, ACL resource, body operation for the schemas)
REST_ROUTES: list[tuple[str, str, str, str, str | None]] = [
    ("POST", "/orders", "POST /V1/orders", "Magento_Sales::create", "create_order"),
    ("GET", "/orders", "GET /V1/orders", "Magento_Sales::actions_view", None),
    ("GET", "/orders/<int:order_id>", "GET /V1/orders/{id}", "Magento_Sales::actions_view", None),
    ("GET", "/orders/<int:order_id>/statuses", "GET /V1/orders/{id}/statuses",
     "Magento_Sales::actions_view", None),
    ("POST", "/orders/<int:order_id>/cancel", "POST /V1/orders/{id}/cancel",
     "Magento_Sales::cancel", None),
    ("POST", "/orders/<int:order_id>/comments", "POST /V1/orders/{id}/comments",
     "Magento_Sales::comment", "comment"),
    ("POST", "/order/<int:order_id>/invoice", "POST /V1/order/{orderId}/invoice",
     "Magento_Sales::invoice", "invoice"),
    ("POST", "/order/<int:order_id>/ship", "POST /V1/order/{orderId}/ship",
     "Magento_Sales::ship", "ship"),
    ("GET", "/invoices", "GET /V1/invoices", "Magento_Sales::sales_invoice", None),
    ("GET", "/shipments", "GET /V1/shipments", "Magento_Sales::shipment", None),
    ("GET", "/products", "GET /V1/products", "Magento_Catalog::products", None),
    ("GET", "/products/<path:sku>", "GET /V1/products/{sku}", "Magento_Catalog::products", None),
    ("GET", "/stockItems/<path:sku>", "GET /V1/stockItems/{productSku}",
     "Magento_CatalogInventory::cataloginventory", None),
    ("GET", "/inventory/stock-resolver/<kind>/<code>",
     "GET /V1/inventory/stock-resolver/{type}/{code}", "Magento_InventoryApi::stock", None),
    ("GET", "/inventory/get-product-salable-quantity/<path:sku>/<int:stock_id>",
     "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}",
     "Magento_InventoryApi::stock", None),
    ("GET", "/inventory/is-product-salable/<path:sku>/<int:stock_id>",
     "GET /V1/inventory/is-product-salable/{sku}/{stockId}", "Magento_InventoryApi::stock",
     None),
    ("GET", "/inventory/is-product-salable-for-requested-qty/<path:sku>/<int:stock_id>/<qty>",
     "GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}",
     "Magento_InventoryApi::stock", None),
    ("GET", "/store/storeViews", "GET /V1/store/storeViews", "Magento_Backend::store", None),
    ("GET", "/store/websites", "GET /V1/store/websites", "Magento_Backend::store", None),
    ("GET", "/store/storeConfigs", "GET /V1/store/storeConfigs", "Magento_Backend::store", None),
    ("POST", "/customers", "POST /V1/customers", "Magento_Customer::manage", "create_customer"),
    ("GET", "/customers/search", "GET /V1/customers/search", "Magento_Customer::manage", None),
    ("GET", "/amazon-orders/order-statuses", "GET /V1/amazon-orders/order-statuses",
     "AmazonOrders_Bridge::reservations", None),
    ("POST", "/amazon-orders/reservations", "POST /V1/amazon-orders/reservations",
     "AmazonOrders_Bridge::reservations", "reservations"),
    ("POST", "/amazon-orders/pending-holds", "POST /V1/amazon-orders/pending-holds",
     "AmazonOrders_Bridge::reservations", "pending_holds"),
    ("DELETE", "/amazon-orders/pending-holds/<amazon_order_id>",
     "DELETE /V1/amazon-orders/pending-holds/:amazonOrderId",
     "AmazonOrders_Bridge::reservations", None),
]
OPERATIONS = frozenset(r[2] for r in REST_ROUTES)


def _handlers(sb: Sandbox) -> dict[str, Any]:
    """One function per operation: (store, body, **path values) -> JSON-able answer."""
    state = sb.state

    def stocks_reply(sku: str, stock_id: int) -> float:
        with state.lock:
            sb.product(sku)
            sb.stock(stock_id)
            return state.salable(sku, stock_id)

    def requested_qty(sku: str, stock_id: int, qty: str) -> dict:
        try:
            wanted = float(qty)
        except ValueError:
            raise MagentoError(400, 'Invalid value of "%value" provided for the %fieldName '
                                    "field.", {"value": qty, "fieldName": "requestedQty"}) \
                from None
        salable = stocks_reply(sku, stock_id)
        if wanted <= salable:
            return {"salable": True, "errors": []}
        return {"salable": False, "errors": [{
            "code": "is_salable_with_reservations-not_enough_qty",
            "message": "The requested qty is not available"}]}

    def stock_resolver(kind: str, code: str) -> dict:
        if kind != "website" or code not in WEBSITE_STOCKS:
            raise MagentoError(404, "No linked stock found")
        stock_id = WEBSITE_STOCKS[code]
        return {"stock_id": stock_id, "name": STOCK_NAMES[stock_id], "extension_attributes": {
            "sales_channels": [{"type": "website", "code": c}
                               for c, s in WEBSITE_STOCKS.items() if s == stock_id]}}

    def customer_create(body: dict, store: dict) -> dict:
        customer = copy.deepcopy(body["customer"])
        website_id = customer.setdefault("website_id", store["website_id"])
        with state.lock:
            if any(c["email"].casefold() == customer["email"].casefold()
                   and c["website_id"] == website_id for c in state.customers.values()):
                raise MagentoError(400, CUSTOMER_EXISTS)
            customer_id = state.next_id("customer")
            now = _now()
            customer.update({"id": customer_id, "created_at": now, "updated_at": now,
                             "created_in": "Default Store View"})
            customer.setdefault("group_id", 1)
            customer.setdefault("store_id", store["id"] or 1)
            customer.setdefault("disable_auto_group_change", 0)
            for address in customer.setdefault("addresses", []):
                address.update({"id": state.next_id("customer_address"),
                                "customer_id": customer_id})
            state.customers[customer_id] = customer
            return copy.deepcopy(customer)

    def search(rows, view=None) -> dict:
        """Filter the stored rows first and copy only what is kept, so a search by
        ``ext_order_id`` or ``order_id`` stays cheap however many rows the sandbox holds."""
        criteria = parse_criteria(request.args)
        with state.lock:
            kept = matching(rows, criteria)
            items = ([row["entity_id"] for row in kept] if view else copy.deepcopy(kept))
        return search_result([view(i) for i in items] if view else items, criteria)

    def store_configs() -> list[dict]:
        base = request.host_url.rstrip("/") + request.script_root + "/"
        return [{"id": s["id"], "code": s["code"], "website_id": s["website_id"],
                 "locale": sb.locale, "base_currency_code": sb.currency,
                 "default_display_currency_code": sb.currency, "timezone": sb.timezone,
                 "weight_unit": "lbs", "base_url": base, "base_link_url": base,
                 "secure_base_url": base, "secure_base_link_url": base,
                 "base_static_url": base + "static/", "base_media_url": base + "media/"}
                for s in STORE_VIEWS if s["id"]]

    return {
        "POST /V1/orders": lambda store, body: sb.create_order(body, store["id"] or 1),
        "GET /V1/orders": lambda store, body: search(state.orders.values(), sb.order_view),
        "GET /V1/orders/{id}": lambda store, body, order_id: sb.order_view(order_id),
        "GET /V1/orders/{id}/statuses": lambda store, body, order_id:
            sb.order_view(order_id)["status"],
        "POST /V1/orders/{id}/cancel": lambda store, body, order_id: sb.cancel(order_id),
        "POST /V1/orders/{id}/comments": lambda store, body, order_id:
            sb.add_comment(order_id, body),
        "POST /V1/order/{orderId}/invoice": lambda store, body, order_id:
            sb.invoice(order_id, body),
        "POST /V1/order/{orderId}/ship": lambda store, body, order_id: sb.ship(order_id, body),
        "GET /V1/invoices": lambda store, body: search(state.invoices.values()),
        "GET /V1/shipments": lambda store, body: search(state.shipments.values()),
        "GET /V1/products": lambda store, body: search_result(
            [sb.product_view(s) for s in list(state.products)], parse_criteria(request.args)),
        "GET /V1/products/{sku}": lambda store, body, sku: sb.product_view(sku),
        "GET /V1/stockItems/{productSku}": lambda store, body, sku:
            sb.product_view(sku)["extension_attributes"]["stock_item"],
        "GET /V1/inventory/stock-resolver/{type}/{code}": lambda store, body, kind, code:
            stock_resolver(kind, code),
        "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}":
            lambda store, body, sku, stock_id: stocks_reply(sku, stock_id),
        "GET /V1/inventory/is-product-salable/{sku}/{stockId}":
            lambda store, body, sku, stock_id: stocks_reply(sku, stock_id) > 0,
        "GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}":
            lambda store, body, sku, stock_id, qty: requested_qty(sku, stock_id, qty),
        "GET /V1/store/storeViews": lambda store, body: copy.deepcopy(STORE_VIEWS),
        "GET /V1/store/websites": lambda store, body: copy.deepcopy(WEBSITES),
        "GET /V1/store/storeConfigs": lambda store, body: store_configs(),
        "POST /V1/customers": lambda store, body: customer_create(body, store),
        "GET /V1/customers/search": lambda store, body: search(state.customers.values()),
        "GET /V1/amazon-orders/order-statuses": lambda store, body: copy.deepcopy(
            ORDER_STATUSES),
        "POST /V1/amazon-orders/reservations": lambda store, body: sb.place_reservations(body),
        "POST /V1/amazon-orders/pending-holds": lambda store, body: sb.hold_pending(body),
        "DELETE /V1/amazon-orders/pending-holds/:amazonOrderId":
            lambda store, body, amazon_order_id: sb.release_pending(amazon_order_id),
    }


def _drop_connection() -> Response:
    """Close the client's connection without an answer, as a crashed proxy would."""
    sock = request.environ.get("werkzeug.socket") or request.environ.get("gunicorn.socket")
    if sock is None:
        raise RuntimeError("this server does not expose its socket; cannot drop the connection")
    sock.shutdown(socket.SHUT_RDWR)
    return Response(status=500)  # never reaches the client: the socket is shut


def _rest_view(sb: Sandbox, operation: str, resource: str, body_operation: str | None, handler):
    def view(store_code: str = "default", **values):
        with sb.state.lock:
            sb.state.calls[operation] += 1
        store = next((s for s in STORE_VIEWS if s["code"] == store_code), None)
        if store_code == "all":
            store = STORE_VIEWS[0]
        if store is None:
            raise MagentoError(400, "The store that was requested wasn't found. Verify the "
                                    "store and try again.")
        sb.authorize(resource)
        fault = sb.roll_fault(operation)
        if fault == "error":
            raise MagentoError(503, "Service Unavailable")
        if fault == "timeout":
            time.sleep(sb.hang_seconds)
            raise MagentoError(503, "Service Unavailable")
        body = None
        if request.method in ("POST", "PUT"):
            body = request.get_json(silent=True) if request.get_data() else {}
            if body is None:
                raise MagentoError(400, "Decoding error: %1", ["Syntax error"])
            if body_operation:
                errors = request_body_errors(body_operation, body)
                if errors:
                    raise magento_body_error(body_operation, body, errors)
        result = handler(store, body, **values)
        if fault == "drop":
            return _drop_connection()
        response = Flask.response_class(status=200, mimetype="application/json")
        response.set_data(_dumps(result))
        return response

    view.__name__ = re.sub(r"\W+", "_", operation)
    return view


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Commerce sandbox: orders</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
.badge{background:#b45309;color:#fff;padding:.15em .5em;border-radius:.3em;font-size:.8em}
</style></head>
<body><h1>Commerce sandbox: orders <span class="badge">Sandbox</span></h1>
<p>{{ orders|length }} order(s). This page stands in for the merchant's Commerce admin.</p>
<table><tr><th>ID</th><th>Increment</th><th>Amazon order</th><th>State / status</th>
<th>Items (ordered / shipped)</th><th>Tracking</th><th>Ship</th></tr>
{% for o in orders %}<tr>
<td>{{ o.entity_id }}</td><td>{{ o.increment_id }}</td><td>{{ o.ext_order_id or "" }}</td>
<td>{{ o.state }} / {{ o.status }}</td>
<td>{% for i in o["items"] %}{{ i.sku }}: {{ i.qty_ordered }} / {{ i.qty_shipped }}<br>
{% endfor %}</td>
<td>{% for t in o.tracks %}{{ t.title }} {{ t.track_number }}<br>{% endfor %}</td>
<td>{% if o.can_ship %}
<form method="post" action="{{ url_for('sandbox_ship', order_id=o.entity_id) }}">
<select name="carrier_code">{% for code, title in carriers.items() %}
<option value="{{ code }}">{{ title }}</option>{% endfor %}</select>
<input name="track_number" placeholder="Tracking number" required>
{% for i in o["items"] %}{% if i.left > 0 %}<label>{{ i.sku }}
<input name="qty_{{ i.item_id }}" type="number" min="0" max="{{ i.left }}" step="any"
 value="{{ i.left }}" size="4"></label>{% endif %}{% endfor %}
<button type="submit">Ship</button></form>{% endif %}</td></tr>
{% endfor %}</table></body></html>
"""


def create_commerce_sandbox(**options) -> Flask:
    """The sandbox app. Options: ``token``, ``oauth_consumer_key``, ``oauth_consumer_secret``,
    ``oauth_access_token``, ``oauth_access_token_secret``, ``hang_seconds`` (5), ``seed``,
    ``denied_resources``, ``currency``, ``timezone``, ``locale``, ``products``."""
    sb = Sandbox(**options)
    app = Flask(__name__)
    app.extensions["commerce_sandbox"] = sb
    handlers = _handlers(sb)
    for method, path, operation, resource, body_operation in REST_ROUTES:
        view = _rest_view(sb, operation, resource, body_operation, handlers[operation])
        for rule in (f"/rest/V1{path}", f"/rest/<store_code>/V1{path}"):
            app.add_url_rule(rule, endpoint=f"{view.__name__}{rule.count('<store_code>')}",
                             view_func=view, methods=[method])

    @app.errorhandler(MagentoError)
    def magento_error(error: MagentoError):
        return error.response()

    @app.errorhandler(404)
    @app.errorhandler(405)
    def no_route(error):
        if request.path.startswith("/rest/"):
            return MagentoError(404, NO_ROUTE).response()
        return error

    def control_error(errors: Any, status: int = 400):
        return {"errors": errors}, status

    @app.post("/_sandbox/products")
    def sandbox_products():
        payload = request.get_json(silent=True)
        products = payload.get("products") if isinstance(payload, dict) else payload
        if not isinstance(products, list):
            return control_error({"_schema": ["a list of products, or {\"products\": [...]}"]})
        try:
            return {"products": sb.seed_products(products)}
        except ValidationError as exc:
            return control_error(exc.messages)

    @app.get("/_sandbox/orders")
    def sandbox_orders():
        return {"orders": [sb.order_view(i) for i in sorted(sb.state.orders)]}

    @app.post("/_sandbox/orders/<int:order_id>/ship")
    def sandbox_ship(order_id: int):
        is_form = not request.is_json
        if is_form:
            form = request.form
            data = {"carrier_code": form.get("carrier_code", ""),
                    "track_number": form.get("track_number", "").strip(),
                    "items": [{"order_item_id": int(k[4:]), "qty": float(v)}
                              for k, v in form.items() if k.startswith("qty_") and v
                              and k[4:].isdigit()]}
        else:
            data = request.get_json(silent=True) or {}
        try:
            shipment = _MerchantShipment().load(data)
        except ValidationError as exc:
            return control_error(exc.messages)
        items = []
        for line in shipment["items"]:
            try:
                items.append({"order_item_id": int(line["order_item_id"]),
                              "qty": float(line["qty"])})
            except (KeyError, TypeError, ValueError):
                return control_error({"items": ["each item needs order_item_id and qty"]})
        if items and all(i["qty"] == 0 for i in items):
            return control_error({"items": ["nothing to ship"]})
        title = shipment.get("title") or CARRIERS.get(shipment["carrier_code"],
                                                       shipment["carrier_code"])
        body = {"items": [i for i in items if i["qty"] > 0],
                "tracks": [{"carrier_code": shipment["carrier_code"], "title": title,
                            "track_number": shipment["track_number"]}]}
        try:
            shipment_id = sb.ship(order_id, body)
        except MagentoError as error:
            return control_error({"_schema": [error.message]}, error.status)
        if is_form:
            return redirect(url_for("sandbox_index"), code=303)
        return {"shipment_id": shipment_id}

    @app.get("/_sandbox/calls")
    def sandbox_calls():
        with sb.state.lock:
            return dict(sb.state.calls)

    @app.post("/_sandbox/faults")
    def sandbox_faults():
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return control_error({"_schema": ["a JSON object"]})
        try:
            faults = _Faults().load(payload)
        except ValidationError as exc:
            return control_error(exc.messages)
        unknown = sorted(set(faults["latency_ms"]) - OPERATIONS)
        if unknown:
            return control_error({"latency_ms": [f"unknown operation {u!r}" for u in unknown]})
        with sb.state.lock:
            sb.state.faults = faults
        return faults

    @app.post("/_sandbox/reset")
    def sandbox_reset():
        sb.state.reset()
        return {"reset": True}

    @app.get("/")
    def sandbox_index():
        with sb.state.lock:
            orders = []
            for order_id in sorted(sb.state.orders, reverse=True):
                order = sb.order_view(order_id)
                for item in order["items"]:
                    item["left"] = _remaining(item, "qty_shipped")
                order["tracks"] = [t for s in sb.state.shipments.values()
                                   if s["order_id"] == order_id for t in s["tracks"]]
                order["can_ship"] = order["state"] not in (
                    "canceled", "holded", "payment_review", "complete", "closed") and any(
                    i["left"] > 0 for i in order["items"])
                orders.append(order)
        return render_template_string(PAGE, orders=orders, carriers=CARRIERS)

    return app


@click.command(help="Run the Commerce REST sandbox (a stand-in for Adobe Commerce).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8102, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", default=DEFAULT_TOKEN, show_default=True,
              help="The bearer token the sandbox accepts.")
@click.option("--hang-seconds", default=5.0, show_default=True, type=float,
              help="How long a timeout fault leaves a call hanging.")
def command(host: str, port: int, token: str, hang_seconds: float) -> None:
    app = create_commerce_sandbox(token=token, hang_seconds=hang_seconds)
    click.echo(f"Commerce sandbox on http://{host}:{port}/  (REST: http://{host}:{port}/rest/V1/"
               f", token {token!r})")
    app.run(host=host, port=port, threaded=True, use_reloader=False)
