"""The API's store changes: add a store with pasted credentials, change it, disconnect it,
delete it. The same rules and connection check as Add store in the admin pages. Secrets are
write-only: no answer ever carries one."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_smorest import abort
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from connector.orders import (
    ConnectionFailed,
    create_store,
    delete_store,
    disconnect_store,
    errors_by_store,
    services_for,
    update_store,
)
from connector.stores import NewStoreSchema
from connector.web.api import present
from connector.web.api.schemas import StoreSchema
from connector.web.api.views import _errors, _session, _store_or_404, blp

AMAZON_ENDPOINTS = "connector_amazon_endpoints"  # the demo's Amazon stand-in, if any


class StoreChangeSchema(Schema):
    """The fields a store's owner may change; the region cannot (add a store instead).
    Commerce credentials given replace the stored ones whole."""

    name = fields.String(validate=validate.Length(1, 120))
    marketplace_ids = fields.List(fields.String(), validate=validate.Length(min=1, max=50))
    seller_id = fields.String(validate=validate.Length(1, 64))
    lwa_client_id = fields.String(validate=validate.Length(1, 255))
    lwa_client_secret = fields.String(load_only=True, validate=validate.Length(1, 1000))
    refresh_token = fields.String(load_only=True, validate=validate.Length(1, 2000))
    commerce_url = fields.String()
    commerce_store_code = fields.String()
    commerce_website = fields.String(allow_none=True)
    commerce_token = fields.String(load_only=True)
    commerce_consumer_key = fields.String(load_only=True)
    commerce_consumer_secret = fields.String(load_only=True)
    commerce_access_token = fields.String(load_only=True)
    commerce_access_token_secret = fields.String(load_only=True)
    status = fields.String(validate=validate.OneOf(["Active", "Inactive", "Disconnected"]),
                           metadata={"description": (
                               "`Disconnected` (alone in the call): the store stops syncing "
                               "and its Amazon and Commerce credentials are removed; its "
                               "orders and their history stay. A disconnected store becomes "
                               "Active or Inactive again only with its Amazon and Commerce "
                               "credentials given in the same call.")})


def _refused(invalid: ValidationError):
    abort(422, message="Some input is not valid; see errors.",
          errors={"json": invalid.messages})


def _failed(failed: ConnectionFailed):
    abort(422, message=f"The connection check failed, nothing was saved: {failed}",
          errors={"json": {"connection": [f"{c.name}: {c.message}" for c in failed.checks
                                          if not c.ok]}})


def _shown(store_id: int) -> dict:
    with _session() as session:
        return present.store(session, _store_or_404(session, store_id), errors_by_store(session))


@blp.post("/stores")
@blp.arguments(NewStoreSchema, example={
    "name": "US store", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
    "seller_id": "A1SELLER", "lwa_client_id": "amzn1.application-oa2-client.example",
    "lwa_client_secret": "...", "refresh_token": "Atzr|...",
    "commerce_url": "https://shop.example.com", "commerce_token": "..."})
@blp.response(201, StoreSchema, headers={"Location": {
    "description": "The store's URL", "schema": {"type": "string"}}})
@_errors()
def add_store(_body: dict):
    """Connect a store with pasted credentials (an LWA refresh token of a self-authorized
    app, a Commerce bearer token or the four OAuth 1.0a values).

    The connector checks the connection with Amazon and Commerce first, as Add store does in
    the admin pages: the store is saved only when every check passes (422 otherwise, with
    each failed check under `errors.json.connection`). Secrets are never answered."""
    try:
        store_id = create_store(services_for(current_app), request.get_json(),
                                amazon_endpoints=current_app.extensions.get(AMAZON_ENDPOINTS))
    except ValidationError as invalid:
        _refused(invalid)
    except ConnectionFailed as failed:
        _failed(failed)
    url = url_for("integrator.show_store", store_id=store_id)
    return _shown(store_id), 201, {"Location": url}


@blp.patch("/stores/<int:store_id>")
@blp.arguments(StoreChangeSchema, unknown=RAISE, example={"refresh_token": "Atzr|..."})
@blp.response(200, StoreSchema)
@_errors(404)
def change_store(_body: dict, store_id: int):
    """Change a store: rename it, re-authorize Amazon (a new refresh token: Amazon asks for
    it every year), replace the Commerce credentials, Activate or Deactivate. New credentials
    are checked with Amazon and Commerce before they are saved. `{"status": "Disconnected"}`
    disconnects it."""
    body = request.get_json()
    try:
        if body.get("status") == "Disconnected":
            if len(body) > 1:
                raise ValidationError({"status": ["Disconnect alone: send only "
                                                  "{\"status\": \"Disconnected\"}."]})
            disconnect_store(services_for(current_app), store_id)
        else:
            update_store(services_for(current_app), store_id, body)
    except LookupError as missing:
        abort(404, message=str(missing))
    except ValidationError as invalid:
        _refused(invalid)
    except ConnectionFailed as failed:
        _failed(failed)
    return _shown(store_id)


@blp.delete("/stores/<int:store_id>")
@blp.response(204)
@_errors(404)
def remove_store(store_id: int):
    """Delete the store with its orders, their notes and history, its SKU matches and
    settings, here only: nothing changes in Amazon or Commerce (Commerce orders stay)."""
    try:
        delete_store(services_for(current_app), store_id)
    except LookupError as missing:
        abort(404, message=str(missing))
    return ""
