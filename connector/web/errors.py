"""JSON errors for API and health paths, so a client never gets an HTML 500 page."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("connector.web")


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/health"))


def _api_errors(app: Flask):
    """The integrator API's own error shape (``connector.web.api``), for ``/api/`` paths."""
    if request.path.startswith("/api/"):
        return app.extensions.get("connector_api_errors")
    return None


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not _wants_json():
            return exc
        api_errors = _api_errors(app)
        if api_errors is not None:
            return api_errors(exc)
        return jsonify(error=exc.name, message=exc.description), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        api_errors = _api_errors(app)
        if api_errors is not None:
            return api_errors(InternalServerError(
                "The service hit an unexpected error; it is logged."))
        if _wants_json():
            return jsonify(error="Internal Server Error",
                           message="The service hit an unexpected error; it is logged."), 500
        return "The service hit an unexpected error; it is logged.", 500
