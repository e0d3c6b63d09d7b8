"""The Amazon sandbox's page: place an order from the demo catalogue, move orders along
Amazon's statuses (Pending -> Unshipped -> Shipped, Cancel), ask to cancel as a buyer would, and
see the feeds the connector sent (the merchant's cancellations) with Amazon's reports.

It stands in for what happens on Amazon's side; it is not Seller Central. URLs come from
``url_for``, so the page works mounted under a prefix.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from connector.sandbox.amazon.book import BUYER_MAY_ASK, TRANSITIONS
from connector.sandbox.amazon.catalog import build_order, new_order_id
from connector.sandbox.amazon.contract import OrderRefused
from connector.sandbox.amazon.state import sandbox
from connector.sandbox.amazon.views import V0_STATUS

MAX_LINES = 3
MAX_QUANTITY = 20
BUTTONS = {"UNSHIPPED": "Unshipped", "PARTIALLY_SHIPPED": "Partially shipped",
           "SHIPPED": "Shipped", "CANCELLED": "Cancel", "UNFULFILLABLE": "Unfulfillable",
           "PENDING": "Pending"}

#: What buyers say when they ask to cancel (Amazon passes the buyer's words on).
BUYER_REASONS = ("Ordered by mistake", "Found a better price", "Delivery takes too long",
                 "Changed my mind")

page = Blueprint("page", __name__, template_folder="templates")


def _done(message: str):
    """Back to the page, which confirms what was done (``?done=``: nothing is kept), and
    whether a notification told the connector."""
    if sandbox().notify.delivering_to()[0]:
        message += " An ORDER_CHANGE notification told the connector."
    return redirect(url_for("page.index", done=message), code=303)


def _render(error: str | None = None, status: int = 200):
    state = sandbox()
    state.feeds.process_due()  # the orders as Amazon has them once its feeds are done
    orders = sorted(state.book.all(), key=lambda o: (o["createdTime"], o["orderId"]),
                    reverse=True)
    for order in orders:
        current = order["fulfillment"]["fulfillmentStatus"]
        order["label"] = V0_STATUS.get(current, current)
        order["next"] = [s for s in BUTTONS if s in TRANSITIONS.get(current, ())]
        grand = (order.get("proceeds") or {}).get("grandTotal")
        order["total"] = f"{grand['amount']} {grand['currencyCode']}" if grand else ""
        requests = [(i.get("cancellation") or {}).get("cancellationRequest")
                    for i in order["orderItems"]]
        order["buyer_request"] = next((r for r in requests if r), None)
        order["buyer_may_ask"] = current in BUYER_MAY_ASK and not order["buyer_request"]
    backdate = f"{state.backdate_minutes:g}" if state.backdate_minutes else None
    notifying, notified = state.notify.delivering_to()
    done = None if error else (request.args.get("done") or "")[:200] or None
    return render_template("amazon_sandbox/page.html", orders=orders, catalog=state.catalog,
                           error=error, done=done, buttons=BUTTONS, max_lines=MAX_LINES,
                           backdate=backdate, feeds=state.feeds.received(),
                           buyer_reasons=BUYER_REASONS, notifying=notifying,
                           notified=notified), status


@page.get("/")
def index():
    return _render()


def _lines(form, catalog) -> list[tuple[str, int]] | str:
    """The (SKU, quantity) lines the buyer chose, or what is wrong with them."""
    lines: list[tuple[str, int]] = []
    for sku, quantity in zip(form.getlist("sku"), form.getlist("quantity"), strict=False):
        if not sku:
            continue
        if sku not in catalog:
            return f"Unknown SKU {sku[:40]!r}."
        try:
            count = int(quantity)
        except ValueError:
            return "Enter a whole quantity."
        if not 1 <= count <= MAX_QUANTITY:
            return f"Enter a quantity from 1 to {MAX_QUANTITY}."
        lines.append((sku, count))
    return lines or "Choose at least one item."


@page.post("/_page/orders")
def place_order():
    state = sandbox()
    form = request.form
    lines = _lines(form, state.catalog)
    if isinstance(lines, str):
        return _render(lines, 400)
    fulfilled_by = form.get("fulfilled_by", "MERCHANT")
    if fulfilled_by not in ("MERCHANT", "AMAZON"):
        return _render("Fulfilled by the seller or by Amazon.", 400)
    buyer = (form.get("buyer") or "").strip()[:80] or "Jane Doe"
    taken = {o["orderId"] for o in state.book.all()}
    order = build_order(new_order_id(taken), lines, state.catalog, created=state.stamp(),
                        fulfilled_by=fulfilled_by, buyer=buyer)
    try:
        state.book.add(order)
    except (OrderRefused, KeyError) as exc:
        return _render(f"The order was refused: {exc}", 400)
    return _done(f"Order {order['orderId']} placed (Pending).")


def _change(order_id: str, change, done: str):
    """Apply ``change`` to the book and show the page again saying ``done``, or say why it
    was refused."""
    try:
        change(sandbox().book)
    except KeyError:
        return _render(f"No order {order_id[:40]}.", 404)
    except ValueError as exc:
        text = str(exc)
        return _render(f"{text[:1].upper()}{text[1:]}.", 400)
    return _done(done)


@page.post("/_page/orders/<order_id>/status")
def move_order(order_id: str):
    status = request.form.get("status", "")
    return _change(order_id, lambda book: book.move(order_id, status),
                   f"Order {order_id} is now {V0_STATUS.get(status, status)}.")


@page.post("/_page/orders/<order_id>/buyer-cancel")
def buyer_asks_to_cancel(order_id: str):
    """The buyer asks Amazon to cancel: the order's items carry the request from now on."""
    reason = request.form.get("reason", "")
    if reason not in BUYER_REASONS:
        return _render("Choose the buyer's reason.", 400)
    return _change(order_id, lambda book: book.buyer_request(order_id, reason),
                   f"The buyer of order {order_id} asked to cancel.")
