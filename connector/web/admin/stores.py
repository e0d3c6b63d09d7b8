"""Amazon stores, the store dashboard, and Activate / Deactivate."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from connector.domain import StoreStatus
from connector.marketplaces import seller_central_links
from connector.orders import (
    buyer_cancellation_counts,
    notification_states,
    recent_orders,
    sales_by_currency,
    set_store_status,
    status_counts,
    stores_by_name,
    sync_state,
    sync_states,
)
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services
from connector.web.admin.sales_chart import PERIODS, sales_chart


def last_sync(state) -> dict:
    """When the last sync ran and how it went, in the merchant's words."""
    if state is None or state.last_run_at is None:
        return {"at": None, "ok": None, "result": "Not synced yet"}
    if state.last_error and (state.last_error_at or state.last_run_at) >= state.last_run_at:
        return {"at": state.last_run_at, "ok": False, "result": f"Failed: {state.last_error}"}
    if state.throttled_at and state.throttled_at >= state.last_run_at:
        return {"at": state.last_run_at, "ok": True,
                "result": "Paused by Amazon's rate limit; the next sync resumes"}
    return {"at": state.last_run_at, "ok": True, "result": "Succeeded"}


@bp.get("/")
def stores():
    with read() as db:
        syncs = {store_id: last_sync(state) for store_id, state in sync_states(db).items()}
        return render_template("admin/stores.html", stores=stores_by_name(db), syncs=syncs)


@bp.get("/stores/<int:store_id>")
def dashboard(store_id: int):
    days = request.args.get("days", type=int)
    days = days if days in PERIODS else PERIODS[0]
    currency = (request.args.get("currency") or "").upper()[:3] or None
    today = services().clock().date()
    with read() as db:
        store = load_store(db, store_id)
        marketplace = (store.marketplace_ids or [None])[0]
        statuses = status_counts(db, store_id)
        return render_template(
            "admin/dashboard.html", store=store, sync=last_sync(sync_state(db, store_id)),
            chart=sales_chart(db, store_id, days, today=today, currency=currency),
            sales=sales_by_currency(db, store_id, days, today),
            statuses=statuses, status_totals=dict(statuses),
            seller_central=seller_central_links(marketplace),
            buyer_requests=buyer_cancellation_counts(db).get(store_id, 0),
            periods=PERIODS, orders=recent_orders(db, store_id),
            notifications=notification_states(db, services().clock()).get(store_id))


@bp.post("/stores/<int:store_id>/status")
def set_status(store_id: int):
    """Inactive pauses every sync of the store; its orders, settings and history stay."""
    wanted = request.form.get("status")
    with read() as db:
        store = load_store(db, store_id)
        if wanted not in (StoreStatus.ACTIVE, StoreStatus.INACTIVE):
            admin_session().flash("Choose Activate or Deactivate.", "error")
        elif store.status == StoreStatus.DISCONNECTED:
            admin_session().flash("The store is disconnected: Reconnect it to sync again.",
                                  "error")
        elif set_store_status(db, store, StoreStatus(wanted)):
            admin_session().flash(
                f"{store.name} is active: orders sync again." if wanted == StoreStatus.ACTIVE
                else f"{store.name} is inactive: order sync is paused; nothing is lost.")
    return redirect(url_for("admin.dashboard", store_id=store_id), code=303)
