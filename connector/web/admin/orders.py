"""All Orders (filters, sorting and paging in the URL) and Amazon Order Details."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, redirect, render_template, request, url_for
from marshmallow import ValidationError

from connector.domain import CancelReason, cancel_reason_label
from connector.marketplaces import seller_central_order_url
from connector.orders import (
    ADDRESS_FIELDS,
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    PAGE_COUNT_LIMIT,
    REASON_CHOICES,
    SORTS,
    AddressNotEditable,
    CancellationBodySchema,
    CancellationRefused,
    ImportRefused,
    OrderFilters,
    Tracking,
    cancellation_of,
    confirmed_shipments,
    filters_to_args,
    find_order,
    fix_shipping_address,
    has_open_request,
    inventory_reserved,
    latest_currency,
    load_order,
    order_actions,
    order_notes,
    order_tracking,
    parse_filters,
    request_cancellation,
    request_import,
    search_orders,
    why_not_cancelable,
    without,
)
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services
from connector.web.admin.formatting import money, status_label
from connector.web.admin.outcomes import describe_outcome
from connector.web.admin.security import CSRF_FIELD
from mappings.status import GRID_LABELS, GRID_STATUSES

COLUMNS = [("purchase_date", "Purchase Date"), ("order_number", "Order Number"),
           ("status", "Status"), ("buyer_name", "Buyer's Name"), ("total", "Total")]
TEXT_SORTS = {"order_number", "status", "buyer_name"}  # first click sorts A to Z
PAGE_SIZES = (20, 50, 100, 200)
TABS = {"details": "Order details and shipping", "items": "Order items", "tracking": "Tracking"}


# -- All Orders ------------------------------------------------------------------------------

class GridLinks:
    """Every link of the grid keeps the filters, sort and page size, so the URL is the state
    (shareable, and the back button returns to it)."""

    def __init__(self, store_id: int, filters: OrderFilters, sort: str, descending: bool,
                 per_page: int):
        self.store_id, self.filters, self.sort = store_id, filters, sort
        self.descending, self.per_page = descending, per_page

    def url(self, filters: OrderFilters | None = None, *, sort: str | None = None,
            descending: bool | None = None, page: int = 1) -> str:
        args = filters_to_args(self.filters if filters is None else filters)
        sort = sort or self.sort
        descending = self.descending if descending is None else descending
        if sort != DEFAULT_SORT or not descending:
            args += [("sort", sort), ("dir", "desc" if descending else "asc")]
        if self.per_page != DEFAULT_PER_PAGE:
            args.append(("per_page", str(self.per_page)))
        if page > 1:
            args.append(("page", str(page)))
        base = url_for("admin.all_orders", store_id=self.store_id)
        return f"{base}?{urlencode(args)}" if args else base

    def sort_url(self, column: str) -> str:
        if column == self.sort:
            return self.url(sort=column, descending=not self.descending)
        return self.url(sort=column, descending=column not in TEXT_SORTS)

    def page_url(self, page: int) -> str:
        return self.url(page=page)


def chips(filters: OrderFilters, links: GridLinks, currency: str | None) -> list[dict]:
    """One removable chip per applied filter (one per status)."""
    found = []

    def chip(label, without_filters):
        found.append({"label": label, "remove": links.url(without_filters)})

    start, end = filters.purchased_from, filters.purchased_to
    if start or end:
        text = (f"{start} - {end}" if start and end else f"from {start}" if start
                else f"until {end}")
        chip(f"Purchase Date: {text}",
             without(without(filters, "purchased_from"), "purchased_to"))
    if filters.order_number:
        chip(f"Order Number: {filters.order_number}", without(filters, "order_number"))
    if filters.buyer_name:
        chip(f"Buyer's Name: {filters.buyer_name}", without(filters, "buyer_name"))
    low, high = filters.total_min, filters.total_max
    if low is not None or high is not None:
        text = (f"{money(low, currency)} - {money(high, currency)}" if low is not None
                and high is not None else f"from {money(low, currency)}" if low is not None
                else f"up to {money(high, currency)}")
        chip(f"Total: {text}", without(without(filters, "total_min"), "total_max"))
    for status in filters.statuses:
        chip(f"Status: {status_label(status)}", without(filters, "status", status))
    if filters.buyer_asked_to_cancel:
        chip("Buyer asked to cancel", without(filters, "buyer_asked_to_cancel"))
    return found


@bp.get("/stores/<int:store_id>/orders")
def all_orders(store_id: int):
    filters, errors = parse_filters(request.args)
    sort = request.args.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    descending = request.args.get("dir", "desc") != "asc"
    per_page = request.args.get("per_page", DEFAULT_PER_PAGE, type=int)
    per_page = per_page if per_page in PAGE_SIZES else DEFAULT_PER_PAGE
    page = request.args.get("page", 1, type=int)
    links = GridLinks(store_id, filters, sort, descending, per_page)
    with read() as db:
        store = load_store(db, store_id)
        grid = search_orders(db, store_id, filters, sort=sort, descending=descending,
                             page=page, per_page=per_page, count_limit=PAGE_COUNT_LIMIT)
        currency = latest_currency(db, store_id)
        return render_template(
            "admin/orders.html", store=store, grid=grid, links=links, errors=errors,
            raw=request.args, columns=COLUMNS, chips=chips(filters, links, currency),
            statuses=[(s, GRID_LABELS[s]) for s in GRID_STATUSES], page_sizes=PAGE_SIZES,
            clear_url=links.url(OrderFilters()))


# -- Amazon Order Details --------------------------------------------------------------------

def _find_order(db, store_id: int, amazon_order_id: str):
    row = find_order(db, store_id, amazon_order_id)
    if row is None:
        abort(404, description=f"There is no Amazon order {amazon_order_id} in this store.")
    return row


def commerce_order_url(store, row) -> str | None:
    if row.commerce_order_id is None:
        return None
    return f"{store.commerce_url.rstrip('/')}/admin/sales/order/view/order_id/" \
           f"{row.commerce_order_id}/"


REASONS = [(reason, cancel_reason_label(reason)) for reason in REASON_CHOICES]


def _details(store_id: int, amazon_order_id: str, *, address_values=None,
             address_errors=None, cancel_errors=None, status: int = 200):
    tab = request.args.get("tab", "details")
    tab = tab if tab in TABS else "details"
    with read() as db:
        store = load_store(db, store_id)
        row = _find_order(db, store_id, amazon_order_id)
        tracking = (order_tracking(services(), store, row, confirmed_shipments(db, row))
                    if tab == "tracking" else Tracking())
        address = {k: (row.shipping_address or {}).get(k) for k in ADDRESS_FIELDS}
        actions = order_actions(row, store.settings)
        return render_template(
            "admin/order.html", store=store, row=row, order=load_order(row.order_data),
            tab=tab, tabs=TABS, notes=order_notes(db, row), tracking=tracking.rows,
            tracking_problem=tracking.problem, fields=ADDRESS_FIELDS,
            editable=actions.address_editable, actions=actions,
            import_enabled=bool(store.settings and store.settings.import_enabled),
            reserved=inventory_reserved(row, store.settings),
            address=address_values or address, address_errors=address_errors or {},
            commerce_url=commerce_order_url(store, row),
            seller_central_url=seller_central_order_url(row.marketplace_id,
                                                        row.amazon_order_id),
            cancellation=cancellation_of(db, row), cancel_refusal=why_not_cancelable(row, store),
            reasons=REASONS, cancel_errors=cancel_errors or {},
            # Cancel Order without JavaScript opens the dialog with ?cancel=1; one click
            # honours a buyer's request.
            cancel_open=cancel_errors is not None or request.args.get("cancel") == "1",
            preselected=(CancelReason.BUYER_CANCELED.value if has_open_request(row)
                         else "")), status


@bp.get("/stores/<int:store_id>/orders/<amazon_order_id>")
def order_details(store_id: int, amazon_order_id: str):
    return _details(store_id, amazon_order_id)


@bp.post("/stores/<int:store_id>/orders/<amazon_order_id>")
def save_order(store_id: int, amazon_order_id: str):
    """Save Order: the corrected shipping address; a blocked order is retried at once."""
    form = {k: v for k, v in request.form.items() if k != CSRF_FIELD}
    with read() as db:
        load_store(db, store_id)
        _find_order(db, store_id, amazon_order_id)
    try:
        result = fix_shipping_address(services(), store_id, amazon_order_id, form,
                                      user=admin_session().user)
    except ValidationError as invalid:
        errors = {k: " ".join(v) if isinstance(v, list) else str(v)
                  for k, v in invalid.messages.items()}
        return _details(store_id, amazon_order_id, address_values=form,
                        address_errors=errors, status=400)
    except AddressNotEditable as refused:
        admin_session().flash(str(refused), "error")
    else:
        if result.retried:
            with read() as db:
                note = _find_order(db, store_id, amazon_order_id).latest_note
            message, kind = describe_outcome(result.imports, note)
            admin_session().flash(f"You saved the order. {message}", kind)
        elif result.changed:
            admin_session().flash("You saved the order.")
        else:
            admin_session().flash("Nothing changed.", "warning")
    return redirect(url_for("admin.order_details", store_id=store_id,
                            amazon_order_id=amazon_order_id), code=303)


@bp.post("/stores/<int:store_id>/orders/<amazon_order_id>/import")
def import_order(store_id: int, amazon_order_id: str):
    """Import into Commerce: an order that arrived while import was disabled, on the
    merchant's confirmed request (it may have been handled in Seller Central already)."""
    with read() as db:
        load_store(db, store_id)
        _find_order(db, store_id, amazon_order_id)
    back = redirect(url_for("admin.order_details", store_id=store_id,
                            amazon_order_id=amazon_order_id), code=303)
    if request.form.get("confirm") != "yes":
        admin_session().flash("Confirm the import first: the order may already have been "
                              "handled in Seller Central.", "warning")
        return back
    try:
        result = request_import(services(), store_id, amazon_order_id,
                                user=admin_session().user)
    except ImportRefused as refused:
        admin_session().flash(str(refused), "error")
        return back
    with read() as db:
        note = _find_order(db, store_id, amazon_order_id).latest_note
    message, kind = describe_outcome(result.imports, note)
    if set(result.imports.counts) <= {"skipped"} and result.imports.stopped_by is None:
        message = ("It is imported as soon as Amazon's status allows (Unshipped, or Shipped "
                   "for Amazon-fulfilled orders).")
    admin_session().flash(f"You asked for this order to be imported into Commerce. {message}",
                          kind)
    return back


@bp.post("/stores/<int:store_id>/orders/<amazon_order_id>/cancel")
def cancel_order(store_id: int, amazon_order_id: str):
    """Cancel Order: the merchant's cancellation, with Amazon's reason, goes to Amazon with
    the store's next sync."""
    form = {k: v for k, v in request.form.items() if k != CSRF_FIELD and v != ""}
    with read() as db:
        load_store(db, store_id)
        _find_order(db, store_id, amazon_order_id)
    try:
        reason = CancellationBodySchema().load(form)["reason"]
    except ValidationError as invalid:
        errors = {k: " ".join(v) if isinstance(v, list) else str(v)
                  for k, v in invalid.messages.items()}
        return _details(store_id, amazon_order_id, cancel_errors=errors, status=400)
    try:
        request_cancellation(services(), store_id, amazon_order_id, reason,
                             by=admin_session().user)
    except CancellationRefused as refused:
        admin_session().flash(str(refused), "error")
    else:
        admin_session().flash(
            f"You asked Amazon to cancel the order ({cancel_reason_label(reason)}). It goes to "
            "Amazon with the next sync; the order shows Canceled once Amazon confirms, and the "
            "Commerce order is canceled then.")
    return redirect(url_for("admin.order_details", store_id=store_id,
                            amazon_order_id=amazon_order_id), code=303)
