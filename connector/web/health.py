"""Liveness and readiness for load balancers and integrators."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select

from connector.db import get_db
from connector.models import SchedulerHeartbeat, utcnow

bp = Blueprint("health", __name__, url_prefix="/health")

# Readiness checks: name -> callable returning (ok, detail). Later features add their own.
READY_CHECKS_KEY = "connector_ready_checks"


def _database() -> tuple[bool, dict]:
    try:
        get_db().ping()
    except Exception as exc:  # any driver error means "not ready"
        return False, {"error": type(exc).__name__}
    return True, {}


HEARTBEAT_STALE = timedelta(minutes=3)


def _scheduler() -> tuple[bool, dict]:
    """Not ready when the scheduler's last heartbeat is stale (it died). None at all yet is
    fine: on a new deployment the web app may answer before the scheduler first beats."""
    with get_db().session() as session:
        last = session.scalar(select(func.max(SchedulerHeartbeat.beat_at)))
    if last is None:
        return True, {"last_heartbeat": None, "age_seconds": None}
    age = (utcnow() - last).total_seconds()
    return age <= HEARTBEAT_STALE.total_seconds(), {
        "last_heartbeat": last.isoformat().replace("+00:00", "Z"), "age_seconds": round(age)}


def _read_only() -> tuple[bool, dict]:
    return True, {"enabled": current_app.extensions["connector_settings"].read_only}


def add_ready_check(app, name: str, check) -> None:
    app.extensions.setdefault(READY_CHECKS_KEY, {})[name] = check


@bp.get("")
def live():
    return jsonify(status="ok")


@bp.get("/ready")
def ready():
    checks = {"database": _database, "scheduler": _scheduler, "read_only": _read_only,
              **current_app.extensions.get(READY_CHECKS_KEY, {})}
    results, healthy = {}, True
    for name, check in checks.items():
        try:
            ok, detail = check()
        except Exception as exc:  # a failing check reports itself; it never breaks the page
            ok, detail = False, {"error": type(exc).__name__}
        results[name] = {"ok": ok, **detail}
        healthy = healthy and ok
    body = {"status": "ready" if healthy else "unavailable", "checks": results}
    return jsonify(body), 200 if healthy else 503
