"""The control API under ``/_sandbox/``: what tests and the demo use to play Amazon's part
(put orders in, move them along, inject faults) and to see what the client did (calls,
shipment confirmations). Errors here are field-level, ``{"errors": {field: [message]}}``."""

from __future__ import annotations

import random

from flask import Blueprint, request

from connector.sandbox.amazon.contract import OrderRefused
from connector.sandbox.amazon.envelope import json_response
from connector.sandbox.amazon.generator import generate_orders
from connector.sandbox.amazon.limits import USAGE_PLANS
from connector.sandbox.amazon.state import FAULT_KEYS, sandbox

control = Blueprint("control", __name__, url_prefix="/_sandbox")


def _refused(field: str, message: str, status: int = 400):
    return json_response({"errors": {field: [message]}}, status)


def _whole(value, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


@control.post("/orders")
def add_orders():
    """A v2026 order to hold, or ``{"generate": n, "seed": s}`` for n generated ones."""
    state = sandbox()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _refused("_body", "a JSON object is required")
    if "generate" in body:
        count = body["generate"]
        if not _whole(count, 1, 100000):
            return _refused("generate", "an integer from 1 to 100000")
        seed = body.get("seed", state.seed + 7919 * (len(state.book) + 1))
        if isinstance(seed, bool) or not isinstance(seed, int):
            return _refused("seed", "an integer")
        ids: list[str] = []
        while len(ids) < count:  # an id may already be held: draw again for those
            ids += state.book.add_many(generate_orders(count - len(ids), seed=seed,
                                                       skus=state.skus, now=state.now()))
            seed += 1
        return json_response({"generated": len(ids), "orderIds": ids}, 201)
    try:
        order_id = state.book.add(body)
    except OrderRefused as exc:
        return _refused(exc.field, exc.message)
    except KeyError:
        return _refused("orderId", "an order with this id exists", 409)
    return json_response({"orderId": order_id}, 201)


def _book():
    """The order book, once every feed whose time has come is processed."""
    state = sandbox()
    state.feeds.process_due()
    return state.book


@control.get("/orders")
def list_orders():
    return json_response({"orders": _book().all()})


@control.get("/orders/<order_id>")
def get_order(order_id: str):
    order = _book().get(order_id)
    if order is None:
        return _refused("orderId", "no such order", 404)
    return json_response(order)


@control.post("/orders/<order_id>/status")
def move_order(order_id: str):
    body = request.get_json(silent=True)
    status = body.get("status") if isinstance(body, dict) else None
    if not isinstance(status, str):
        return _refused("status", "a status such as UNSHIPPED is required")
    try:
        order = sandbox().book.move(order_id, status)
    except KeyError:
        return _refused("orderId", "no such order", 404)
    except ValueError as exc:
        return _refused("status", str(exc))
    return json_response(order)


@control.route("/orders/<order_id>/buyer-cancel-request", methods=["POST", "DELETE"])
def buyer_cancel_request(order_id: str):
    """POST ``{"reason": "..."}``: the buyer asks Amazon to cancel the order. DELETE: the
    request goes away (Amazon no longer reports it)."""
    reason = None
    if request.method == "POST":
        body = request.get_json(silent=True)
        reason = body.get("reason") if isinstance(body, dict) else None
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
            return _refused("reason", "the buyer's reason, 1 to 500 characters")
    try:
        order = sandbox().book.buyer_request(order_id, reason.strip() if reason else None)
    except KeyError:
        return _refused("orderId", "no such order", 404)
    except ValueError as exc:
        return _refused("orderId", str(exc), 409)
    return json_response(order)


@control.get("/feeds")
def received_feeds():
    """Every feed the sandbox received: its document, status, report and results."""
    return json_response({"feeds": sandbox().feeds.received()})


@control.get("/calls")
def calls():
    state = sandbox()
    with state.lock:
        return json_response({"calls": dict(state.calls), "total": sum(state.calls.values()),
                              "throttled": dict(state.throttled),
                              "server_errors": dict(state.server_errors),
                              "malformed": dict(state.malformed),
                              "shipment_confirmations": list(state.confirmations)})


def _fault_problem(key: str, value) -> str | None:
    if key == "operations":
        if not isinstance(value, list) or not all(op in USAGE_PLANS for op in value):
            return "a list of operations, among " + ", ".join(sorted(USAGE_PLANS))
        return None
    if key not in FAULT_KEYS:
        return "unknown fault; expected one of " + ", ".join(FAULT_KEYS)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if key == "latency_ms" and not 0 <= value <= 60000:
        return "must be between 0 and 60000"
    if key != "latency_ms" and not 0 <= value <= 1:
        return "must be a fraction between 0 and 1"
    return None


@control.post("/faults")
def set_faults():
    """Replace the faults: a share of calls throttled, failed, cut short; a latency; and, with
    ``operations``, only those operations hit (otherwise every one). Keys left out are off,
    so ``{}`` clears them all."""
    state = sandbox()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _refused("_body", "a JSON object is required")
    problems = {key: [problem] for key, value in body.items()
                if (problem := _fault_problem(key, value))}
    if problems:
        return json_response({"errors": problems}, 400)
    faults = {key: float(body.get(key, 0.0)) for key in FAULT_KEYS}
    operations = sorted(body.get("operations") or [])
    with state.lock:
        state.faults = faults
        state.fault_operations = frozenset(operations)
        state.fault_rng = random.Random(state.seed)
    return json_response({"faults": faults, "operations": operations})


@control.post("/seller")
def set_seller():
    """``{"marketplaces": [...]}``: the marketplaces the seller sells in (null: every one)."""
    payload = request.get_json(silent=True)
    marketplaces = payload.get("marketplaces") if isinstance(payload, dict) else ""
    if marketplaces is not None and (not isinstance(marketplaces, list) or not all(
            isinstance(m, str) and m for m in marketplaces)):
        return _refused("marketplaces", "a list of marketplace ids, or null")
    state = sandbox()
    with state.lock:
        state.seller_marketplaces = None if marketplaces is None else frozenset(marketplaces)
    return json_response({"marketplaces": marketplaces})


@control.post("/reset")
def reset():
    state = sandbox()
    state.reset()
    return json_response({"orders": len(state.book)})
