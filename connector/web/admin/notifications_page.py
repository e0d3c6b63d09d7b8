"""The store dashboard's Notifications panel: set up Amazon's ORDER_CHANGE notifications to
the seller's SQS queue (as ``connector notifications setup``), or remove them."""

from __future__ import annotations

from flask import redirect, request, url_for

from connector.orders import NotificationsRefused, remove_notifications, setup_notifications
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services


def _back(store_id: int):
    return redirect(url_for("admin.dashboard", store_id=store_id, _anchor="notifications"),
                    code=303)


@bp.post("/stores/<int:store_id>/notifications")
def set_up_notifications(store_id: int):
    with read() as db:
        load_store(db, store_id)
    flash = admin_session().flash
    queue_arn = (request.form.get("queue_arn") or "").strip()[:1000]
    try:
        if request.form.get("action") == "remove":
            removed = remove_notifications(services(), store_id)
            flash("Notifications removed: orders arrive by sync." if removed
                  else "There were no notifications to remove.")
        else:
            done = setup_notifications(services(), store_id, queue_arn)
            flash("Notifications are on: orders changed on Amazon arrive within seconds "
                  f"(subscription {done.subscription_id}"
                  f"{', created' if done.subscription_created else ', already there'}).")
    except NotificationsRefused as refused:
        label = {"queue_arn": "Queue ARN"}.get(refused.field, "Amazon")
        flash(f"{label}: {refused.message}", "error")
    return _back(store_id)
