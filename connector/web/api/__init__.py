"""Integrator API under ``/api/v1``; its OpenAPI 3 document at ``/api/openapi.json``.

Every endpoint needs an API key (``Authorization: Bearer <key>``, keys from
``CONNECTOR_API_KEYS``). Errors are JSON of one shape (``ErrorSchema``) for every status,
including routing errors under ``/api/`` that never reach a view.
"""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from connector.web.api.auth import set_keys
from connector.web.api.schemas import ErrorSchema

API_ERRORS = "connector_api_errors"
TITLE = "Amazon Orders for Adobe Commerce: integrator API"
FIELD_ERRORS = {400: "The request could not be read; see errors.",
                422: "Some input is not valid; see errors."}


class IntegratorApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # Not app-wide: ``connector.web.errors`` shapes errors for every path and hands the
        # ``/api/`` ones to ``error_response``, so the admin pages keep their HTML errors.
        self._app.extensions[API_ERRORS] = self.error_response

    def error_response(self, error: HTTPException):
        payload, code, headers = self.handle_http_exception(error)
        if "message" not in payload:
            payload["message"] = (FIELD_ERRORS.get(code) if "errors" in payload else None) \
                or error.description or error.name
        response = jsonify(payload)
        response.status_code = code
        response.headers.update(headers or {})
        return response


def _document(api: IntegratorApi, app) -> None:
    spec = api.spec
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    spec.components.security_scheme("ApiKey", {
        "type": "http", "scheme": "bearer",
        "description": "One of the keys in CONNECTOR_API_KEYS."})
    spec.components.response("ApiKeyRequired", {
        "description": "No API key, or not a valid one.",
        "headers": {"WWW-Authenticate": {"description": "Bearer challenge",
                                         "schema": {"type": "string"}}},
        "content": {"application/json": {"schema": ErrorSchema}}})
    ready = {"type": "object", "required": ["status", "checks"], "properties": {
        "status": {"type": "string", "enum": ["ready", "unavailable"]},
        "checks": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}},
            "additionalProperties": True}}}}
    spec.path(rule=rules["health.live"], operations={"get": {
        "summary": "Liveness", "tags": ["health"], "security": [],
        "responses": {"200": {"description": "The process answers.", "content": {
            "application/json": {"schema": {"type": "object", "required": ["status"],
                                            "properties": {"status": {"type": "string",
                                                                      "enum": ["ok"]}}}}}}}}})
    spec.path(rule=rules["health.ready"], operations={"get": {
        "summary": "Readiness: database, scheduler heartbeat, each store's sync, read-only "
                   "mode", "tags": ["health"], "security": [],
        "responses": {
            "200": {"description": "Ready.", "content": {"application/json": {"schema": ready}}},
            "503": {"description": "A check failed.", "content": {
                "application/json": {"schema": ready}}}}}})
    spec.tag({"name": "health", "description": "For load balancers and monitoring; no key."})


def init_app(app) -> None:
    """Register the integrator API on ``app``."""
    from connector.web.api import matching, store_changes  # noqa: F401  (routes join ``blp``)
    from connector.web.api.views import blp
    from connector.web.ids import IdConverter, id_schema

    app.config.setdefault("API_TITLE", TITLE)
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {"security": [{"ApiKey": []}], "info": {
        "description": "Stores, orders, cancellations, SKU matches, system messages and resyncs "
                       "of the Amazon Orders connector. Money is a decimal string; times are "
                       "ISO-8601 UTC."}})
    set_keys(app, app.extensions["connector_settings"].api_keys)
    api = IntegratorApi(app)
    api.register_converter(IdConverter, id_schema)
    _document(api, app)
    api.register_blueprint(blp)
