"""The Amazon sandbox's page: place an order from the demo catalogue, move orders along
Amazon's statuses (Pending -> Unshipped -> Shipped, Cancel), as a buyer and Amazon would.

It stands in for what happens on Amazon's side; it is not Seller Central. URLs come from
``url_for``, so the page works mounted under a prefix.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from flask import Flask, redirect, render_template_string, request, url_for

from connector.amazon.errors import InvalidOrderData
from connector.sandbox.amazon_store import TRANSITIONS, V0_STATUS, amazon_time

US = ("ATVPDKIKX0DER", "Amazon.com", "USD", Decimal("0.0725"))
CENT = Decimal("0.01")
MAX_LINES = 3
BUTTONS = {"UNSHIPPED": "Unshipped", "PARTIALLY_SHIPPED": "Partially shipped",
           "SHIPPED": "Shipped", "CANCELLED": "Cancel", "UNFULFILLABLE": "Unfulfillable",
           "PENDING": "Pending"}


def new_order_id(taken, rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    while True:
        order_id = f"113-{rng.randrange(10 ** 7):07d}-{rng.randrange(10 ** 7):07d}"
        if order_id not in taken:
            return order_id


def build_order(order_id: str, lines: list[tuple[str, int]], catalog: Mapping, *,
                created: datetime, updated: datetime | None = None, status: str = "PENDING",
                fulfilled_by: str = "MERCHANT", buyer: str = "Jane Doe") -> dict:
    """A US order in Orders v2026 JSON; ``lines`` are (seller SKU, quantity) from ``catalog``
    (SKU -> (title, unit price)). Shipped orders have every unit fulfilled."""
    marketplace, channel, currency, tax_rate = US
    items, total = [], Decimal("0")
    shipped = status == "SHIPPED"
    for n, (sku, quantity) in enumerate(lines, start=1):
        title, price = catalog[sku]
        unit = Decimal(str(price)).quantize(CENT)
        line = unit * quantity
        tax = (line * tax_rate).quantize(CENT)
        total += line + tax
        items.append({
            "orderItemId": f"{order_id.replace('-', '')}{n:02d}", "quantityOrdered": quantity,
            "product": {"asin": f"B0DEMO{n:04d}", "sellerSku": sku, "title": title,
                        "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
                        "price": {"unitPrice": {"amount": str(unit), "currencyCode": currency}}},
            "proceeds": {
                "proceedsTotal": {"amount": str(line + tax), "currencyCode": currency},
                "breakdowns": [
                    {"type": "ITEM", "subtotal": {"amount": str(line), "currencyCode": currency}},
                    {"type": "TAX", "subtotal": {"amount": str(tax), "currencyCode": currency},
                     "detailedBreakdowns": [{"subtype": "ITEM", "value": {
                         "amount": str(tax), "currencyCode": currency}}]}]},
            "fulfillment": {"quantityFulfilled": quantity if shipped else 0,
                            "quantityUnfulfilled": 0 if shipped else quantity}})
    first = buyer.split()[0].lower() if buyer.strip() else "buyer"
    return {
        "orderId": order_id, "createdTime": amazon_time(created),
        "lastUpdatedTime": amazon_time(updated or created),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": marketplace,
                         "marketplaceName": channel},
        "buyer": {"buyerName": buyer, "buyerEmail": f"{first}.demo@marketplace.amazon.com"},
        "recipient": {"deliveryAddress": {
            "name": buyer, "addressLine1": "1420 Maple Avenue", "city": "Denver",
            "stateOrRegion": "CO", "postalCode": "80202", "countryCode": "US",
            "phone": "+13035550147", "addressType": "RESIDENTIAL"}},
        "proceeds": {"grandTotal": {"amount": str(total), "currencyCode": currency}},
        "fulfillment": {"fulfillmentStatus": status, "fulfilledBy": fulfilled_by,
                        "fulfillmentServiceLevel": "STANDARD"},
        "orderItems": items,
    }


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Amazon sandbox</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-top:1em}
td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
.badge{background:#b45309;color:#fff;padding:.15em .5em;border-radius:.3em;font-size:.8em}
.error{color:#b91c1c}form.inline{display:inline}fieldset{max-width:44em}</style></head>
<body><h1>Amazon sandbox <span class="badge">Sandbox</span></h1>
<p>This page stands in for Amazon: place an order as a buyer would, then move it along as
Amazon would. The connector reads these orders through the Selling Partner API on its next
sync.{% if backdate %} Amazon only returns changes older than 2 minutes, so this sandbox
stamps every change {{ backdate }} minutes in the past: a change shows in the connector on its
next sync.{% endif %}</p>
{% if error %}<p class="error">{{ error }}</p>{% endif %}
<form method="post" action="{{ url_for('page_place_order') }}"><fieldset>
<legend>Place an order</legend>
{% for n in range(max_lines) %}<p><label>Item {{ n + 1 }}
<select name="sku">{% if n %}<option value="">(none)</option>{% endif %}
{% for sku, entry in catalog.items() %}<option value="{{ sku }}">{{ sku }}: {{ entry[0] }}
(${{ entry[1] }})</option>{% endfor %}</select></label>
<label>Quantity <input name="quantity" type="number" min="1" max="20" value="1" size="3">
</label></p>{% endfor %}
<p><label>Buyer <input name="buyer" value="Jane Doe" maxlength="80"></label>
<label>Fulfilled by <select name="fulfilled_by"><option value="MERCHANT">the seller (MFN)
</option><option value="AMAZON">Amazon (FBA)</option></select></label></p>
<button type="submit">Place order</button></fieldset></form>
<table><tr><th>Order</th><th>Created</th><th>Last updated</th><th>Status</th>
<th>Fulfilled by</th><th>Items</th><th>Total</th><th>Move to</th></tr>
{% for o in orders %}<tr>
<td>{{ o.orderId }}</td><td>{{ o.createdTime }}</td><td>{{ o.lastUpdatedTime }}</td>
<td>{{ o.label }}</td><td>{{ o.fulfillment.fulfilledBy }}</td>
<td>{% for i in o.orderItems %}{{ i.product.sellerSku }} x {{ i.quantityOrdered }}
({{ i.fulfillment.quantityFulfilled if i.fulfillment else 0 }} shipped)<br>{% endfor %}</td>
<td>{{ o.total }}</td>
<td>{% for status in o.next %}<form class="inline" method="post"
 action="{{ url_for('page_move_order', order_id=o.orderId) }}">
<button name="status" value="{{ status }}">{{ buttons[status] }}</button></form>
{% endfor %}</td></tr>{% endfor %}</table></body></html>
"""


def add_page(app: Flask, state, catalog: Mapping, stamp, backdate_minutes: float) -> None:
    """Add the page (``/``) and its two form targets to the sandbox ``app``; ``stamp`` is the
    clock the order book stamps changes with."""

    def render(error: str | None = None, status: int = 200):
        orders = sorted(state.book.all(), key=lambda o: (o["createdTime"], o["orderId"]),
                        reverse=True)
        for order in orders:
            current = order["fulfillment"]["fulfillmentStatus"]
            order["label"] = V0_STATUS.get(current, current)
            order["next"] = [s for s in BUTTONS if s in TRANSITIONS.get(current, ())]
            grand = (order.get("proceeds") or {}).get("grandTotal")
            order["total"] = f"{grand['amount']} {grand['currencyCode']}" if grand else ""
        return render_template_string(PAGE, orders=orders, catalog=catalog, error=error,
                                      buttons=BUTTONS, max_lines=MAX_LINES,
                                      backdate=f"{backdate_minutes:g}" if backdate_minutes
                                      else None), status

    @app.get("/")
    def page_index():
        return render()

    @app.post("/_page/orders")
    def page_place_order():
        form = request.form
        lines: list[tuple[str, int]] = []
        for sku, quantity in zip(form.getlist("sku"), form.getlist("quantity"), strict=False):
            if not sku:
                continue
            if sku not in catalog:
                return render(f"Unknown SKU {sku[:40]!r}.", 400)
            try:
                count = int(quantity)
            except ValueError:
                return render("Enter a whole quantity.", 400)
            if not 1 <= count <= 20:
                return render("Enter a quantity from 1 to 20.", 400)
            lines.append((sku, count))
        if not lines:
            return render("Choose at least one item.", 400)
        fulfilled_by = form.get("fulfilled_by", "MERCHANT")
        if fulfilled_by not in ("MERCHANT", "AMAZON"):
            return render("Fulfilled by the seller or by Amazon.", 400)
        buyer = (form.get("buyer") or "").strip()[:80] or "Jane Doe"
        taken = {o["orderId"] for o in state.book.all()}
        order = build_order(new_order_id(taken), lines, catalog, created=stamp(),
                            fulfilled_by=fulfilled_by, buyer=buyer)
        try:
            state.book.add(order)
        except (InvalidOrderData, KeyError) as exc:
            return render(f"The order was refused: {exc}", 400)
        return redirect(url_for("page_index"), code=303)

    @app.post("/_page/orders/<order_id>/status")
    def page_move_order(order_id: str):
        try:
            state.book.move(order_id, request.form.get("status", ""))
        except KeyError:
            return render(f"No order {order_id[:40]}.", 404)
        except ValueError as exc:
            text = str(exc)
            return render(f"{text[:1].upper()}{text[1:]}.", 400)
        return redirect(url_for("page_index"), code=303)


def backdated(now, minutes: float):
    """The clock the order book stamps changes with: ``minutes`` behind ``now``, and (when
    backdating) each stamp at least a second after the one before, since Amazon's times have
    whole seconds and the connector keeps a change only when it is newer."""
    if not minutes:
        return now
    lag = timedelta(minutes=minutes)
    lock = threading.Lock()
    last: list[datetime] = []

    def stamp() -> datetime:
        with lock:
            moment = (now() - lag).replace(microsecond=0)
            if last and moment <= last[0]:
                moment = last[0] + timedelta(seconds=1)
            last[:] = [moment]
            return moment

    return stamp
