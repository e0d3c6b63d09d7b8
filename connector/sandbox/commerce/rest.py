"""Commerce's admin REST API, for the calls the connector (and a merchant's own tools) make.

Each call goes through what Magento's web API does, in its order: the ACL check (401 with the
resource named), then the body (decoded, then checked against ``schemas``, unknown fields and
wrong types answered in Magento's words), then the service. Between the check and the service
sit the sandbox's faults: a 503, a hang, or, for ``POST /V1/orders``, a commit whose answer is
lost. Every call is counted per operation for ``GET /_sandbox/calls``.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Blueprint, Flask, current_app, request

from connector.sandbox.commerce import customers, inventory, module, orders
from connector.sandbox.commerce.errors import (
    DECODING,
    NO_ROUTE,
    NO_STORE,
    MagentoError,
    body_error,
)
from connector.sandbox.commerce.faults import drop_connection
from connector.sandbox.commerce.instance import (
    ADMIN_STORE,
    ORDER_STATUSES,
    STORE_VIEWS,
    WEBSITES,
    store_view,
)
from connector.sandbox.commerce.schemas import request_body_errors
from connector.sandbox.commerce.search import parse_criteria, search_result


class RestRoute(NamedTuple):
    method: str
    path: str
    operation: str  # the name calls, latency and faults are kept under
    resource: str  # the ACL resource Magento checks
    body: str | None  # the body's operation in ``schemas``


REST_ROUTES: list[RestRoute] = [
    RestRoute("POST", "/orders", "POST /V1/orders", "Magento_Sales::create", "create_order"),
    RestRoute("GET", "/orders", "GET /V1/orders", "Magento_Sales::actions_view", None),
    RestRoute("GET", "/orders/<int:id>", "GET /V1/orders/{id}", "Magento_Sales::actions_view",
              None),
    RestRoute("GET", "/orders/<int:id>/statuses", "GET /V1/orders/{id}/statuses",
              "Magento_Sales::actions_view", None),
    RestRoute("POST", "/orders/<int:id>/cancel", "POST /V1/orders/{id}/cancel",
              "Magento_Sales::cancel", None),
    RestRoute("POST", "/orders/<int:id>/comments", "POST /V1/orders/{id}/comments",
              "Magento_Sales::comment", "comment"),
    RestRoute("POST", "/order/<int:orderId>/invoice", "POST /V1/order/{orderId}/invoice",
              "Magento_Sales::invoice", "invoice"),
    RestRoute("POST", "/order/<int:orderId>/ship", "POST /V1/order/{orderId}/ship",
              "Magento_Sales::ship", "ship"),
    RestRoute("GET", "/invoices", "GET /V1/invoices", "Magento_Sales::sales_invoice", None),
    RestRoute("GET", "/shipments", "GET /V1/shipments", "Magento_Sales::shipment", None),
    RestRoute("GET", "/products", "GET /V1/products", "Magento_Catalog::products", None),
    RestRoute("GET", "/products/<path:sku>", "GET /V1/products/{sku}",
              "Magento_Catalog::products", None),
    RestRoute("GET", "/stockItems/<path:productSku>", "GET /V1/stockItems/{productSku}",
              "Magento_CatalogInventory::cataloginventory", None),
    RestRoute("GET", "/inventory/stock-resolver/<type>/<code>",
              "GET /V1/inventory/stock-resolver/{type}/{code}", "Magento_InventoryApi::stock",
              None),
    RestRoute("GET", "/inventory/get-product-salable-quantity/<path:sku>/<int:stockId>",
              "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}",
              "Magento_InventoryApi::stock", None),
    RestRoute("GET", "/inventory/is-product-salable/<path:sku>/<int:stockId>",
              "GET /V1/inventory/is-product-salable/{sku}/{stockId}",
              "Magento_InventoryApi::stock", None),
    RestRoute("GET", "/inventory/is-product-salable-for-requested-qty/<path:sku>/<int:stockId>"
                     "/<requestedQty>",
              "GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}"
              "/{requestedQty}", "Magento_InventoryApi::stock", None),
    RestRoute("GET", "/store/storeViews", "GET /V1/store/storeViews", "Magento_Backend::store",
              None),
    RestRoute("GET", "/store/websites", "GET /V1/store/websites", "Magento_Backend::store",
              None),
    RestRoute("GET", "/store/storeConfigs", "GET /V1/store/storeConfigs",
              "Magento_Backend::store", None),
    RestRoute("POST", "/customers", "POST /V1/customers", "Magento_Customer::manage",
              "create_customer"),
    RestRoute("GET", "/customers/search", "GET /V1/customers/search",
              "Magento_Customer::manage", None),
    RestRoute("GET", "/amazon-orders/order-statuses", "GET /V1/amazon-orders/order-statuses",
              "AmazonOrders_Bridge::reservations", None),
    RestRoute("POST", "/amazon-orders/reservations", "POST /V1/amazon-orders/reservations",
              "AmazonOrders_Bridge::reservations", "reservations"),
    RestRoute("POST", "/amazon-orders/pending-holds", "POST /V1/amazon-orders/pending-holds",
              "AmazonOrders_Bridge::reservations", "pending_holds"),
    RestRoute("DELETE", "/amazon-orders/pending-holds/<amazonOrderId>",
              "DELETE /V1/amazon-orders/pending-holds/:amazonOrderId",
              "AmazonOrders_Bridge::reservations", None),
]
OPERATIONS = frozenset(r.operation for r in REST_ROUTES)


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


HANDLERS: dict[str, Callable[[Call], Any]] = {
    "POST /V1/orders": lambda c: orders.create(c.state, c.body, c.store["id"] or 1),
    "GET /V1/orders": lambda c: _search(c, c.state.orders.values(), _order_view(c)),
    "GET /V1/orders/{id}": lambda c: orders.view(c.state, c.params["id"]),
    "GET /V1/orders/{id}/statuses": lambda c: orders.view(c.state, c.params["id"])["status"],
    "POST /V1/orders/{id}/cancel": lambda c: orders.cancel(c.state, c.params["id"]),
    "POST /V1/orders/{id}/comments": lambda c: orders.add_comment(c.state, c.params["id"],
                                                                  c.body),
    "POST /V1/order/{orderId}/invoice": lambda c: orders.invoice(c.state, c.params["orderId"],
                                                                 c.body),
    "POST /V1/order/{orderId}/ship": lambda c: orders.ship(c.state, c.params["orderId"],
                                                           c.body),
    "GET /V1/invoices": lambda c: _search(c, c.state.invoices.values()),
    "GET /V1/shipments": lambda c: _search(c, c.state.shipments.values()),
    "GET /V1/products": _products,
    "GET /V1/products/{sku}": lambda c: inventory.product_view(c.state, c.params["sku"]),
    "GET /V1/stockItems/{productSku}": lambda c: inventory.product_view(
        c.state, c.params["productSku"])["extension_attributes"]["stock_item"],
    "GET /V1/inventory/stock-resolver/{type}/{code}": lambda c: inventory.stock_resolver(
        c.params["type"], c.params["code"]),
    "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}":
        lambda c: inventory.salable_quantity(c.state, c.params["sku"], c.params["stockId"]),
    "GET /V1/inventory/is-product-salable/{sku}/{stockId}":
        lambda c: inventory.salable_quantity(c.state, c.params["sku"], c.params["stockId"]) > 0,
    "GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}":
        lambda c: inventory.salable_for(c.state, c.params["sku"], c.params["stockId"],
                                        c.params["requestedQty"]),
    "GET /V1/store/storeViews": lambda c: copy.deepcopy(STORE_VIEWS),
    "GET /V1/store/websites": lambda c: copy.deepcopy(WEBSITES),
    "GET /V1/store/storeConfigs": _store_configs,
    "POST /V1/customers": lambda c: customers.create(c.state, c.body, c.store),
    "GET /V1/customers/search": lambda c: _search(c, c.state.customers.values()),
    "GET /V1/amazon-orders/order-statuses": lambda c: copy.deepcopy(ORDER_STATUSES),
    "POST /V1/amazon-orders/reservations": lambda c: module.place_reservations(c.state, c.body),
    "POST /V1/amazon-orders/pending-holds": lambda c: module.hold_pending(c.state, c.body),
    "DELETE /V1/amazon-orders/pending-holds/:amazonOrderId":
        lambda c: module.release_pending(c.state, c.params["amazonOrderId"]),
}

blueprint = Blueprint("commerce_rest", __name__)


@blueprint.errorhandler(MagentoError)
def _magento_error(error: MagentoError):
    return error.response()


@blueprint.app_errorhandler(404)
@blueprint.app_errorhandler(405)
def _no_route(error):
    if request.path.startswith("/rest/"):
        return MagentoError(404, NO_ROUTE).response()
    return error


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


def rest_call(route: RestRoute, store_code: str = "default", **params):
    """One REST call, from the ACL check to the answer."""
    sandbox = current_app.extensions["commerce_sandbox"]
    with sandbox.state.lock:
        sandbox.state.calls[route.operation] += 1
    store = ADMIN_STORE if store_code == "all" else store_view(store_code)
    if store is None:
        raise MagentoError(400, NO_STORE)
    sandbox.credentials.authorize(route.resource)
    fault = sandbox.roll_fault(route.operation)
    if fault == "error":
        raise MagentoError(503, "Service Unavailable")
    if fault == "timeout":
        time.sleep(sandbox.hang_seconds)
        raise MagentoError(503, "Service Unavailable")
    body = _decoded_body(route)
    result = HANDLERS[route.operation](Call(sandbox, store, body, params))
    if fault == "drop":
        return drop_connection()
    response = Flask.response_class(status=200, mimetype="application/json")
    response.set_data(json.dumps(result))
    return response


for _route in REST_ROUTES:
    for _scoped, _rule in enumerate((f"/rest/V1{_route.path}",
                                     f"/rest/<store_code>/V1{_route.path}")):
        blueprint.add_url_rule(_rule, endpoint=f"{_route.operation}#{_scoped}",
                               view_func=rest_call, methods=[_route.method],
                               defaults={"route": _route})
