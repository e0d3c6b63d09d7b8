"""Amazon stores, the store dashboard, and Activate / Deactivate."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from connector.db import get_db
from connector.models import AmazonOrder, Store, SyncState
from connector.web.admin.blueprint import admin_session, bp, lifecycle, load_store
from connector.web.admin.sales_chart import PERIODS, sales_chart

RECENT_ORDERS = 10
ACTIVE, INACTIVE = "Active", "Inactive"


def recent_orders(db, store_id: int) -> list[AmazonOrder]:
    """The 10 newest orders, by purchase date (index store_id, purchase_date, id)."""
    return list(db.scalars(select(AmazonOrder).where(AmazonOrder.store_id == store_id)
                           .order_by(AmazonOrder.purchase_date.desc(), AmazonOrder.id.desc())
                           .limit(RECENT_ORDERS)))


def last_sync(state: SyncState | None) -> dict:
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
    with get_db().session() as db:
        rows = list(db.scalars(select(Store).order_by(Store.name)))
        syncs = {s.store_id: last_sync(s) for s in db.scalars(select(SyncState))}
        return render_template("admin/stores.html", stores=rows, syncs=syncs)


@bp.get("/stores/<int:store_id>")
def dashboard(store_id: int):
    days = request.args.get("days", type=int)
    days = days if days in PERIODS else PERIODS[0]
    with get_db().session() as db:
        store = load_store(db, store_id)
        return render_template(
            "admin/dashboard.html", store=store, sync=last_sync(db.get(SyncState, store_id)),
            chart=sales_chart(db, store_id, days, today=lifecycle().clock().date()),
            periods=PERIODS,
            orders=recent_orders(db, store_id))


@bp.post("/stores/<int:store_id>/status")
def set_status(store_id: int):
    """Inactive pauses every sync of the store; its orders, settings and history stay."""
    wanted = request.form.get("status")
    with get_db().session() as db:
        store = load_store(db, store_id)
        if wanted not in (ACTIVE, INACTIVE):
            admin_session().flash("Choose Activate or Deactivate.", "error")
        elif store.status != wanted:
            store.status = wanted
            admin_session().flash(
                f"{store.name} is active: orders sync again." if wanted == ACTIVE else
                f"{store.name} is inactive: order sync is paused; nothing is lost.")
    return redirect(url_for("admin.dashboard", store_id=store_id), code=303)
