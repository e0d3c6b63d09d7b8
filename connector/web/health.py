"""Liveness and readiness for load balancers and integrators."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from connector.db import get_db

bp = Blueprint("health", __name__, url_prefix="/health")

# Readiness checks: name -> callable returning (ok, detail). Later features add their own.
READY_CHECKS_KEY = "connector_ready_checks"


def _database() -> tuple[bool, dict]:
    try:
        get_db().ping()
    except Exception as exc:  # any driver error means "not ready"
        return False, {"error": type(exc).__name__}
    return True, {}


def add_ready_check(app, name: str, check) -> None:
    app.extensions.setdefault(READY_CHECKS_KEY, {})[name] = check


@bp.get("")
def live():
    return jsonify(status="ok")


@bp.get("/ready")
def ready():
    checks = {"database": _database, **current_app.extensions.get(READY_CHECKS_KEY, {})}
    results, healthy = {}, True
    for name, check in checks.items():
        ok, detail = check()
        results[name] = {"ok": ok, **detail}
        healthy = healthy and ok
    body = {"status": "ready" if healthy else "unavailable", "checks": results}
    return jsonify(body), 200 if healthy else 503
