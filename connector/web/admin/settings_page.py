"""The Order settings page ("Save order settings")."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from connector.order_settings import (
    CHOICES,
    DEFAULTS,
    HOLD_FORM,
    PENDING_FORM,
    carrier_lines,
    describe_settings,
    save_order_settings,
)
from connector.web.admin.blueprint import (
    admin_session,
    bp,
    commerce_lists,
    load_store,
    read,
    services,
)
from connector.web.admin.security import CSRF_FIELD


def _form_values(settings) -> dict:
    values = describe_settings(settings)
    values["import_enabled"] = "enabled" if values["import_enabled"] else "disabled"
    values["carrier_mapping"] = carrier_lines(values["carrier_mapping"])
    values["reserve_pending"] = PENDING_FORM[bool(values["reserve_pending"])]
    values["hold_buyer_cancellations"] = HOLD_FORM[bool(values["hold_buyer_cancellations"])]
    return values


def _render(store, values: dict, errors: dict, lists=None, status: int = 200):
    lists = lists or commerce_lists().get(services(), store)
    return render_template(
        "admin/settings.html", store=store, values=values, errors=errors, lists=lists,
        choices=CHOICES, defaults=DEFAULTS), status


@bp.get("/stores/<int:store_id>/settings")
def order_settings(store_id: int):
    with read() as db:
        store = load_store(db, store_id)
        return _render(store, _form_values(store.settings), {})


@bp.post("/stores/<int:store_id>/settings")
def save_settings(store_id: int):
    form = {k: v for k, v in request.form.items() if k != CSRF_FIELD}
    with read() as db:
        store = load_store(db, store_id)
        lists = commerce_lists().get(services(), store)
        try:
            save_order_settings(db, store_id, form, store_views=lists.store_view_codes,
                                processing_statuses=lists.processing_status_codes)
        except ValidationError as invalid:
            db.rollback()
            errors = {k: " ".join(v) if isinstance(v, list) else str(v)
                      for k, v in invalid.messages.items()}
            return _render(store, {**_form_values(store.settings), **form}, errors, lists, 400)
        admin_session().flash("You saved the order settings.")
    return redirect(url_for("admin.order_settings", store_id=store_id), code=303)
