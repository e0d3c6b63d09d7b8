"""Liveness and readiness for load balancers and integrators."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify

from connector.domain import StoreStatus
from connector.orders import (
    buyer_cancellation_counts,
    errors_by_store,
    last_heartbeat,
    notification_states,
    reading,
    services_for,
    store_sync_rows,
)

bp = Blueprint("health", __name__, url_prefix="/health")

def _database() -> tuple[bool, dict]:
    try:
        services_for(current_app).db.ping()
    except Exception as exc:  # any driver error means "not ready"
        return False, {"error": type(exc).__name__}
    return True, {}


HEARTBEAT_STALE = timedelta(minutes=3)


def _scheduler() -> tuple[bool, dict]:
    """Not ready when the scheduler's last heartbeat is stale (it died). None at all yet is
    fine: on a new deployment the web app may answer before the scheduler first beats."""
    services = services_for(current_app)
    with reading(services) as session:
        last = last_heartbeat(session)
    if last is None:
        return True, {"last_heartbeat": None, "age_seconds": None}
    age = (services.clock() - last).total_seconds()
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
    """Per store: age of the last good sync, orders in Error, orders whose buyer asked to
    cancel, whether Amazon or Commerce failed and when, throttling. Informational: a store's
    trouble (often Amazon's or Commerce's) does not make this process unready; ``overdue``
    and the flags are for monitoring to alert on. No error texts (this page needs no key;
    they are in the API's ``/api/v1/stores``), no credentials, no buyer data."""
    services = services_for(current_app)
    now = services.clock()  # the clock the lifecycle stamps with
    with reading(services) as session:
        errors = errors_by_store(session)
        asked = buyer_cancellation_counts(session)
        notified = notification_states(session, now)
        stores = []
        for row in store_sync_rows(session):
            store, state = row.store, row.state
            limit = max(timedelta(minutes=(row.interval_minutes or 5) * OVERDUE_INTERVALS),
                        OVERDUE_FLOOR)
            success = state.last_success_at if state else None
            since = success or store.created_at
            throttled = state.throttled_at if state else None
            stores.append({
                "id": store.id, "name": store.name, "status": store.status,
                "last_good_sync_at": _iso(success),
                "last_good_sync_age_seconds": _age(success, now),
                "overdue": store.status == StoreStatus.ACTIVE and since is not None
                and now - since > limit,
                "orders_in_error": errors.get(store.id, 0),
                "buyer_cancellation_requests": asked.get(store.id, 0),
                "last_run_failed": bool(state and state.last_error is not None),
                "last_error_at": _iso(state.last_error_at if state else None),
                "last_error_age_seconds": _age(state.last_error_at if state else None, now),
                "amazon_error_seen": bool(state and state.last_amazon_error is not None),
                "commerce_error_seen": bool(state and state.last_commerce_error is not None),
                "throttled_at": _iso(throttled),
                "throttled_recently": throttled is not None
                and now - throttled <= THROTTLE_RECENT,
                "notifications": _notifications(notified.get(store.id), now),
            })
    return True, {"stores": stores}


def _notifications(state, now) -> dict | None:
    """ORDER_CHANGE notifications of a store that has them: the last message's time and lag
    (from Amazon publishing it to its order committed here), and whether polling relaxed."""
    if state is None:
        return None
    return {"last_message_at": _iso(state.last_message_at),
            "last_message_age_seconds": _age(state.last_message_at, now),
            "lag_seconds": None if state.lag_seconds is None else round(state.lag_seconds, 3),
            "messages": state.messages, "flowing": state.healthy,
            "sync_interval_minutes": state.sync_interval_minutes}


def _read_only() -> tuple[bool, dict]:
    return True, {"enabled": current_app.extensions["connector_settings"].read_only}


@bp.get("")
def live():
    return jsonify(status="ok")


@bp.get("/ready")
def ready():
    checks = {"database": _database, "scheduler": _scheduler, "stores": _stores,
              "read_only": _read_only}
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
