"""Add store: the wizard that connects an Amazon seller account and a Commerce instance
(name, Amazon, Commerce, connection check), and a store's connection (reconnect, disconnect,
delete). The rules live in ``connector.orders.onboarding``; these views only show them."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from connector.marketplaces import MARKETPLACES, REGIONS
from connector.orders import (
    AMAZON_ERRORS,
    SpApiApp,
    WizardNotFound,
    delete_store,
    disconnect_store,
    find_wizard,
    finish_wizard,
    give_amazon_credentials,
    give_commerce_credentials,
    reconnect_wizard,
    start_authorization,
    start_wizard,
    wait_for_activation,
)
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services
from connector.web.admin.security import CSRF_FIELD

#: Where ``create_app`` keeps the connector's SP-API application (or None).
SPAPI_APP = "connector_spapi_app"
#: Where the demo keeps the Amazon stand-in's addresses, for the stores added there.
AMAZON_ENDPOINTS = "connector_amazon_endpoints"


def spapi_app() -> SpApiApp | None:
    return current_app.extensions.get(SPAPI_APP)


def amazon_callback_url() -> str:
    return url_for("integrations.amazon_callback", _external=True)


def _form() -> dict:
    return {k: v.strip() for k, v in request.form.items() if k != CSRF_FIELD}


def _errors(invalid: ValidationError) -> dict:
    return {k: " ".join(v) if isinstance(v, list) else str(v)
            for k, v in invalid.messages.items()}


def _wizard(wizard_id: str):
    try:
        return find_wizard(services(), admin_session().sid, wizard_id)
    except WizardNotFound as missing:
        abort(404, description=str(missing))


def _page(template: str, wizard=None, status: int = 200, **context):
    markets = sorted(MARKETPLACES.values(), key=lambda m: (m.region, m.name))
    return render_template(f"admin/{template}", wizard=wizard, regions=REGIONS,
                           marketplaces=markets, **context), status


@bp.get("/stores/new")
def add_store_page():
    return _page("connect_store.html", values={"region": "NA"}, errors={})


@bp.post("/stores/new")
def add_store_start():
    form = _form()
    form_markets = request.form.getlist("marketplace_ids")
    payload = {**form, "marketplace_ids": form_markets}
    try:
        wizard_id = start_wizard(services(), admin_session().sid, admin_session().user, payload)
    except ValidationError as invalid:
        return _page("connect_store.html", values=payload, errors=_errors(invalid), status=400)
    return redirect(url_for("admin.connect_amazon", wizard_id=wizard_id), code=303)


@bp.get("/connect/<wizard_id>/amazon")
def connect_amazon(wizard_id: str):
    wizard = _wizard(wizard_id)
    return _page("connect_amazon.html", wizard, values={}, errors={}, app=spapi_app(),
                 amazon_errors=AMAZON_ERRORS, callback_url=amazon_callback_url(),
                 consent_url=None)


@bp.post("/connect/<wizard_id>/amazon/authorize")
def authorize_amazon(wizard_id: str):
    """A fresh one-time state and the Seller Central link (opened in a window of its own:
    Seller Central cannot be shown inside the Commerce admin)."""
    app = spapi_app()
    wizard = _wizard(wizard_id)
    if app is None:
        abort(404, description="Authorize with Amazon is not set up on this connector: paste "
                               "the credentials of your own SP-API application instead.")
    url = start_authorization(services(), app, admin_session().sid, wizard.id,
                              amazon_callback_url())
    return _page("connect_amazon.html", _wizard(wizard_id), values={}, errors={}, app=app,
                 amazon_errors=AMAZON_ERRORS, callback_url=amazon_callback_url(),
                 consent_url=url)


@bp.post("/connect/<wizard_id>/amazon")
def connect_amazon_pasted(wizard_id: str):
    form = _form()
    try:
        give_amazon_credentials(services(), admin_session().sid, wizard_id, form)
    except WizardNotFound as missing:
        abort(404, description=str(missing))
    except ValidationError as invalid:
        shown = {k: v for k, v in form.items() if k in ("seller_id", "lwa_client_id")}
        return _page("connect_amazon.html", _wizard(wizard_id), values=shown,
                     errors=_errors(invalid), app=spapi_app(), amazon_errors=AMAZON_ERRORS,
                     callback_url=amazon_callback_url(), consent_url=None, status=400)
    return redirect(url_for("admin.connect_commerce", wizard_id=wizard_id), code=303)


def _commerce_page(wizard, values: dict, errors: dict, status: int = 200):
    return _page("connect_commerce.html", wizard, values=values, errors=errors, status=status,
                 callback_url=url_for("integrations.commerce_callback", _external=True),
                 identity_url=url_for("integrations.commerce_identity", _external=True))


@bp.get("/connect/<wizard_id>/commerce")
def connect_commerce(wizard_id: str):
    wizard = _wizard(wizard_id)
    return _commerce_page(wizard, {"commerce_url": wizard.commerce_url or ""}, {})


@bp.post("/connect/<wizard_id>/commerce/activation")
def wait_for_commerce(wizard_id: str):
    """The merchant will click Activate in Commerce: wait for Commerce's post."""
    url = request.form.get("commerce_url", "").strip()
    try:
        wait_for_activation(services(), admin_session().sid, wizard_id, url)
    except WizardNotFound as missing:
        abort(404, description=str(missing))
    except ValidationError as invalid:
        return _commerce_page(_wizard(wizard_id), {"commerce_url": url, "way": "handshake"},
                              _errors(invalid), 400)
    return redirect(url_for("admin.connect_commerce", wizard_id=wizard_id), code=303)


@bp.post("/connect/<wizard_id>/commerce")
def connect_commerce_pasted(wizard_id: str):
    form = _form()
    if form.get("way") == "token":
        form = {k: v for k, v in form.items() if k in ("commerce_url", "commerce_token")}
    else:
        form.pop("commerce_token", None)
    form.pop("way", None)
    payload = {k: v for k, v in form.items() if v}
    payload.setdefault("commerce_url", "")
    try:
        give_commerce_credentials(services(), admin_session().sid, wizard_id, payload)
    except WizardNotFound as missing:
        abort(404, description=str(missing))
    except ValidationError as invalid:
        return _commerce_page(_wizard(wizard_id),
                              {"commerce_url": form.get("commerce_url", ""),
                               "way": request.form.get("way")}, _errors(invalid), 400)
    return redirect(url_for("admin.connect_check", wizard_id=wizard_id), code=303)


@bp.get("/connect/<wizard_id>/check")
def connect_check(wizard_id: str):
    return _page("connect_check.html", _wizard(wizard_id), checks=None, errors={})


@bp.post("/connect/<wizard_id>/check")
def connect_finish(wizard_id: str):
    try:
        finished = finish_wizard(services(), admin_session().sid, wizard_id,
                                 amazon_endpoints=current_app.extensions.get(AMAZON_ENDPOINTS))
    except WizardNotFound as missing:
        abort(404, description=str(missing))
    except ValidationError as invalid:
        return _page("connect_check.html", _wizard(wizard_id), checks=None,
                     errors=_errors(invalid), status=400)
    if not finished.saved:
        return _page("connect_check.html", _wizard(wizard_id), checks=finished.checks,
                     errors={}, status=400)
    admin_session().flash("The store is connected and active. Review its order settings: "
                          "orders are imported from now on.")
    return redirect(url_for("admin.order_settings", store_id=finished.store_id), code=303)


# -- a store's connection ------------------------------------------------------------------

@bp.post("/stores/<int:store_id>/reconnect")
def reconnect(store_id: int):
    """Re-authorize Amazon and give Commerce credentials again: the wizard's steps 2 to 4."""
    try:
        wizard_id = reconnect_wizard(services(), admin_session().sid, admin_session().user,
                                     store_id)
    except LookupError as missing:
        abort(404, description=str(missing))
    return redirect(url_for("admin.connect_amazon", wizard_id=wizard_id), code=303)


@bp.post("/stores/<int:store_id>/disconnect")
def disconnect(store_id: int):
    try:
        done = disconnect_store(services(), store_id)
    except LookupError as missing:
        abort(404, description=str(missing))
    if done:
        admin_session().flash("The store is disconnected: its Amazon and Commerce credentials "
                              "are removed and it no longer syncs. Its orders and history stay; "
                              "Reconnect to sync again.")
    return redirect(url_for("admin.dashboard", store_id=store_id), code=303)


@bp.get("/stores/<int:store_id>/delete")
def delete_confirmation(store_id: int):
    with read() as db:
        store = load_store(db, store_id)
        return render_template("admin/delete_store.html", store=store)


@bp.post("/stores/<int:store_id>/delete")
def delete(store_id: int):
    try:
        name = delete_store(services(), store_id)
    except LookupError as missing:
        abort(404, description=str(missing))
    admin_session().flash(f"{name} is deleted, with its orders and their history here. Nothing "
                          "changed in Amazon or Commerce.")
    return redirect(url_for("admin.stores"), code=303)
