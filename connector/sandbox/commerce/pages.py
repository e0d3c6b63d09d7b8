"""The Commerce sandbox's pages, standing in for the merchant's Commerce admin: the orders
(with a Ship button), the catalogue (enable a product, add stock), and an order's own page at
the admin URL the connector links to (``/admin/sales/order/view/order_id/<id>/``).

Every action says what it did when the page comes back (``?done=``, nothing kept). Their
forms post to ``/_page/...``; the demo lets them through only from its own origin.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from connector.sandbox.commerce import inventory, orders
from connector.sandbox.commerce.instance import CARRIERS

blueprint = Blueprint("commerce_pages", __name__, template_folder="templates")
MAX_STOCK = 100_000


def _state():
    return current_app.extensions["commerce_sandbox"].state


def done(message: str, endpoint: str = ".index", **values):
    return redirect(url_for(endpoint, done=message[:200], **values), code=303)


def _message() -> str | None:
    return (request.args.get("done") or "")[:200] or None


def shown_order(state, order_id: int) -> dict:
    """An order as the pages show it: what is left to ship per item, its tracks."""
    order = orders.view(state, order_id)
    for item in order["items"]:  # a virtual item has nothing to ship
        item["left"] = 0 if item.get("is_virtual") else orders.remaining(item, "qty_shipped")
    order["tracks"] = [t for s in state.shipments.values()
                       if s["order_id"] == order_id for t in s["tracks"]]
    order["can_ship"] = order["state"] not in (
        "canceled", "holded", "payment_review", "complete", "closed") and any(
        i["left"] > 0 for i in order["items"])
    return order


@blueprint.get("/")
def index():
    state = _state()
    with state.lock:
        shown = [shown_order(state, i) for i in sorted(state.orders, reverse=True)]
        products = [inventory.product_view(state, sku) for sku in sorted(state.products)]
    return render_template("commerce_sandbox/orders.html", orders=shown, carriers=CARRIERS,
                           products=products, done=_message(), error=None)


@blueprint.get("/admin/sales/order/view/order_id/<int:order_id>/")
@blueprint.get("/admin/sales/order/view/order_id/<int:order_id>")
def order_view(order_id: int):
    state = _state()
    with state.lock:
        if order_id not in state.orders:
            abort(404, description=f"This Commerce sandbox has no order {order_id}.")
        order = shown_order(state, order_id)
    return render_template("commerce_sandbox/order.html", order=order, carriers=CARRIERS,
                           done=_message())


@blueprint.post("/_page/products/status")
def set_product_status():
    sku = request.form.get("sku", "")
    wanted = request.form.get("status")
    if wanted not in ("enabled", "disabled"):
        return done("Choose Enable or Disable.")
    try:
        inventory.set_status(_state(), sku, wanted)
    except KeyError:
        return done(f"No product {sku[:64]}.")
    return done(f"Product {sku} is {wanted}.")


@blueprint.post("/_page/products/stock")
def add_stock():
    sku = request.form.get("sku", "")
    try:
        qty = float(request.form.get("qty", ""))
    except ValueError:
        return done("Enter a quantity to add, such as 10.")
    if not 0 < qty <= MAX_STOCK:
        return done(f"Enter a quantity from 1 to {MAX_STOCK:,}.")
    try:
        total = inventory.add_stock(_state(), sku, qty)
    except (KeyError, ValidationError):
        return done(f"No product {sku[:64]}.")
    return done(f"Added {qty:g} to {sku}: {total:g} in stock.")
