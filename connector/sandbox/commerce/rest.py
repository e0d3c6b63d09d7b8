"""Commerce's admin REST API, for the calls the connector (and a merchant's own tools) make.

Each call goes through what Magento's web API does, in its order: the route and store code
(``router``), the ACL check (401 with the resource named), then the body (decoded, then checked
against ``schemas``, unknown fields and wrong types answered in Magento's words) and the path's
typed variables, then the service, whose answer ``?fields=`` may trim (``fields``). Between
the check and the service sit the sandbox's faults: a 503, a hang, or, for ``POST /V1/orders``,
a commit whose answer is lost. Every routed call is counted per operation for
``GET /_sandbox/calls``.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Blueprint, Flask, current_app, request
from werkzeug.routing import BaseConverter

from connector.sandbox.commerce import (
    customers,
    directory,
    fields,
    inventory,
    module,
    orders,
    router,
)
from connector.sandbox.commerce.errors import (
    DECODING,
    MagentoError,
    body_error,
    php_int,
    php_number,
)
from connector.sandbox.commerce.faults import drop_connection
from connector.sandbox.commerce.instance import ORDER_STATUSES, STORE_VIEWS, WEBSITES
from connector.sandbox.commerce.schemas import request_body_errors
from connector.sandbox.commerce.search import parse_criteria, search_result


class RestRoute(NamedTuple):
    method: str
    url: str  # as in webapi.xml: ":name" parts are variables
    operation: str  # the name calls, latency and faults are kept under
    resource: str  # the ACL resource Magento checks
    body: str | None  # the body's operation in ``schemas``


Handler = Callable[["Call"], Any]
_VARIABLE = re.compile(r":(\w+)")
_TABLE: list[tuple[RestRoute, Handler]] = []


def _route(method: str, url: str, resource: str, handler: Handler, *, body: str | None = None,
           operation: str | None = None) -> None:
    """Add a route; its operation is named after its URL with ``{name}`` variables unless
    given (the companion module's routes keep their webapi.xml spelling)."""
    name = operation or method + " " + _VARIABLE.sub(r"{\1}", url)
    _TABLE.append((RestRoute(method, url, name, resource, body), handler))


@dataclass
class Call:
    """One REST call as a handler sees it."""

    sandbox: Any  # the app's ``CommerceSandbox``
    store: dict  # the store view the URL's store code chose
    body: Any  # the decoded JSON body (POST and PUT), else None
    params: dict  # the path's variables, by their names in Magento's webapi.xml

    @property
    def state(self):
        return self.sandbox.state


def _search(call: Call, rows, view: Callable[[dict], dict] = copy.deepcopy) -> dict:
    """Filter, sort and page the stored rows, and copy only the page that is answered, so a
    lookup by ``ext_order_id`` stays cheap however many orders the sandbox holds."""
    criteria = parse_criteria(request.args)
    with call.state.lock:
        found = search_result(list(rows), criteria)
        found["items"] = [view(row) for row in found["items"]]
    return found


def _order_view(call: Call) -> Callable[[dict], dict]:
    return lambda row: orders.view(call.state, row["entity_id"])


def _products(call: Call) -> dict:
    with call.state.lock:
        shown = [inventory.product_view(call.state, sku) for sku in call.state.products]
    return search_result(shown, parse_criteria(request.args))


def _store_configs(call: Call) -> list[dict]:
    base = request.host_url.rstrip("/") + request.script_root + "/"
    sb = call.sandbox
    return [{"id": s["id"], "code": s["code"], "website_id": s["website_id"],
             "locale": sb.locale, "base_currency_code": sb.currency,
             "default_display_currency_code": sb.currency, "timezone": sb.timezone,
             "weight_unit": "lbs", "base_url": base, "base_link_url": base,
             "secure_base_url": base, "secure_base_link_url": base,
             "base_static_url": base + "static/", "base_media_url": base + "media/"}
            for s in STORE_VIEWS if s["id"]]


def _salable(call: Call) -> float:
    return inventory.salable_quantity(call.state, call.params["sku"],
                                      php_int(call.params["stockId"]))


SALES, STOCK, STORE, MODULE = ("Magento_Sales::", "Magento_InventoryApi::stock",
                               "Magento_Backend::store", "AmazonOrders_Bridge::reservations")
PRODUCTS, CUSTOMERS = "Magento_Catalog::products", "Magento_Customer::manage"

_route("POST", "/V1/orders", SALES + "create",
       lambda c: orders.create(c.state, c.body, c.store["id"] or 1), body="create_order")
_route("GET", "/V1/orders", SALES + "actions_view",
       lambda c: _search(c, c.state.orders.values(), _order_view(c)))
_route("GET", "/V1/orders/:id", SALES + "actions_view",
       lambda c: orders.view(c.state, php_int(c.params["id"])))
_route("GET", "/V1/orders/:id/statuses", SALES + "actions_view",
       lambda c: orders.view(c.state, php_int(c.params["id"]))["status"])
_route("POST", "/V1/orders/:id/cancel", SALES + "cancel",
       lambda c: orders.cancel(c.state, php_int(c.params["id"])))
_route("POST", "/V1/orders/:id/hold", SALES + "hold",
       lambda c: orders.hold(c.state, php_int(c.params["id"])))
_route("POST", "/V1/orders/:id/unhold", SALES + "unhold",
       lambda c: orders.unhold(c.state, php_int(c.params["id"])))
_route("POST", "/V1/orders/:id/comments", SALES + "comment",
       lambda c: orders.add_comment(c.state, php_int(c.params["id"]), c.body), body="comment")
_route("POST", "/V1/order/:orderId/invoice", SALES + "invoice",
       lambda c: orders.invoice(c.state, php_int(c.params["orderId"]), c.body), body="invoice")
_route("POST", "/V1/order/:orderId/ship", SALES + "ship",
       lambda c: orders.ship(c.state, php_int(c.params["orderId"]), c.body), body="ship")
_route("GET", "/V1/invoices", SALES + "sales_invoice",
       lambda c: _search(c, c.state.invoices.values()))
_route("GET", "/V1/shipments", SALES + "shipment",
       lambda c: _search(c, c.state.shipments.values()))
_route("GET", "/V1/products", PRODUCTS, _products)
_route("GET", "/V1/products/:sku", PRODUCTS,
       lambda c: inventory.product_view(c.state, c.params["sku"]))
_route("GET", "/V1/stockItems/:productSku", "Magento_CatalogInventory::cataloginventory",
       lambda c: inventory.product_view(c.state, c.params["productSku"])[
           "extension_attributes"]["stock_item"])
_route("GET", "/V1/inventory/stock-resolver/:type/:code", STOCK,
       lambda c: inventory.stock_resolver(c.params["type"], c.params["code"]))
_route("GET", "/V1/inventory/get-product-salable-quantity/:sku/:stockId", STOCK, _salable)
_route("GET", "/V1/inventory/is-product-salable/:sku/:stockId", STOCK,
       lambda c: _salable(c) > 0)
_route("GET", "/V1/inventory/is-product-salable-for-requested-qty/:sku/:stockId/:requestedQty",
       STOCK, lambda c: inventory.salable_for(c.state, c.params["sku"],
                                              php_int(c.params["stockId"]),
                                              php_number(c.params["requestedQty"], "float")))
_route("GET", "/V1/store/storeViews", STORE, lambda c: copy.deepcopy(STORE_VIEWS))
_route("GET", "/V1/store/websites", STORE, lambda c: copy.deepcopy(WEBSITES))
_route("GET", "/V1/store/storeConfigs", STORE, _store_configs)
_route("GET", "/V1/directory/countries", "anonymous", lambda c: directory.countries())
_route("GET", "/V1/directory/countries/:countryId", "anonymous",
       lambda c: directory.country(c.params["countryId"]))
_route("POST", "/V1/customers", CUSTOMERS,
       lambda c: customers.create(c.state, c.body, c.store), body="create_customer")
_route("GET", "/V1/customers/search", CUSTOMERS,
       lambda c: _search(c, c.state.customers.values()))
_route("GET", "/V1/amazon-orders/order-statuses", MODULE,
       lambda c: copy.deepcopy(ORDER_STATUSES))
_route("GET", "/V1/amazon-orders/payment-methods", MODULE,
       lambda c: list(c.sandbox.payment_methods))
_route("GET", "/V1/amazon-orders/shipping-methods", MODULE,
       lambda c: list(c.sandbox.shipping_methods))
_route("POST", "/V1/amazon-orders/reservations", MODULE,
       lambda c: module.place_reservations(c.state, c.body), body="reservations")
_route("POST", "/V1/amazon-orders/pending-holds", MODULE,
       lambda c: module.hold_pending(c.state, c.body), body="pending_holds")
_route("DELETE", "/V1/amazon-orders/pending-holds/:amazonOrderId", MODULE,
       lambda c: module.release_pending(c.state, c.params["amazonOrderId"]),
       operation="DELETE /V1/amazon-orders/pending-holds/:amazonOrderId")

REST_ROUTES: list[RestRoute] = [route for route, _ in _TABLE]
OPERATIONS = frozenset(route.operation for route in REST_ROUTES)
_HANDLERS: dict[str, Handler] = {route.operation: handler for route, handler in _TABLE}


class _AnyPath(BaseConverter):
    """Everything after ``/rest/``, slashes included (even a leading or doubled one): the
    router, not Werkzeug, decides what matches."""

    regex = ".*"
    part_isolating = False


blueprint = Blueprint("commerce_rest", __name__)
blueprint.record_once(lambda setup: setup.app.url_map.converters.setdefault("rest", _AnyPath))


@blueprint.errorhandler(MagentoError)
def _magento_error(error: MagentoError):
    return error.response()


def _decoded_body(route: RestRoute) -> Any:
    if request.method not in ("POST", "PUT"):
        return None
    body = request.get_json(silent=True) if request.get_data() else {}
    if body is None:
        raise MagentoError(400, DECODING, ["Syntax error"])
    if route.body:
        errors = request_body_errors(route.body, body)
        if errors:
            raise body_error(route.body, body, errors)
    return body


@blueprint.route("/rest/<rest:path>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"],
                 merge_slashes=False)
def rest_call(path: str):
    """One REST call, from the route to the answer."""
    store, inner = router.split_store(router.sent_path())
    route, params = router.match(request.method, inner, REST_ROUTES)
    sandbox = current_app.extensions["commerce_sandbox"]
    with sandbox.state.lock:
        sandbox.state.calls[route.operation] += 1
    sandbox.credentials.authorize(route.resource)
    fault = sandbox.roll_fault(route.operation)
    if fault == "error":
        raise MagentoError(503, "Service Unavailable")
    if fault == "timeout":
        time.sleep(sandbox.hang_seconds)
        raise MagentoError(503, "Service Unavailable")
    body = _decoded_body(route)
    result = _HANDLERS[route.operation](Call(sandbox, store, body, params))
    if request.args.get("fields") and isinstance(result, dict | list):
        result = fields.apply(result, request.args["fields"])
    if fault == "drop":
        return drop_connection()
    response = Flask.response_class(status=200, mimetype="application/json")
    response.set_data(json.dumps(result))
    return response
