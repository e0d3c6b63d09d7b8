"""Liveness and readiness for load balancers and integrators."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select

from connector.db import get_db
from connector.models import (
    AmazonOrder,
    OrderSettings,
    SchedulerHeartbeat,
    Store,
    SyncState,
    utcnow,
)

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


#: A store's sync is overdue when its last good sync is older than this many of its intervals
#: (and at least ``OVERDUE_FLOOR``).
OVERDUE_INTERVALS = 3
OVERDUE_FLOOR = timedelta(minutes=15)
THROTTLE_RECENT = timedelta(hours=1)


def _iso(moment) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def _age(moment, now) -> int | None:
    return None if moment is None else round((now - moment).total_seconds())


def _stores() -> tuple[bool, dict]:
    """Per store: age of the last good sync, orders in Error, whether Amazon or Commerce
    failed and when, throttling. Informational: a store's trouble (often Amazon's or
    Commerce's) does not make this process unready; ``overdue`` and the flags are for
    monitoring to alert on. No error texts (this page needs no key; they are in the API's
    ``/api/v1/stores``), no credentials, no buyer data."""
    from connector.orders import lifecycle_for

    now = lifecycle_for(current_app).clock()  # the clock the lifecycle stamps with
    with get_db().session() as session:
        errors = dict(session.execute(
            select(AmazonOrder.store_id, func.count()).where(AmazonOrder.status == "Error")
            .group_by(AmazonOrder.store_id)).all())
        rows = session.execute(
            select(Store, SyncState, OrderSettings.sync_interval_minutes)
            .join(SyncState, SyncState.store_id == Store.id, isouter=True)
            .join(OrderSettings, OrderSettings.store_id == Store.id, isouter=True)
            .order_by(Store.id)).all()
        stores = []
        for store, state, interval in rows:
            state = state or SyncState(store_id=store.id)
            limit = max(timedelta(minutes=(interval or 5) * OVERDUE_INTERVALS), OVERDUE_FLOOR)
            since = state.last_success_at or store.created_at
            stores.append({
                "id": store.id, "name": store.name, "status": store.status,
                "last_good_sync_at": _iso(state.last_success_at),
                "last_good_sync_age_seconds": _age(state.last_success_at, now),
                "overdue": store.status == "Active" and since is not None
                and now - since > limit,
                "orders_in_error": errors.get(store.id, 0),
                "last_run_failed": state.last_error is not None,
                "last_error_at": _iso(state.last_error_at),
                "last_error_age_seconds": _age(state.last_error_at, now),
                "amazon_error_seen": state.last_amazon_error is not None,
                "commerce_error_seen": state.last_commerce_error is not None,
                "throttled_at": _iso(state.throttled_at),
                "throttled_recently": state.throttled_at is not None
                and now - state.throttled_at <= THROTTLE_RECENT,
            })
    return True, {"stores": stores}


def _read_only() -> tuple[bool, dict]:
    return True, {"enabled": current_app.extensions["connector_settings"].read_only}


def add_ready_check(app, name: str, check) -> None:
    app.extensions.setdefault(READY_CHECKS_KEY, {})[name] = check


@bp.get("")
def live():
    return jsonify(status="ok")


@bp.get("/ready")
def ready():
    checks = {"database": _database, "scheduler": _scheduler, "stores": _stores,
              "read_only": _read_only,
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
