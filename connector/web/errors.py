"""JSON errors for API and health paths, so a client never gets an HTML 500 page."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("connector.web")


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/health"))


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not _wants_json():
            return exc
        return jsonify(error=exc.name, message=exc.description), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        if _wants_json():
            return jsonify(error="Internal Server Error",
                           message="The service hit an unexpected error; it is logged."), 500
        return "The service hit an unexpected error; it is logged.", 500
